// The SQLite Store: group-committed writes to the log table, pinned reads, in-process watch fan-out, compaction.

import Database from 'better-sqlite3';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { EventHub, type CatchUpBatch } from '../event-hub.js';
import {
  CompactedError, ConflictError, FenceLostError, KeyExistsError, NotFoundError, StoreClosedError, StoreError,
  TooLargeResourceVersionError, eventRevision, prefixEnd,
  type DeleteResult, type Fence, type KeyValue, type ListOptions, type ListResult, type Store, type WatchEvent,
} from '../store.js';
import { afterAllKeys, Queries, toKv, type LatestRow, type RangeParams } from './queries.js';
import { configure, migrate } from './schema.js';

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

type Outcome = { ok: true; value: unknown } | { ok: false; error: StoreError };

interface PendingWrite {
  readonly apply: (events: WatchEvent[]) => unknown;
  readonly resolve: (value: never) => void;
  readonly reject: (error: unknown) => void;
}

const catchUpBatch = 500;
const compactStep = 10_000;
const sampleEveryMs = 1000;
const empty = Buffer.alloc(0);

/** The Store on one SQLite file. Single writer: the open database is locked to this process. */
export class SqliteStore implements Store {
  private readonly q: Queries;
  private readonly hub: EventHub;
  private readonly retention: Retention;
  private readonly now: () => number;
  private readonly runBatch: (writes: PendingWrite[], events: WatchEvent[], outcomes: Outcome[]) => void;
  private rev: number;
  private compactRev: number;
  private pending: PendingWrite[] = [];
  private flushScheduled = false;
  private closed = false;
  private compacting: Promise<number> | undefined;
  /** (time, revision) pairs, one per second at most: every revision up to `rev` existed at time `t`. */
  private readonly samples: { t: number; rev: number }[] = [];
  private counters = { commits: 0, writes: 0 };
  /** Key count from a page's continuation key, by prefix, revision and key (see countFrom). */
  private readonly pageCounts = new Map<string, number>();

  private constructor(private readonly db: Database.Database, private readonly path: string, options: SqliteStoreOptions) {
    this.q = new Queries(db);
    this.retention = options.retention ?? defaultRetention;
    this.now = options.now ?? Date.now;
    this.rev = this.q.sequence();
    this.compactRev = this.q.meta('compact_revision');
    this.hub = new EventHub(options.eventRing ?? 10_000, this.rev);
    if ((options.bookmarkIntervalMs ?? 5000) > 0) this.hub.startBookmarks(options.bookmarkIntervalMs ?? 5000);
    // Nothing is known about the age of revisions written before this start, so they count as written now.
    this.samples.push({ t: this.now(), rev: this.rev });
    this.runBatch = db.transaction((writes: PendingWrite[], events: WatchEvent[], outcomes: Outcome[]) => {
      for (const w of writes) outcomes.push(this.applyOne(w, events));
    });
  }

  /** Opens (creating if needed) the database at `options.path`; throws StoreLockedError if another server has it. */
  static open(options: SqliteStoreOptions): SqliteStore {
    const db = new Database(options.path, { timeout: options.lockTimeoutMs ?? 0 });
    try {
      configure(db, options.path);
      migrate(db, options.path);
      return new SqliteStore(db, options.path, options);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  async get(key: string): Promise<KeyValue | undefined> {
    this.assertOpen();
    const row = this.q.latest(key);
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
    const bytes = Buffer.from(value);
    return this.enqueue((events) => {
      this.checkFence(fence);
      const latest = this.q.latest(key);
      if (latest && !latest.deleted) throw new KeyExistsError(key);
      const rev = ++this.rev;
      this.q.insert(rev, key, rev, latest?.id ?? 0, false, bytes);
      events.push({ type: 'PUT', kv: { key, value: bytes, createRevision: rev, modRevision: rev } });
      return rev;
    });
  }

  update(key: string, value: Uint8Array, expectedModRevision: number, fence?: Fence): Promise<number> {
    const bytes = Buffer.from(value);
    return this.enqueue((events) => {
      this.checkFence(fence);
      const prevKv = this.liveOrThrow(key, expectedModRevision);
      const rev = ++this.rev;
      this.q.insert(rev, key, prevKv.createRevision, prevKv.modRevision, false, bytes);
      this.q.supersede(prevKv.modRevision, rev);
      events.push({ type: 'PUT', kv: { key, value: bytes, createRevision: prevKv.createRevision, modRevision: rev }, prevKv });
      return rev;
    });
  }

  delete(key: string, expectedModRevision?: number, fence?: Fence): Promise<DeleteResult> {
    return this.enqueue((events) => {
      this.checkFence(fence);
      const prevKv = this.liveOrThrow(key, expectedModRevision);
      const rev = ++this.rev;
      this.q.insert(rev, key, prevKv.createRevision, prevKv.modRevision, true, empty);
      this.q.supersede(prevKv.modRevision, rev);
      events.push({ type: 'DELETE', kv: { key, value: empty, createRevision: 0, modRevision: rev }, prevKv });
      return { revision: rev, prevKv };
    });
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
    this.flush();
    this.closed = true;
    this.hub.close();
    if (this.compacting) await this.compacting.catch(() => undefined);
    this.db.close();
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

  /**
   * Group commit: every write requested before the event loop reaches its check phase joins one transaction, so a
   * burst of N concurrent requests costs one fsync, not N. Each caller's promise settles only after COMMIT returned.
   */
  private enqueue<T>(apply: (events: WatchEvent[]) => T): Promise<T> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ apply, resolve: resolve as (value: never) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const writes = this.pending;
    this.pending = [];
    if (writes.length > 0) this.commit(writes);
  }

  private commit(writes: PendingWrite[]): void {
    const startRev = this.rev;
    const events: WatchEvent[] = [];
    const outcomes: Outcome[] = [];
    try {
      this.runBatch(writes, events, outcomes);
    } catch (err) {
      // The whole batch rolled back: nobody was acknowledged, and the revisions handed out are taken back. Each
      // write is then retried alone, so one write SQLite refuses cannot fail the others batched with it.
      this.rev = startRev;
      if (writes.length === 1) writes[0]!.reject(err);
      else for (const w of writes) this.commit([w]);
      return;
    }
    this.counters.commits++;
    this.counters.writes += writes.length;
    this.sample();
    this.hub.append(events, this.rev);
    writes.forEach((w, i) => {
      const o = outcomes[i]!;
      if (o.ok) w.resolve(o.value as never);
      else w.reject(o.error);
    });
  }

  /** Runs one write inside the batch; expected refusals are recorded, anything else aborts the batch. */
  private applyOne(w: PendingWrite, events: WatchEvent[]): Outcome {
    try {
      return { ok: true, value: w.apply(events) };
    } catch (err) {
      if (err instanceof StoreError) return { ok: false, error: err };
      throw err;
    }
  }

  private liveOrThrow(key: string, expectedModRevision: number | undefined): KeyValue {
    const latest: LatestRow | undefined = this.q.latest(key);
    if (!latest || latest.deleted) throw new NotFoundError(key);
    const current = toKv({ ...latest, name: key });
    if (expectedModRevision !== undefined && expectedModRevision !== latest.id) {
      throw new ConflictError(key, expectedModRevision, current);
    }
    return current;
  }

  private checkFence(fence: Fence | undefined): void {
    if (!fence) return;
    const row = this.q.latest(fence.key);
    if (!row || row.deleted || row.create_revision !== fence.createRevision) throw new FenceLostError(fence);
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

  private async compactTo(target: number): Promise<number> {
    while (this.compactRev < target && !this.closed) {
      const step = Math.min(target, this.compactRev + compactStep);
      this.db.transaction(() => {
        this.q.compact(step);
        this.q.setMeta('compact_revision', step);
      })();
      this.compactRev = step;
      if (step < target) await nextTurn();
    }
    if (!this.closed) this.db.pragma('wal_checkpoint(PASSIVE)');
    return this.compactRev;
  }
}
