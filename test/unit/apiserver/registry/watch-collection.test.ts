import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStore } from '../../../../src/storage/memory/memory-store.js';
import { WatchCache } from '../../../../src/storage/watch-cache.js';
import { watchCollection } from '../../../../src/apiserver/registry/list-watch.js';
import { encodeObject } from '../../../../src/apiserver/registry/object-codec.js';
import { eventDefinition } from '../../../../src/apiserver/registry/event/definition.js';
import { parseFieldSelector, parseLabelSelector } from '../../../../src/apiserver/registry/selectors.js';

const prefix = '/registry/core/events/default/';
const name = (p: string, i: number): string => `${p}-${String(i).padStart(4, '0')}`;
const event = (n: string, team: string) => encodeObject({ metadata: { name: n, namespace: 'default', labels: { team } }, reason: 'R', message: 'm' });

async function watchWhileWriting(labelSelector: string | null): Promise<string[]> {
  // History of 5 writes: a revision is out of the store's reach as soon as a few writes follow it.
  const store = new MemoryStore({ maxHistory: 5 });
  for (let i = 0; i < 1200; i++) await store.create(prefix + name('e', i), event(name('e', i), i % 2 ? 'odd' : 'even'));
  const cache = await WatchCache.start(store, prefix, { bookmarkIntervalMs: 0 });
  const ac = new AbortController();
  const seen: string[] = [];
  const opts = { labelSelector: parseLabelSelector(labelSelector), fieldSelector: parseFieldSelector(null, eventDefinition.selectableFieldNames), allowBookmarks: false };
  const expected = labelSelector ? 605 : 1210;
  try {
    for await (const ev of watchCollection({ store, cache }, eventDefinition, prefix, opts, ac.signal)) {
      seen.push(`${ev.type} ${ev.object.metadata.name}`);
      // One at a time, each applied by the cache before the next: only the listing can fall behind.
      if (seen.length === 1) {
        for (let i = 0; i < 10; i++) await cache.waitForRevision(await store.create(prefix + name('n', i), event(name('n', i), i % 2 ? 'odd' : 'even')));
      }
      if (seen.length === expected) break;
    }
  } finally {
    ac.abort();
    await cache.stop();
    await store.close();
  }
  return seen;
}

test('a watch from no resourceVersion lists every object of one snapshot, then the writes made while it listed', async () => {
  const seen = await watchWhileWriting(null);
  assert.deepEqual(seen.slice(0, 1200), Array.from({ length: 1200 }, (_, i) => `ADDED ${name('e', i)}`));
  assert.deepEqual(seen.slice(1200), Array.from({ length: 10 }, (_, i) => `ADDED ${name('n', i)}`));
});

test('with a selector, the snapshot and the writes after it are filtered alike', async () => {
  const seen = await watchWhileWriting('team=odd');
  assert.deepEqual(seen.slice(0, 600), Array.from({ length: 600 }, (_, i) => `ADDED ${name('e', 2 * i + 1)}`));
  assert.deepEqual(seen.slice(600), Array.from({ length: 5 }, (_, i) => `ADDED ${name('n', 2 * i + 1)}`));
});
