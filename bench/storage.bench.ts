// Storage speed against same-run baselines on raw better-sqlite3 with the same durability pragmas: concurrent
// creates (group commit), a 100,000-key paged list, RSS with a watch cache, and watch fan-out latency.
// Run alone with `node dist/bench/storage.bench.js`.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setMaxListeners } from 'node:events';
import Database from 'better-sqlite3';
import { SqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import { WatchCache } from '../src/storage/watch-cache.js';
import { perSecond } from './measure.js';

/** What the storage benchmark measured. */
export interface StorageBenchResult {
  readonly createsPerSecond: number;
  readonly rawInsertsPerSecondSameBatches: number;
  readonly averageBatch: number;
  readonly list100kMs: number;
  readonly rawList100kMs: number;
  readonly rssMiBWith100kAndCache: number;
  readonly watchLatencyP50Ms: number;
  readonly watchLatencyP99Ms: number;
}

const prefix = '/registry/certificates.k8s.io/certificatesigningrequests/';
const value = new Uint8Array(1500).fill(0x41);
const keyOf = (i: number): string => `${prefix}csr-${String(i).padStart(7, '0')}`;

/** Creates with `inFlight` concurrent callers for about `ms`; returns creates/s and the average batch size. */
async function concurrentCreates(store: SqliteStore, inFlight: number, ms: number): Promise<{ rate: number; batch: number }> {
  const before = store.stats();
  const deadline = performance.now() + ms;
  let n = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (performance.now() < deadline && n < 2_000_000) await store.create(`/bench/c/${n++}`, value);
  }));
  const after = store.stats();
  return { rate: n / ((performance.now() - start) / 1000), batch: (after.writes - before.writes) / (after.commits - before.commits) };
}

/** The baseline: the same pragmas, one INSERT per row, committed in transactions of `batch` rows. */
function rawInserts(path: string, batch: number, ms: number): number {
  const db = new Database(path);
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE kv (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value BLOB NOT NULL); CREATE INDEX kv_name ON kv (name, id)');
  const insert = db.prepare('INSERT INTO kv (name, value) VALUES (?, ?)');
  const bytes = Buffer.from(value);
  const commit = db.transaction((from: number) => {
    for (let i = 0; i < batch; i++) insert.run(`/bench/c/${from + i}`, bytes);
  });
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < ms) {
    commit(n);
    n += batch;
  }
  const rate = n / ((performance.now() - start) / 1000);
  db.close();
  return rate;
}

async function pagedList(store: SqliteStore): Promise<number> {
  const start = performance.now();
  let startKey: string | undefined;
  let revision: number | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await store.list(prefix, { limit: 500, startKey, revision });
    revision = page.revision;
    if (!page.more) break;
    startKey = page.kvs[page.kvs.length - 1]!.key + '\u0000';
  }
  return performance.now() - start;
}

function rawPagedList(path: string, n: number): number {
  const db = new Database(path);
  db.exec('CREATE TABLE kv (name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID');
  const insert = db.prepare('INSERT INTO kv (name, value) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < n; i++) insert.run(keyOf(i), Buffer.from(value));
  })();
  const page = db.prepare('SELECT name, value FROM kv WHERE name > ? ORDER BY name LIMIT 500');
  const start = performance.now();
  let last = prefix;
  for (let pages = 0; pages < 1000; pages++) {
    const rows = page.all(last) as { name: string }[];
    if (rows.length < 500) break;
    last = rows[rows.length - 1]!.name;
  }
  const ms = performance.now() - start;
  db.close();
  return ms;
}

/** 1,000 cache watchers; each of `writes` creates is timed from the call to each watcher's receipt. */
async function watchLatency(store: SqliteStore, cache: WatchCache, watchers: number, writes: number): Promise<number[]> {
  const ac = new AbortController();
  // One signal stands for 1,000 requests' signals here; the server gives each watch its own.
  setMaxListeners(watchers + 10, ac.signal);
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  const readers = Array.from({ length: watchers }, async () => {
    let seen = 0;
    for await (const e of cache.watch('/registry/latency/', cache.revision, ac.signal)) {
      if (e.type !== 'PUT') continue;
      latencies.push(performance.now() - sent.get(e.kv.key)!);
      if (++seen === writes) return;
    }
  });
  for (let i = 0; i < writes; i++) {
    const key = `/registry/latency/${i}`;
    sent.set(key, performance.now());
    await store.create(key, value);
    await new Promise((r) => setTimeout(r, 5));
  }
  await Promise.all(readers);
  ac.abort();
  return latencies.sort((a, b) => a - b);
}

/** Runs the storage benchmark and prints its table. */
export async function runStorageBench(log: (s: string) => void = console.log): Promise<StorageBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'signet-bench-storage-'));
  try {
    const store = SqliteStore.open({ path: join(dir, 'state.db') });
    const creates = await concurrentCreates(store, 64, 2000);
    const raw = rawInserts(join(dir, 'raw.db'), Math.max(1, Math.round(creates.batch)), 2000);
    for (let i = 0; i < 100_000; i += 1000) await Promise.all(Array.from({ length: 1000 }, (_, j) => store.create(keyOf(i + j), value)));
    const listMs = await pagedList(store);
    const rawListMs = rawPagedList(join(dir, 'raw-list.db'), 100_000);
    const cache = await WatchCache.start(store, '/registry/');
    global.gc?.();
    const rss = process.memoryUsage().rss / 2 ** 20;
    const lat = await watchLatency(store, cache, 1000, 100);
    await cache.stop();
    await store.close();
    const result: StorageBenchResult = {
      createsPerSecond: creates.rate, rawInsertsPerSecondSameBatches: raw, averageBatch: creates.batch,
      list100kMs: listMs, rawList100kMs: rawListMs, rssMiBWith100kAndCache: rss,
      watchLatencyP50Ms: lat[Math.floor(lat.length * 0.5)]!, watchLatencyP99Ms: lat[Math.floor(lat.length * 0.99)]!,
    };
    log('\nstorage (SQLite, WAL, synchronous=FULL)');
    log(`  creates, 64 in flight        ${perSecond(result.createsPerSecond)} (avg batch ${result.averageBatch.toFixed(1)}; raw inserts in same batches ${perSecond(raw)}, ratio ${(result.createsPerSecond / raw).toFixed(2)})`);
    log(`  list 100k, pages of 500      ${listMs.toFixed(0)} ms (raw paged SELECT ${rawListMs.toFixed(0)} ms, ratio ${(listMs / rawListMs).toFixed(2)})`);
    log(`  RSS with 100k + watch cache  ${rss.toFixed(0)} MiB`);
    log(`  watch, 1000 watchers         p50 ${result.watchLatencyP50Ms.toFixed(1)} ms, p99 ${result.watchLatencyP99Ms.toFixed(1)} ms (write call to receipt)`);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runStorageBench();
