// The Store contract in memory: revisions, compare-and-swap, lists at a past revision, watch from a
// revision and compaction, exactly as the durable backends keep them, for data that need not
// survive a restart (Events, whose loss kube-apiserver accepts too) and for tests. History is
// kept for the last `maxHistory` writes; older revisions are compacted away on their own. Keys
// may expire a time-to-live after their last write (etcd leases do this for kube-apiserver's
// Events), and their number may be capped, the least recently written going first, so that a
// burst cannot grow memory without bound; both leave as ordinary deletes, seen by watchers.

import {
  CompactedError, ConflictError, FenceLostError, KeyExistsError, NotFoundError, StoreClosedError, TooLargeResourceVersionError,
  eventRevision, type DeleteResult, type Fence, type GroupWrite, type KeyValue, type ListOptions, type ListResult, type Store, type WatchEvent,
} from '../store.js';
import { EventHub, FellBehindError, type CatchUpBatch } from '../event-hub.js';
import { SortedKeys } from '../sorted-keys.js';
import { WriteOrder } from './write-order.js';

/** Tuning of a memory store. */
export interface MemoryStoreOptions {
  /** Writes whose history is kept, at least, for lists at a past revision and resumed watches (default 10,000). */
  readonly maxHistory?: number;
  /** How often idle watchers get a BOOKMARK (default 5 s; 0 for never). */
  readonly bookmarkIntervalMs?: number;
  /** A key is deleted this long after its last write (default: never). */
  readonly ttlMs?: number;
  /** At most this many live keys; a create beyond it first deletes the least recently written (default: no cap). */
  readonly maxKeys?: number;
  readonly clock?: () => number;
}

/** A Store whose data lives in this process only. */
export class MemoryStore implements Store {
  readonly #current = new Map<string, KeyValue>();
  readonly #keys = new SortedKeys();
  /** Every write after #compacted, oldest first. */
  #history: WatchEvent[] = [];
  #revision = 1;
  #compacted = 1;
  #closed = false;
  readonly #hub: EventHub;
  readonly #maxHistory: number;
  readonly #written = new WriteOrder();
  readonly #ttlMs: number | undefined;
  readonly #maxKeys: number;
  readonly #clock: () => number;
  readonly #sweeper: NodeJS.Timeout | undefined;

  constructor(opts: MemoryStoreOptions = {}) {
    this.#maxHistory = opts.maxHistory ?? 10_000;
    this.#hub = new EventHub(Math.min(this.#maxHistory, 10_000), this.#revision);
    if ((opts.bookmarkIntervalMs ?? 5000) > 0) this.#hub.startBookmarks(opts.bookmarkIntervalMs ?? 5000);
    this.#ttlMs = opts.ttlMs;
    this.#maxKeys = opts.maxKeys ?? Infinity;
    this.#clock = opts.clock ?? Date.now;
    if (this.#ttlMs !== undefined) {
      this.#sweeper = setInterval(() => this.expire(), Math.max(1000, Math.min(60_000, this.#ttlMs / 10)));
      this.#sweeper.unref();
    }
  }

  /** Deletes the keys whose time-to-live has passed (also done periodically). */
  expire(): void {
    if (this.#ttlMs === undefined || this.#closed) return;
    const deadline = this.#clock() - this.#ttlMs;
    for (let e = this.#written.oldest(); e && e.at <= deadline; e = this.#written.oldest()) this.#remove(e.key);
  }

  /** Deletes a live key (a delete, an expiry or an eviction alike); returns the revision. */
  #remove(key: string): number {
    const prev = this.#current.get(key)!;
    const revision = ++this.#revision;
    return this.#commit({ type: 'DELETE', kv: { key, value: new Uint8Array(), createRevision: 0, modRevision: revision }, prevKv: prev });
  }

  #open(): void {
    if (this.#closed) throw new StoreClosedError();
  }

  #checkFence(fence: Fence | undefined): void {
    if (fence && this.#current.get(fence.key)?.createRevision !== fence.createRevision) throw new FenceLostError(fence);
  }

  #commit(event: WatchEvent): number {
    this.#history.push(event);
    if (event.type === 'DELETE') {
      this.#current.delete(event.kv.key);
      this.#keys.delete(event.kv.key);
      this.#written.removed(event.kv.key);
    } else if (event.type === 'PUT') {
      this.#current.set(event.kv.key, event.kv);
      this.#keys.add(event.kv.key);
      this.#written.written(event.kv.key, this.#clock());
    }
    this.#hub.append([event], this.#revision);
    // Compacting drops the oldest writes by copying the rest: done an eighth of the history at a
    // time, not on every write, it costs each write a constant.
    if (this.#history.length > this.#maxHistory + (this.#maxHistory >> 3)) {
      this.#compactTo(eventRevision(this.#history[this.#history.length - this.#maxHistory]!) - 1);
    }
    return this.#revision;
  }

  async get(key: string): Promise<KeyValue | undefined> {
    this.#open();
    return this.#current.get(key);
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.#open();
    const revision = options.revision || this.#revision;
    if (revision > this.#revision) throw new TooLargeResourceVersionError(revision, this.#revision);
    if (revision < this.#compacted) throw new CompactedError(revision, this.#compacted, this.#revision);
    // The state at `revision`: today's, with every later write undone.
    const undone = new Map<string, KeyValue | undefined>();
    for (let i = this.#history.length - 1; i >= 0; i--) {
      const e = this.#history[i]!;
      if (eventRevision(e) <= revision) break;
      if (e.type !== 'BOOKMARK' && e.kv.key.startsWith(prefix)) undone.set(e.kv.key, e.prevKv);
    }
    const start = options.startKey && options.startKey > prefix ? options.startKey : prefix;
    const keys = new Set<string>();
    for (const k of this.#keys.from(start)) {
      if (!k.startsWith(prefix)) break;
      keys.add(k);
    }
    for (const k of undone.keys()) if (k >= start) keys.add(k);
    const live: KeyValue[] = [];
    for (const k of [...keys].sort()) {
      const kv = undone.has(k) ? undone.get(k) : this.#current.get(k);
      if (kv) live.push(kv);
    }
    const limit = options.limit && options.limit > 0 ? options.limit : live.length;
    const kvs = live.slice(0, limit);
    return { kvs, revision, more: live.length > kvs.length, count: live.length, remaining: live.length - kvs.length };
  }

  async create(key: string, value: Uint8Array, fence?: Fence): Promise<number> {
    this.#open();
    this.#checkFence(fence);
    if (this.#current.has(key)) throw new KeyExistsError(key);
    return this.#create(key, value);
  }

  #create(key: string, value: Uint8Array): number {
    if (this.#current.size >= this.#maxKeys) this.#remove(this.#written.oldest()!.key);
    const revision = ++this.#revision;
    return this.#commit({ type: 'PUT', kv: { key, value: Uint8Array.from(value), createRevision: revision, modRevision: revision } });
  }

  async update(key: string, value: Uint8Array, expectedModRevision: number, fence?: Fence): Promise<number> {
    return this.#update(key, value, expectedModRevision, fence);
  }

  async commitAll(writes: readonly GroupWrite[], fence?: Fence): Promise<number[]> {
    this.#open();
    this.#checkFence(fence);
    // Every write is checked against the state the writes before it leave, before any is made;
    // then, synchronously, nothing can come between them.
    const after = new Map<string, KeyValue>();
    let revision = this.#revision;
    for (const w of writes) {
      const current = after.get(w.key) ?? this.#current.get(w.key);
      if (w.op === 'create') {
        if (current) throw new KeyExistsError(w.key);
      } else {
        if (!current) throw new NotFoundError(w.key);
        const expected = w.expectedModRevision === 'previous' ? revision : w.expectedModRevision;
        if (current.modRevision !== expected) throw new ConflictError(w.key, expected, current);
      }
      revision++;
      after.set(w.key, { key: w.key, value: w.value, createRevision: current?.createRevision ?? revision, modRevision: revision });
    }
    return writes.map((w) => (w.op === 'create' ? this.#create(w.key, w.value) : this.#update(w.key, w.value, this.#current.get(w.key)!.modRevision)));
  }

  #update(key: string, value: Uint8Array, expectedModRevision: number, fence?: Fence): number {
    this.#open();
    this.#checkFence(fence);
    const prev = this.#current.get(key);
    if (!prev) throw new NotFoundError(key);
    if (prev.modRevision !== expectedModRevision) throw new ConflictError(key, expectedModRevision, prev);
    const revision = ++this.#revision;
    return this.#commit({ type: 'PUT', kv: { key, value: Uint8Array.from(value), createRevision: prev.createRevision, modRevision: revision }, prevKv: prev });
  }

  async delete(key: string, expectedModRevision?: number, fence?: Fence): Promise<DeleteResult> {
    this.#open();
    this.#checkFence(fence);
    const prev = this.#current.get(key);
    if (!prev) throw new NotFoundError(key);
    if (expectedModRevision !== undefined && prev.modRevision !== expectedModRevision) throw new ConflictError(key, expectedModRevision, prev);
    return { revision: this.#remove(key), prevKv: prev };
  }

  async *watch(prefix: string, afterRevision: number, signal: AbortSignal): AsyncIterable<WatchEvent> {
    this.#open();
    if (afterRevision > this.#revision) throw new TooLargeResourceVersionError(afterRevision, this.#revision);
    if (afterRevision < this.#compacted) throw new CompactedError(afterRevision, this.#compacted, this.#revision);
    try {
      yield* this.#hub.watch(prefix, afterRevision, signal, (p, after) => this.#catchUp(p, after));
    } catch (err) {
      if (err instanceof FellBehindError) throw new CompactedError(err.cursor, this.#compacted, this.#revision);
      throw err;
    }
  }

  #catchUp(prefix: string, after: number): CatchUpBatch {
    if (after < this.#compacted) throw new CompactedError(after, this.#compacted, this.#revision);
    const events = this.#history.filter((e) => eventRevision(e) > after && e.type !== 'BOOKMARK' && e.kv.key.startsWith(prefix));
    return { events, upTo: this.#revision };
  }

  async currentRevision(): Promise<number> {
    this.#open();
    return this.#revision;
  }

  async compactRevision(): Promise<number> {
    this.#open();
    return this.#compacted;
  }

  async compact(revision: number): Promise<number> {
    this.#open();
    if (revision > this.#revision) throw new TooLargeResourceVersionError(revision, this.#revision);
    this.#compactTo(revision);
    return this.#compacted;
  }

  #compactTo(revision: number): void {
    if (revision <= this.#compacted) return;
    this.#compacted = revision;
    const keep = this.#history.findIndex((e) => eventRevision(e) > revision);
    this.#history = keep < 0 ? [] : this.#history.slice(keep);
  }

  requestProgress(): void {
    if (!this.#closed) this.#hub.requestBookmarks();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#sweeper);
    this.#hub.close();
  }
}
