// Updates read the watch cache optimistically: a value the cache has not caught up with is never
// written over, and a refusal or a no-op found against it is checked again against the store.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStore } from '../../../../src/storage/memory/memory-store.js';
import { WatchCache } from '../../../../src/storage/watch-cache.js';
import { GenericStore } from '../../../../src/apiserver/registry/generic-store.js';
import { configMapDefinition } from '../../../../src/apiserver/registry/core/definitions.js';
import { encodeObject, decodeObject } from '../../../../src/apiserver/registry/object-codec.js';
import { StatusError } from '../../../../src/api/errors.js';
import type { ApiObject, StrategyContext } from '../../../../src/apiserver/registry/resource.js';

const ctx: StrategyContext = { user: { username: 'admin', groups: ['system:masters'] }, now: new Date('2026-01-01T00:00:00Z'), namespace: 'default', version: 'v1' };
const opts = { dryRun: false, manager: 'test', apiVersion: 'v1' };
const configMap = (data: Record<string, string>, resourceVersion?: string): ApiObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'default', ...(resourceVersion ? { resourceVersion } : {}) }, data });

/** A registry store whose watch cache stopped after `cm` was created: every later write leaves it behind. */
async function staleCache(): Promise<{ registry: GenericStore; store: MemoryStore; key: string }> {
  const store = new MemoryStore();
  const cache = await WatchCache.start(store, '/registry/');
  const registry = new GenericStore(configMapDefinition, store, cache);
  const created = await registry.create(ctx, configMap({ v: '1' }), opts);
  await cache.waitForRevision(Number(created.metadata.resourceVersion));
  await cache.stop();
  const key = registry.key('default', 'cm');
  // A write the cache never sees.
  const kv = (await store.get(key))!;
  const newer = decodeObject(kv);
  newer['data'] = { v: '2' };
  await store.update(key, encodeObject(newer), kv.modRevision);
  return { registry, store, key };
}

test('an unconditional update over a stale cached value is applied to the store\'s value', async () => {
  const { registry, store, key } = await staleCache();
  const updated = await registry.update(ctx, 'cm', '', (cur) => ({ ...cur, data: { ...(cur['data'] as object), w: 'x' } }), opts);
  assert.deepEqual(updated['data'], { v: '2', w: 'x' }, 'merged into the store\'s value, not the stale one');
  assert.deepEqual(decodeObject((await store.get(key))!)['data'], { v: '2', w: 'x' });
});

test('a resourceVersion the stale cache has not seen is checked against the store, not refused', async () => {
  const { registry, store, key } = await staleCache();
  const rv = String((await store.get(key))!.modRevision);
  const updated = await registry.update(ctx, 'cm', '', () => configMap({ v: '3' }, rv), opts);
  assert.deepEqual(updated['data'], { v: '3' });
});

test('a stale resourceVersion is still a conflict', async () => {
  const { registry } = await staleCache();
  await assert.rejects(registry.update(ctx, 'cm', '', () => configMap({ v: '3' }, '2'), opts), (err: unknown) => err instanceof StatusError && err.status.code === 409);
});

test('an update equal to the stale cached value is a write against the store, not a no-op', async () => {
  const { registry, store, key } = await staleCache();
  const updated = await registry.update(ctx, 'cm', '', (cur) => ({ ...cur, data: { v: '1' } }), opts);
  assert.deepEqual(updated['data'], { v: '1' });
  assert.deepEqual(decodeObject((await store.get(key))!)['data'], { v: '1' }, 'the store went back to v=1');
});
