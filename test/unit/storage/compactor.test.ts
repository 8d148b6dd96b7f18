// The periodic compactor compacts to the revision it saw one interval earlier, never to the newest one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SqliteStore } from '../../../src/storage/sqlite/sqlite-store.js';
import { startCompactor } from '../../../src/storage/compactor.js';

test('compacts to the revision seen one pass earlier and keeps running after errors', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'signet-compactor-'));
  const store = SqliteStore.open({ path: join(dir, 'state.db'), retention: { minRevisions: 0, minAgeMs: 0 } });
  const errors: unknown[] = [];
  const compactor = startCompactor(store, { intervalMs: 10, onError: (e) => errors.push(e) });
  try {
    const first = await store.create('/a', new Uint8Array([1]));
    // Bounded wait: a few hundred passes at most.
    for (let i = 0; i < 500 && (await store.compactRevision()) < first; i++) await sleep(10);
    assert.ok((await store.compactRevision()) >= first);
    const latest = await store.create('/b', new Uint8Array([1]));
    assert.ok((await store.compactRevision()) < latest, 'the newest revision is never compacted at once');
    assert.deepEqual(errors, []);
  } finally {
    await compactor.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
