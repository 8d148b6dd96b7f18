import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { MemoryStore } from '../../../../src/storage/memory/memory-store.js';
import { isStale, TransformingStore } from '../../../../src/storage/encryption/transforming-store.js';
import { ConflictError } from '../../../../src/storage/store.js';
import type { Provider } from '../../../../src/storage/encryption/providers.js';

const secrets = '/registry/core/secrets/';
const enc = (s: string) => Buffer.from(s);
const text = (b: Uint8Array) => Buffer.from(b).toString();

test('values under a sealed prefix are sealed in the backend and plain to every reader; others pass through', async () => {
  const inner = new MemoryStore({ bookmarkIntervalMs: 0 });
  const store = new TransformingStore(inner, [{ prefix: secrets, providers: [{ kind: 'aesgcm', keys: [{ name: 'k', secret: randomBytes(32) }] }] }]);
  const ac = new AbortController();
  const events = store.watch('/registry/', 1, ac.signal)[Symbol.asyncIterator]();
  const rev = await store.create(`${secrets}ns/a`, enc('v1'));
  await store.create('/registry/core/configmaps/ns/b', enc('plain'));
  assert.match(text((await inner.get(`${secrets}ns/a`))!.value), /^k8s:enc:aesgcm:v1:k:/);
  assert.equal(text((await inner.get('/registry/core/configmaps/ns/b'))!.value), 'plain');
  assert.equal(text((await store.get(`${secrets}ns/a`))!.value), 'v1');
  assert.deepEqual((await store.list(secrets)).kvs.map((kv) => text(kv.value)), ['v1']);
  await store.update(`${secrets}ns/a`, enc('v2'), rev);
  const seen: string[] = [];
  for (let i = 0; i < 3; i++) {
    const e = (await events.next()).value;
    seen.push(e.type === 'PUT' ? `${text(e.kv.value)}${e.prevKv ? ` after ${text(e.prevKv.value)}` : ''}` : e.type);
  }
  assert.deepEqual(seen, ['v1', 'plain', 'v2 after v1']);
  await assert.rejects(store.update(`${secrets}ns/a`, enc('v3'), rev), (e: unknown) => e instanceof ConflictError && text(e.current.value) === 'v2');
  assert.equal(text((await store.delete(`${secrets}ns/a`)).prevKv.value), 'v2');
  ac.abort();
  await store.close();
});

test('a value opened with a key that no longer seals is stale until written again', async () => {
  const inner = new MemoryStore({ bookmarkIntervalMs: 0 });
  const old: Provider = { kind: 'aescbc', keys: [{ name: 'old', secret: randomBytes(32) }] };
  const now: Provider = { kind: 'secretbox', keys: [{ name: 'now', secret: randomBytes(32) }] };
  const before = new TransformingStore(inner, [{ prefix: secrets, providers: [old] }]);
  const rev = await before.create(`${secrets}ns/a`, enc('v'));
  const after = new TransformingStore(inner, [{ prefix: secrets, providers: [now, old] }]);
  const read = (await after.get(`${secrets}ns/a`))!;
  assert.equal(text(read.value), 'v');
  assert.equal(isStale(read), true);
  await after.update(`${secrets}ns/a`, read.value, rev);
  const again = (await after.get(`${secrets}ns/a`))!;
  assert.equal(isStale(again), false);
  assert.match(text((await inner.get(`${secrets}ns/a`))!.value), /^k8s:enc:secretbox:v1:now:/);
  await after.close();
});
