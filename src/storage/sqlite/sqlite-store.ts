// The SQLite Store: writes group-committed on a writer thread, pinned reads on the caller's thread, in-process watch
// fan-out, compaction.

import Database from 'better-sqlite3';
import { EventHub, type CatchUpBatch } from '../event-hub.js';
import {
  CompactedError, GroupAbortedError, StoreClosedError, TooLargeResourceVersionError, eventRevision, prefixEnd,
  type DeleteResult, type Fence, type GroupWrite, type KeyValue, type ListOptions, type ListResult, type Store, type WatchEvent,
} from '../store.js';
import { afterAllKeys, Queries, toKv, type RangeParams } from './queries.js';
import { configure, lockStore, migrate } from './schema.js';
import { refusalError, unpackKv, type WriteRequest, type WriteResult } from './writer-protocol.js';
import { WriterClient, type PendingWrite } from './writer-client.js';
import { closeSync, openSync } from 'node:fs';

/** How much history `compact` must keep; storage.md §1.3 asks for at least 1000 revisions and 10 minutes. */
export interface Retention {
  readonly minRevisions: number;
  readonly minAgeMs: number;
}

/** Options of `SqliteStore.open`. */
export interface SqliteStoreOptions {
  readonly path: string;
  /** Default: 1000 revisions and 10 minutes. Tests pass zeros to compact on demand. */
  readonly retention?: Retention;
  /** Recent events kept in memory for watchers (default 10,000); older resumes read the log. */
  readonly eventRing?: number;
  /** Idle watchers get a BOOKMARK this often when the revision moved (default 5,000 ms; 0 disables). */
  readonly bookmarkIntervalMs?: number;
  /** How long to wait for another process to release the database before StoreLockedError (default 0). */
  readonly lockTimeoutMs?: number;
  /** Injected clock for retention. */
  readonly now?: () => number;
}

/** Counters for tests and metrics. */
export interface SqliteStoreStats {
  readonly commits: number;
  readonly writes: number;
}

/** The default retention. */
export const defaultRetention: Retention = { minRevisions: 1000, minAgeMs: 10 * 60_000 };

const catchUpBatch = 500;
const compactStep = 10_000;
const sampleEveryMs = 1000;
const empty = new Uint8Array(0);

/**
 * The Store on one SQLite file, locked to this process. One writer thread owns every write (see writer-thread.ts);
 * this thread reads through a connection of its own, never above the last revision the writer acknowledged.
 */
export class SqliteStore implements Store {
  private readonly q: Queries;
  private readonly hub: EventHub;
  private readonly retention: Retention;
  private readonly now: () => number;
  private readonly writer: WriterClient;
  private rev: number;
  private compactRev: number;
  private closed = false;
  private compacting: Promise<number> | undefined;
  /** (time, revision) pairs, one per second at most: every revision up to `rev` existed at time `t`. */
  private readonly samples: { t: number; rev: number }[] = [];
  private counters = { commits: 0, writes: 0 };
  /** Key count from a page's continuation key, by prefix, revision and key (see countFrom). */
  private readonly pageCounts = new Map<string, number>();

  private constructor(
    private readonly db: Database.Database,
    private readonly lock: Database.Database,
    private readonly path: string,
    options: SqliteStoreOptions,
  ) {
    this.q = new Queries(db);
    this.retention = options.retention ?? defaultRetention;
    this.now = options.now ?? Date.now;
    this.rev = this.q.sequence();
    this.compactRev = this.q.meta('compact_revision');
    this.hub = new EventHub(options.eventRing ?? 10_000, this.rev);
    if ((options.bookmarkIntervalMs ?? 5000) > 0) this.hub.startBookmarks(options.bookmarkIntervalMs ?? 5000);
    // Nothing is known about the age of revisions written before this start, so they count as written now.
    this.samples.push({ t: this.now(), rev: this.rev });
    this.writer = new WriterClient(path, (writes, results, values) => this.committed(writes, results, values));
  }

  /** Opens (creating if needed) the database at `options.path`; throws StoreLockedError if another server has it. */
  static open(options: SqliteStoreOptions): SqliteStore {
    // Secrets are stored here: the database and the lock are the owner's alone from their creation,
    // and SQLite gives the files it makes beside them (WAL, shared memory, journal) the same mode.
    for (const file of [options.path, `${options.path}.lock`]) closeSync(openSync(file, 'a', 0o600));
    const lock = lockStore(options.path, options.lockTimeoutMs ?? 0);
    let db: Database.Database | undefined;
    try {
      db = new Database(options.path);
      configure(db, options.path);
      migrate(db, options.path);
      // From here on this connection only reads.
      db.pragma('query_only = 1');
      return new SqliteStore(db, lock, options.path, options);
    } catch (err) {
      db?.close();
      lock.close();
      throw err;
    }
  }

  async get(key: string): Promise<KeyValue | undefined> {
    this.assertOpen();
    // Not above the acknowledged revision: the writer may have committed rows whose answer is still on its way.
    const row = this.q.latestAt(key, this.rev);
    return row && !row.deleted ? toKv({ ...row, name: key }) : undefined;
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.assertOpen();
    const rev = options.revision || this.rev;
    this.checkReadable(rev);
    const start = options.startKey !== undefined && options.startKey > prefix ? options.startKey : prefix;
    const range: RangeParams = { start, end: prefixEnd(prefix) ?? afterAllKeys, rev };
    const limit = options.limit && options.limit > 0 ? options.limit : 0;
    if (limit === 0) {
      const kvs = this.q.page(range, -1);
      return { kvs, revision: rev, more: false, count: kvs.length, remaining: 0 };
    }
    const kvs = this.q.page(range, limit + 1);
    const more = kvs.length > limit;
    if (more) kvs.length = limit;
    const count = more ? this.countFrom(prefix, range) : kvs.length;
    if (more) this.rememberCount(prefix, rev, kvs[kvs.length - 1]!.key + '\u0000', count - kvs.length);
    return { kvs, revision: rev, more, count, remaining: count - kvs.length };
  }

  /**
   * Counting a range is a scan of its index entries; done on every page of a 100,000-key list that is quadratic.
   * The state at a revision never changes, so the count after one page is remembered for the page that continues
   * at `lastKey + '\u0000'` at the same revision, and a paged list counts only once.
   */
  private countFrom(prefix: string, range: RangeParams): number {
    const key = `${prefix}\u0000${range.rev}\u0000${range.start}`;
    const known = this.pageCounts.get(key);
    if (known === undefined) return this.q.count(range);
    this.pageCounts.delete(key);
    return known;
  }

  private rememberCount(prefix: string, rev: number, nextStart: string, count: number): void {
    this.pageCounts.set(`${prefix}\u0000${rev}\u0000${nextStart}`, count);
    if (this.pageCounts.size > 256) this.pageCounts.delete(this.pageCounts.keys().next().value!);
  }

  create(key: string, value: Uint8Array, fence?: Fence): Promise<number> {
    return this.write({ op: 'create', key, expected: -1, fence }, value);
  }

  update(key: string, value: Uint8Array, expectedModRevision: number, fence?: Fence): Promise<number> {
    return this.write({ op: 'update', key, expected: expectedModRevision, fence }, value);
  }

  async commitAll(writes: readonly GroupWrite[], fence?: Fence): Promise<number[]> {
    // Queued in one call, the writes travel side by side in one batch: one group of its transaction.
    const settled = await Promise.allSettled(writes.map((w, i) => {
      const request: WriteRequest = w.op === 'create'
        ? { op: 'create', key: w.key, expected: -1, fence }
        : w.expectedModRevision === 'previous'
          ? { op: 'update', key: w.key, expected: -1, fence, chained: true }
          : { op: 'update', key: w.key, expected: w.expectedModRevision, fence };
      return this.write<number>(i === 0 ? request : { ...request, withPrevious: true }, w.value);
    }));
    // What refused the group, rather than the writes it took down with it.
    const refused = settled.find((s) => s.status === 'rejected' && !(s.reason instanceof GroupAbortedError)) ?? settled.find((s) => s.status === 'rejected');
    if (refused) throw (refused as PromiseRejectedResult).reason;
    return settled.map((s) => (s as PromiseFulfilledResult<number>).value);
  }

  delete(key: string, expectedModRevision?: number, fence?: Fence): Promise<DeleteResult> {
    return this.write({ op: 'delete', key, expected: expectedModRevision ?? -1, fence }, empty);
  }

  private write<T>(request: WriteRequest, value: Uint8Array): Promise<T> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    // A copy: watchers get these bytes, and the caller may reuse its buffer.
    return this.writer.write(request, Buffer.from(value));
  }

  watch(prefix: string, afterRevision: number, signal: AbortSignal): AsyncIterable<WatchEvent> {
    return this.watchFrom(prefix, afterRevision, signal);
  }

  async currentRevision(): Promise<number> {
    this.assertOpen();
    return this.rev;
  }

  async compactRevision(): Promise<number> {
    this.assertOpen();
    return this.compactRev;
  }

  /**
   * Compacts towards `revision`, clamped by the retention (so the result may be lower), in steps that yield to the
   * event loop so a large compaction does not stall requests. Concurrent calls share one run.
   */
  async compact(revision: number): Promise<number> {
    this.assertOpen();
    if (revision > this.rev) throw new TooLargeResourceVersionError(revision, this.rev);
    while (this.compacting) await this.compacting.catch(() => undefined);
    this.compacting = this.compactTo(this.retainedTarget(revision));
    try {
      return await this.compacting;
    } finally {
      this.compacting = undefined;
    }
  }

  requestProgress(): void {
    if (!this.closed) this.hub.requestBookmarks();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.compacting) await this.compacting.catch(() => undefined);
    // Queued writes are committed and answered before the writer goes.
    await this.writer.close();
    this.hub.close();
    this.db.close();
    this.lock.close();
  }

  /** Commit and write counters since open. */
  stats(): SqliteStoreStats {
    return { ...this.counters };
  }

  /** The database file this store holds. */
  get file(): string {
    return this.path;
  }

  private async *watchFrom(prefix: string, after: number, signal: AbortSignal): AsyncGenerator<WatchEvent> {
    this.assertOpen();
    if (after < this.compactRev) throw new CompactedError(after, this.compactRev, this.rev);
    if (after > this.rev) throw new TooLargeResourceVersionError(after, this.rev);
    yield* this.hub.watch(prefix, after, signal, (p, a) => this.catchUp(p, a));
  }

  /** One batch of history for a watcher behind the in-memory ring. */
  private catchUp(prefix: string, after: number): CatchUpBatch {
    if (this.closed) return { events: [], upTo: this.rev };
    if (after < this.compactRev) throw new CompactedError(after, this.compactRev, this.rev);
    const upTo = this.rev;
    const events = this.q.changes(after, upTo, prefix, prefixEnd(prefix) ?? afterAllKeys, catchUpBatch);
    // A short batch means everything up to `upTo` was read, matching or not.
    return { events, upTo: events.length < catchUpBatch ? upTo : eventRevision(events[events.length - 1]!) };
  }

  /** Tells watchers, then callers, what one batch did. */
  private committed(writes: readonly PendingWrite[], results: readonly WriteResult[], values: ArrayBuffer): void {
    const events: WatchEvent[] = [];
    const prevKvs = results.map((r, i) => (r.ok && r.prev ? unpackKv(writes[i]!.op.key, r.prev, values) : undefined));
    results.forEach((r, i) => {
      if (!r.ok) return;
      const { op, value } = writes[i]!;
      const prevKv = prevKvs[i];
      this.rev = r.revision;
      if (op.op === 'delete') events.push({ type: 'DELETE', kv: { key: op.key, value: empty, createRevision: 0, modRevision: r.revision }, prevKv: prevKv! });
      else if (prevKv) events.push({ type: 'PUT', kv: { key: op.key, value, createRevision: r.createRevision, modRevision: r.revision }, prevKv });
      else events.push({ type: 'PUT', kv: { key: op.key, value, createRevision: r.createRevision, modRevision: r.revision } });
    });
    if (events.length > 0) {
      this.counters.commits++;
      this.counters.writes += events.length;
      this.sample();
      this.hub.append(events, this.rev);
    }
    results.forEach((r, i) => {
      const w = writes[i]!;
      if (!r.ok) w.reject(refusalError(w.op, r, values));
      else if (w.op.op === 'delete') w.resolve({ revision: r.revision, prevKv: prevKvs[i]! } as never);
      else w.resolve(r.revision as never);
    });
  }

  private checkReadable(rev: number): void {
    if (rev > this.rev) throw new TooLargeResourceVersionError(rev, this.rev);
    if (rev < this.compactRev) throw new CompactedError(rev, this.compactRev, this.rev);
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }

  private sample(): void {
    const t = this.now();
    const last = this.samples[this.samples.length - 1];
    if (last && t - last.t < sampleEveryMs) return;
    this.samples.push({ t, rev: this.rev });
    // Keep samples only as far back as the age rule needs, plus one older anchor.
    const cutoff = t - this.retention.minAgeMs;
    while (this.samples.length > 2 && this.samples[1]!.t <= cutoff) this.samples.shift();
  }

  /** The highest revision allowed by both retention rules, not above `requested`. */
  private retainedTarget(requested: number): number {
    this.sample();
    let target = Math.min(requested, this.rev - this.retention.minRevisions);
    // One reading of the clock: with a zero minimum age the current revision must count as old
    // enough, which a second reading a millisecond later would deny.
    const now = this.now();
    const cutoff = now - this.retention.minAgeMs;
    let oldEnough = this.compactRev;
    for (const s of [...this.samples, { t: now, rev: this.rev }]) if (s.t <= cutoff) oldEnough = Math.max(oldEnough, s.rev);
    target = Math.min(target, oldEnough);
    return target;
  }

  /**
   * In steps, each its own transaction on the writer, so requests are never held up for long. A step's revision
   * counts as compacted before the writer deletes its rows: a read pinned below it is refused (410), not answered
   * from a half-deleted revision.
   */
  private async compactTo(target: number): Promise<number> {
    while (this.compactRev < target && !this.closed) {
      const step = Math.min(target, this.compactRev + compactStep);
      this.compactRev = step;
      await this.writer.compact(step);
    }
    if (!this.closed) await this.writer.checkpoint();
    return this.compactRev;
  }
}
