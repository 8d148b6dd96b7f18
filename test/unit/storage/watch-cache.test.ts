// The watch cache over the SQLite store: state and recent events in memory, fallbacks to the store, relists.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../../src/storage/sqlite/sqlite-store.js';
import { WatchCache } from '../../../src/storage/watch-cache.js';
import { MemoryStore } from '../../../src/storage/memory/memory-store.js';
import { CompactedError, TooLargeResourceVersionError, eventRevision, type Store, type WatchEvent } from '../../../src/storage/store.js';
import { WatchReader } from '../../conformance/store.suite.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

/** Counts the reads that reach the store, and can fail the first watch as if the store had compacted. */
function counting(store: Store, failFirstWatch = false): Store & { reads: number } {
  let failed = !failFirstWatch;
  const wrapper = Object.create(store) as Store & { reads: number };
  wrapper.reads = 0;
  wrapper.get = (key) => (wrapper.reads++, store.get(key));
  wrapper.list = (prefix, o) => (wrapper.reads++, store.list(prefix, o));
  wrapper.watch = (prefix, after, signal) => {
    if (!failed) {
      failed = true;
      return (async function* () {
        throw new CompactedError(after, after + 1, after + 1);
      })();
    }
    return store.watch(prefix, after, signal);
  };
  return wrapper;
}

async function withCache(
  fn: (store: SqliteStore, cache: WatchCache, counted: Store & { reads: number }) => Promise<void>,
  opts: { eventRing?: number; failFirstWatch?: boolean; seed?: number } = {},
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'signet-cache-'));
  const store = SqliteStore.open({ path: join(dir, 'state.db'), retention: { minRevisions: 0, minAgeMs: 0 }, bookmarkIntervalMs: 50 });
  try {
    for (let i = 0; i < (opts.seed ?? 0); i++) await store.create(`/c/${String(i).padStart(3, '0')}`, enc(`v${i}`));
    const counted = counting(store, opts.failFirstWatch);
    const cache = await WatchCache.start(counted, '/c/', { eventRing: opts.eventRing ?? 1000, listPageSize: 7, bookmarkIntervalMs: 50 });
    try {
      await fn(store, cache, counted);
    } finally {
      await cache.stop();
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function settled(cache: WatchCache, store: Store): Promise<void> {
  await cache.waitForRevision(await store.currentRevision());
}

describe('WatchCache', () => {
  test('loads the prefix and serves get and list from memory', () => withCache(async (store, cache, counted) => {
    await store.create('/other', enc('x'));
    const reads = counted.reads;
    assert.equal(cache.size, 20);
    assert.equal(dec(cache.get('/c/005')!.value), 'v5');
    const all = cache.list('/c/');
    assert.deepEqual(all.kvs.map((kv) => kv.key), (await store.list('/c/')).kvs.map((kv) => kv.key));
    assert.equal(counted.reads, reads, 'no store reads');
  }, { seed: 20 }));

  test('pages a resourceVersion=0 list with more, count and remaining', () => withCache(async (_store, cache) => {
    const first = cache.list('/c/', { limit: 8 });
    assert.deepEqual([first.kvs.length, first.more, first.count, first.remaining], [8, true, 20, 12]);
    const next = cache.list('/c/', { limit: 8, startKey: first.kvs[7]!.key + '\u0000' });
    assert.deepEqual([next.kvs[0]!.key, next.count, next.remaining], ['/c/008', 12, 4]);
    const last = cache.list('/c/', { limit: 8, startKey: '/c/016' });
    assert.deepEqual([last.kvs.length, last.more, last.count, last.remaining], [4, false, 4, 0]);
  }, { seed: 20 }));

  test('applies later writes and deletes in order', () => withCache(async (store, cache) => {
    const a = (await store.get('/c/000'))!.modRevision;
    await store.update('/c/000', enc('changed'), a);
    await store.delete('/c/001');
    await store.create('/c/new', enc('n'));
    await settled(cache, store);
    assert.deepEqual(cache.list('/c/').kvs.map((kv) => `${kv.key}=${dec(kv.value)}`), ['/c/000=changed', '/c/002=v2', '/c/new=n']);
    assert.equal(cache.revision, await store.currentRevision());
  }, { seed: 3 }));

  test('a cache watch yields the events after its revision with prevKv, like the store', () => withCache(async (store, cache) => {
    const from = cache.revision;
    const u = await store.update('/c/000', enc('u'), (await store.get('/c/000'))!.modRevision);
    const d = await store.delete('/c/001');
    const fromCache = new WatchReader(cache, '/c/', from);
    const fromStore = new WatchReader(store, '/c/', from);
    const [ce, se] = [await fromCache.take(2), await fromStore.take(2)];
    await fromCache.stop();
    await fromStore.stop();
    assert.deepEqual(ce, se);
    assert.deepEqual(ce.map(eventRevision), [u, d.revision]);
  }, { seed: 2 }));

  test('a watch from before the cache started is served by the store', () => withCache(async (store, cache) => {
    const w = new WatchReader(cache, '/c/', 1);
    const events = await w.take(5);
    await w.stop();
    assert.deepEqual(events.map((e) => (e as { kv: { key: string } }).kv.key), ['/c/000', '/c/001', '/c/002', '/c/003', '/c/004']);
    assert.ok(cache.revision >= (await store.currentRevision()) - 0);
  }, { seed: 5 }));

  test('a watcher slower than the ring continues from the store without a gap', () => withCache(async (store, cache) => {
    const from = cache.revision;
    for (let i = 0; i < 40; i++) await store.create(`/c/n${String(i).padStart(2, '0')}`, enc('x'));
    await settled(cache, store);
    const w = new WatchReader(cache, '/c/', from);
    const events = await w.take(40);
    await w.stop();
    assert.deepEqual(events.map((e) => (e as { kv: { key: string } }).kv.key), Array.from({ length: 40 }, (_, i) => `/c/n${String(i).padStart(2, '0')}`));
  }, { eventRing: 8 }));

  test('writes under other prefixes advance the cache through bookmarks, so a consistent list waits for them', () => withCache(async (store, cache) => {
    const rev = await store.create('/elsewhere', enc('x'));
    const page = await cache.listConsistent('/c/');
    assert.ok(page.revision >= rev);
  }, { seed: 1 }));

  test('a revision beyond the store fails with TooLargeResourceVersionError', () => withCache(async (store, cache) => {
    const current = await store.currentRevision();
    await assert.rejects(cache.waitForRevision(current + 100), TooLargeResourceVersionError);
    await assert.rejects(new WatchReader(cache, '/c/', current + 100).next(), TooLargeResourceVersionError);
  }));

  test('relists when the store reports the cache compacted', () => withCache(async (store, cache, counted) => {
    await store.create('/c/late', enc('l'));
    await settled(cache, store);
    assert.ok(cache.list('/c/').kvs.some((kv) => kv.key === '/c/late'));
    assert.ok(counted.reads >= 2, 'listed twice');
    assert.ok(cache.lastError instanceof CompactedError);
  }, { failFirstWatch: true, seed: 3 }));

  test('stopping the cache ends its watches', () => withCache(async (_store, cache) => {
    const w = new WatchReader(cache, '/c/', cache.revision);
    const pending = w.next();
    await cache.stop();
    assert.equal(await pending, undefined);
  }));

  test('events of one write reach 200 cache watchers', () => withCache(async (store, cache) => {
    const readers = Array.from({ length: 200 }, () => new WatchReader(cache, '/c/', cache.revision));
    const rev = await store.create('/c/fan', enc('out'));
    const got: WatchEvent[] = [];
    for (const r of readers) got.push(...(await r.take(1)));
    for (const r of readers) await r.stop();
    assert.ok(got.every((e) => eventRevision(e) === rev));
  }));
});

test('a wait for a revision the cache reaches while the store is asked for its own returns then', { timeout: 10_000 }, async () => {
  const inner = new MemoryStore();
  // The store answers currentRevision a turn later, which gives the cache the time to apply the
  // write in between: a waiter registered after that would never be woken.
  const slow: Store = new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'currentRevision') return async () => { await new Promise((r) => setImmediate(r)); return target.currentRevision(); };
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  const cache = await WatchCache.start(slow, '/w/', { waitForRevisionMs: 60_000 });
  try {
    const rev = (await inner.currentRevision()) + 1;
    const written = inner.create('/w/a', new TextEncoder().encode('a'));
    await cache.waitForRevision(rev);
    assert.equal(await written, rev);
    assert.ok(cache.get('/w/a'));
  } finally {
    await cache.stop();
  }
});
