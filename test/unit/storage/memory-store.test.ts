// The memory store meets the same Store contract as SQLite, case for case (restarts aside).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStore } from '../../../src/storage/memory/memory-store.js';
import { runStoreConformance, WatchReader } from '../../conformance/store.suite.js';

runStoreConformance('memory', async () => {
  const store = new MemoryStore({ maxHistory: 100_000, bookmarkIntervalMs: 50 });
  return {
    store,
    restart: async () => store,
    cleanup: () => store.close(),
  };
}, { durable: false });

describe('memory store bounds', () => {
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

  test('a key expires its time-to-live after its last write, as a delete watchers see', async () => {
    let now = 0;
    const store = new MemoryStore({ ttlMs: 1000, clock: () => now, bookmarkIntervalMs: 0 });
    const from = await store.currentRevision();
    await store.create('/e/a', enc('1'));
    now = 600;
    const b = await store.create('/e/b', enc('1'));
    now = 900;
    await store.update('/e/a', enc('2'), (await store.get('/e/a'))!.modRevision);
    now = 1700;
    store.expire();
    assert.deepEqual((await store.list('/e/')).kvs.map((kv) => kv.key), ['/e/a']);
    const reader = new WatchReader(store, '/e/', from);
    const events = await reader.take(4);
    await reader.stop();
    assert.deepEqual(events.map((e) => e.type === 'BOOKMARK' ? 'BOOKMARK' : `${e.type} ${e.kv.key}`), ['PUT /e/a', 'PUT /e/b', 'PUT /e/a', 'DELETE /e/b']);
    assert.ok(b > from);
    await store.close();
  });

  test('beyond the cap, a create first deletes the least recently written key', async () => {
    const store = new MemoryStore({ maxKeys: 3, bookmarkIntervalMs: 0 });
    for (const k of ['a', 'b', 'c']) await store.create(`/e/${k}`, enc(k));
    await store.update('/e/a', enc('again'), (await store.get('/e/a'))!.modRevision);
    await store.create('/e/d', enc('d'));
    assert.deepEqual((await store.list('/e/')).kvs.map((kv) => kv.key), ['/e/a', '/e/c', '/e/d']);
    await store.close();
  });
});
