// The SQLite backend: the shared Store conformance suite, plus locking, durability under SIGKILL, group commit,
// retention and the pragmas that make commits durable.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { runStoreConformance, type StoreHarness } from '../../conformance/store.suite.js';
import { SqliteStore, type SqliteStoreOptions } from '../../../src/storage/sqlite/sqlite-store.js';
import { openStore } from '../../../src/storage/open.js';
import { StoreError, StoreLockedError } from '../../../src/storage/store.js';

const here = dirname(fileURLToPath(import.meta.url));
const child = join(here, 'crash-child.js');
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'signet-sqlite-'));
}

/** A store in a fresh temporary directory, compacting exactly as asked and bookmarking every 50 ms. */
async function openHarness(extra: Partial<SqliteStoreOptions> = {}): Promise<StoreHarness & { dir: string; path: string }> {
  const dir = tempDir();
  const path = join(dir, 'state.db');
  const options = { path, retention: { minRevisions: 0, minAgeMs: 0 }, bookmarkIntervalMs: 50, ...extra };
  let store = SqliteStore.open(options);
  return {
    dir,
    path,
    get store() {
      return store;
    },
    async restart() {
      await store.close();
      store = SqliteStore.open(options);
      return store;
    },
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

runStoreConformance('sqlite', () => openHarness());

describe('SqliteStore', () => {
  test('opens in WAL mode with synchronous=FULL, locked to this process', async () => {
    const h = await openHarness();
    try {
      await h.store.create('/a', enc('1'));
      await h.store.close();
      const db = new Database(h.path);
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.pragma('user_version', { simple: true }), 1);
      db.close();
    } finally {
      await h.cleanup();
    }
    const h2 = await openHarness();
    try {
      // The pragmas are per connection; the writer thread's is set by the same `configure` as this one.
      const db = (h2.store as unknown as { db: Database.Database }).db;
      assert.equal(db.pragma('synchronous', { simple: true }), 2, 'FULL');
      const lock = (h2.store as unknown as { lock: Database.Database }).lock;
      assert.equal(lock.pragma('locking_mode', { simple: true }), 'exclusive');
    } finally {
      await h2.cleanup();
    }
  });

  test('a second open of the same database in this process fails with StoreLockedError', async () => {
    const h = await openHarness();
    try {
      assert.throws(() => SqliteStore.open({ path: h.path }), StoreLockedError);
      await h.store.close();
      const again = SqliteStore.open({ path: h.path });
      await again.close();
    } finally {
      await h.cleanup();
    }
  });

  test('another process cannot open a database this one holds, and can after it closes', async () => {
    const h = await openHarness();
    try {
      const run = (): string => spawnSync(process.execPath, [child, 'try-open', h.path], { encoding: 'utf8' }).stdout.trim();
      assert.equal(run(), 'locked');
      await h.store.close();
      assert.equal(run(), 'opened');
    } finally {
      await h.cleanup();
    }
  });

  test('concurrent writes of one turn are committed in one transaction', async () => {
    const h = await openHarness();
    try {
      const store = h.store as SqliteStore;
      const before = store.stats();
      const revs = await Promise.all(Array.from({ length: 200 }, (_, i) => store.create(`/g/${i}`, enc('x'))));
      const after = store.stats();
      assert.equal(after.writes - before.writes, 200);
      assert.equal(after.commits - before.commits, 1);
      assert.equal(new Set(revs).size, 200);
    } finally {
      await h.cleanup();
    }
  });

  test('the writes of a commitAll share one commit, and a refused first write refuses a write expecting it', async () => {
    const h = await openHarness();
    try {
      const store = h.store as SqliteStore;
      const c = await store.create('/a', enc('1'));
      const before = store.stats();
      const revs = await store.commitAll([{ op: 'update', key: '/a', value: enc('2'), expectedModRevision: c }, { op: 'update', key: '/a', value: enc('3'), expectedModRevision: 'previous' }]);
      const after = store.stats();
      assert.deepEqual([after.writes - before.writes, after.commits - before.commits], [2, 1]);
      assert.equal(revs[1], revs[0]! + 1);
      // The write expecting 'previous' is conditional on the one before it, never on what the key holds by then.
      const results = await Promise.allSettled([
        store.commitAll([{ op: 'update', key: '/a', value: enc('stale'), expectedModRevision: c }, { op: 'update', key: '/a', value: enc('after stale'), expectedModRevision: 'previous' }]),
        store.update('/a', enc('4'), revs[1]!),
      ]);
      assert.deepEqual(results.map((r) => r.status), ['rejected', 'fulfilled']);
      assert.equal(new TextDecoder().decode((await store.get('/a'))!.value), '4');
    } finally {
      await h.cleanup();
    }
  });

  test('a refused write in a batch does not affect the others', async () => {
    const h = await openHarness();
    try {
      await h.store.create('/taken', enc('x'));
      const results = await Promise.allSettled([h.store.create('/a', enc('1')), h.store.create('/taken', enc('2')), h.store.create('/b', enc('3'))]);
      assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
      assert.deepEqual((await h.store.list('/')).kvs.map((kv) => kv.key), ['/a', '/b', '/taken']);
    } finally {
      await h.cleanup();
    }
  });

  test('a write SQLite itself refuses fails alone, not the writes batched with it', async () => {
    const h = await openHarness();
    try {
      const bad = h.store.create(Symbol('not a key') as unknown as string, enc('x'));
      const results = await Promise.allSettled([h.store.create('/a', enc('1')), bad, h.store.create('/b', enc('2'))]);
      assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
      assert.deepEqual((await h.store.list('/')).kvs.map((kv) => kv.key), ['/a', '/b']);
      assert.ok((results[2] as PromiseFulfilledResult<number>).value > (results[0] as PromiseFulfilledResult<number>).value);
    } finally {
      await h.cleanup();
    }
  });

  test('default retention keeps the last 1000 revisions and 10 minutes of history', async () => {
    let now = 1_000_000;
    const h = await openHarness({ retention: undefined, now: () => now });
    try {
      const start = await h.store.currentRevision();
      let rev = start;
      for (let i = 0; i < 30; i++) {
        await Promise.all(Array.from({ length: 200 }, (_, j) => h.store.create(`/r/${i}/${j}`, enc('x'))));
        now += 60_000;
        rev = await h.store.currentRevision();
      }
      // 30 batches one minute apart; 10 minutes ago the 21st batch had just been written.
      const compacted = await h.store.compact(rev);
      assert.equal(compacted, start + 21 * 200, 'the age rule limits');
      assert.equal((await h.store.list('/r/', { revision: compacted })).kvs.length, 21 * 200);
      now += 3_600_000;
      assert.equal(await h.store.compact(rev), rev - 1000, 'with old enough history only the revision rule limits');
    } finally {
      await h.cleanup();
    }
  });

  test('a watcher that fell out of the event ring catches up from the log', async () => {
    const h = await openHarness({ eventRing: 16 });
    try {
      const from = await h.store.currentRevision();
      for (let i = 0; i < 100; i++) await h.store.create(`/ring/${String(i).padStart(3, '0')}`, enc('x'));
      const ac = new AbortController();
      const keys: string[] = [];
      for await (const e of h.store.watch('/ring/', from, ac.signal)) {
        if (e.type === 'PUT') keys.push(e.kv.key);
        if (keys.length === 100) break;
      }
      assert.deepEqual(keys, Array.from({ length: 100 }, (_, i) => `/ring/${String(i).padStart(3, '0')}`));
    } finally {
      await h.cleanup();
    }
  });

  test('openStore opens sqlite and says etcd is not implemented yet', async () => {
    const dir = tempDir();
    try {
      const store = await openStore({ kind: 'sqlite', path: join(dir, 'x.db') });
      assert.ok(store instanceof SqliteStore);
      await store.close();
      await assert.rejects(openStore({ kind: 'etcd', endpoints: ['http://127.0.0.1:2379'] }), (e) => e instanceof StoreError && /not implemented yet/.test(e.message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('every create acknowledged before a SIGKILL is there after restart, and revisions keep growing', async () => {
    const dir = tempDir();
    const path = join(dir, 'state.db');
    try {
      const acked = await burstUntilKilled(path, 400);
      assert.ok(acked.size >= 400, `acknowledged ${acked.size}`);
      const store = SqliteStore.open({ path });
      try {
        const maxAcked = Math.max(...acked.values());
        const kvs = (await store.list('/burst/')).kvs;
        const stored = new Map(kvs.map((kv) => [kv.key, kv.modRevision]));
        for (const [key, rev] of acked) assert.equal(stored.get(key), rev, `${key} acknowledged at ${rev}`);
        assert.ok((await store.currentRevision()) >= maxAcked);
        assert.ok((await store.create('/after', enc('x'))) > maxAcked);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Runs the burst child, kills it with SIGKILL by pid after `atLeast` acknowledgements, returns key → revision. */
function burstUntilKilled(path: string, atLeast: number): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, 'burst', path], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acked = new Map<string, number>();
    let killed = false;
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const [word, key, rev] = line.split(' ');
      if (word !== 'ack') return;
      acked.set(key!, Number(rev));
      if (!killed && acked.size >= atLeast) {
        killed = true;
        process.kill(proc.pid!, 'SIGKILL');
      }
    });
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child ended with code ${code}, signal ${signal}`));
      else resolve(acked);
    });
  });
}
