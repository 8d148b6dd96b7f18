// A watch cache over any Store: the current state of one prefix in memory plus recent events, for watches and
// resourceVersion=0 lists that never reach the backend. Mirrors the role of k8s.io/apiserver/pkg/storage/cacher.

import { setTimeout as sleep } from 'node:timers/promises';
import { EventHub, FellBehindError } from './event-hub.js';
import { SortedKeys } from './sorted-keys.js';
import {
  CompactedError, StoreClosedError, StoreError, TooLargeResourceVersionError, prefixEnd, type KeyValue, type ListResult,
  type Store, type WatchEvent,
} from './store.js';

/** Options of `WatchCache.start`. */
export interface WatchCacheOptions {
  /** Recent events kept for watchers (default 10,000); a watch from older revisions goes to the store. */
  readonly eventRing?: number;
  /** Page size of the initial list (default 1,000). */
  readonly listPageSize?: number;
  /** How long a request for a revision the cache has not reached may wait (default 3,000 ms, as the cacher). */
  readonly waitForRevisionMs?: number;
  /** Idle cache watchers get a BOOKMARK this often when the revision moved (default 5,000 ms; 0 disables). */
  readonly bookmarkIntervalMs?: number;
}

interface RevisionWaiter {
  readonly revision: number;
  readonly resolve: () => void;
}

/**
 * Wraps any Store, so the etcd backend gets the same cache. It lists the prefix at one revision, then follows the
 * store's watch from that revision; if the store compacted past it, it relists. Values are shared, never copied:
 * readers must not mutate `KeyValue.value`.
 */
export class WatchCache {
  private items = new Map<string, KeyValue>();
  private keys = new SortedKeys();
  private hub: EventHub;
  private readonly stopper = new AbortController();
  private readonly waiters = new Set<RevisionWaiter>();
  private done: Promise<void> = Promise.resolve();
  /** The last error that made the cache relist, for diagnostics. */
  lastError: unknown;

  private constructor(readonly store: Store, readonly prefix: string, private readonly options: WatchCacheOptions) {
    this.hub = new EventHub(options.eventRing ?? 10_000, 0);
  }

  /** Lists `prefix` from `store` and starts following it; resolves once the initial state is loaded. */
  static async start(store: Store, prefix: string, options: WatchCacheOptions = {}): Promise<WatchCache> {
    const cache = new WatchCache(store, prefix, options);
    await cache.relist();
    const interval = options.bookmarkIntervalMs ?? 5000;
    if (interval > 0) cache.hub.startBookmarks(interval);
    cache.done = cache.follow();
    return cache;
  }

  /** Every change up to this revision is reflected. */
  get revision(): number {
    return this.hub.revision;
  }

  /** Number of live keys. */
  get size(): number {
    return this.items.size;
  }

  /** The cached value of `key`. */
  get(key: string): KeyValue | undefined {
    return this.items.get(key);
  }

  /** Live keys under `prefix` (within the cache's prefix) at the cache's revision: Kubernetes' resourceVersion=0 list. */
  list(prefix: string, options: { limit?: number; startKey?: string } = {}): ListResult {
    this.assertCovers(prefix);
    const start = options.startKey !== undefined && options.startKey > prefix ? options.startKey : prefix;
    const end = prefixEnd(prefix);
    const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
    const kvs: KeyValue[] = [];
    let more = false;
    for (const key of this.keys.from(start)) {
      if (end !== undefined && key >= end) break;
      if (kvs.length === limit) {
        more = true;
        break;
      }
      kvs.push(this.items.get(key)!);
    }
    const count = more ? (end === undefined ? this.keys.size : this.keys.rank(end)) - this.keys.rank(start) : kvs.length;
    return { kvs, revision: this.revision, more, count, remaining: count - kvs.length };
  }

  /** Like `list`, but first waits until the cache has caught up with the store's current revision (a consistent read). */
  async listConsistent(prefix: string, options: { limit?: number; startKey?: string } = {}): Promise<ListResult> {
    await this.waitForRevision(await this.store.currentRevision());
    return this.list(prefix, options);
  }

  /**
   * Resolves once the cache reached `revision`. A revision the store has not reached, or one the cache does not
   * reach within `waitForRevisionMs`, throws TooLargeResourceVersionError (the cacher's 504 with Retry-After).
   */
  async waitForRevision(revision: number, signal?: AbortSignal): Promise<void> {
    if (this.revision >= revision) return;
    const storeRevision = await this.store.currentRevision();
    if (revision > storeRevision) throw new TooLargeResourceVersionError(revision, storeRevision);
    // The cache may have caught up while the store was asked; a waiter added now would never be woken.
    if (this.revision >= revision) return;
    this.store.requestProgress?.();
    let timer: NodeJS.Timeout | undefined;
    let waiter: RevisionWaiter | undefined;
    const reached = await new Promise<boolean>((resolve) => {
      waiter = { revision, resolve: () => resolve(true) };
      this.waiters.add(waiter);
      timer = setTimeout(() => resolve(false), this.options.waitForRevisionMs ?? 3000);
      signal?.addEventListener('abort', () => resolve(false), { once: true });
    }).finally(() => {
      clearTimeout(timer);
      this.waiters.delete(waiter!);
    });
    if (!reached && this.revision < revision) throw new TooLargeResourceVersionError(revision, this.revision);
  }

  /** Changes under `prefix` after `afterRevision`: from memory when the ring covers them, else from the store. */
  watch(prefix: string, afterRevision: number, signal: AbortSignal): AsyncIterable<WatchEvent> {
    return this.watchFrom(prefix, afterRevision, signal);
  }

  /** Stops following the store and ends every cache watch. */
  async stop(): Promise<void> {
    this.stopper.abort();
    this.hub.close();
    await this.done;
  }

  private async *watchFrom(prefix: string, after: number, signal: AbortSignal): AsyncGenerator<WatchEvent> {
    this.assertCovers(prefix);
    if (after > this.revision) await this.waitForRevision(after, signal);
    let cursor = after;
    if (cursor >= this.hub.oldest) {
      try {
        yield* this.hub.watch(prefix, cursor, signal);
        return;
      } catch (err) {
        // A watcher too slow for the ring continues from the store's own history instead of failing.
        if (!(err instanceof FellBehindError)) throw err;
        cursor = err.cursor;
      }
    }
    if (!this.stopper.signal.aborted) yield* this.store.watch(prefix, cursor, signal);
  }

  /** Loads the prefix page by page at one pinned revision and replaces the cached state. */
  private async relist(): Promise<void> {
    const items = new Map<string, KeyValue>();
    const sorted: string[] = [];
    let revision: number | undefined;
    let startKey: string | undefined;
    for (;;) {
      const page = await this.store.list(this.prefix, { revision, limit: this.options.listPageSize ?? 1000, startKey });
      revision = page.revision;
      for (const kv of page.kvs) {
        items.set(kv.key, kv);
        sorted.push(kv.key);
      }
      if (!page.more) break;
      startKey = page.kvs[page.kvs.length - 1]!.key + '\u0000';
    }
    this.items = items;
    this.keys = SortedKeys.fromSorted(sorted);
    // Watchers older than the new state cannot be served from memory; they fall back to the store.
    this.hub.reset(revision!);
    this.notifyWaiters();
  }

  /**
   * Applies the store's events until stopped. When the store compacted past the cache it relists at once; after any
   * other failure (a backend hiccup) it waits a second and relists, so the cache never serves a silently stale state.
   */
  private async follow(): Promise<void> {
    const signal = this.stopper.signal;
    let needsRelist = false;
    while (!signal.aborted) {
      try {
        if (needsRelist) await this.relist();
        needsRelist = false;
        for await (const e of this.store.watch(this.prefix, this.revision, signal)) this.apply(e);
        break;
      } catch (err) {
        if (signal.aborted || err instanceof StoreClosedError) break;
        needsRelist = true;
        this.lastError = err;
        if (!(err instanceof CompactedError)) await sleep(1000, undefined, { signal }).catch(() => undefined);
      }
    }
    // The store closed or the cache stopped: end the cache's watches too.
    this.hub.close();
  }

  private apply(e: WatchEvent): void {
    if (e.type === 'PUT') {
      if (!this.items.has(e.kv.key)) this.keys.add(e.kv.key);
      this.items.set(e.kv.key, e.kv);
      this.hub.append([e], e.kv.modRevision);
    } else if (e.type === 'DELETE') {
      this.items.delete(e.kv.key);
      this.keys.delete(e.kv.key);
      this.hub.append([e], e.kv.modRevision);
    } else {
      this.hub.append([], e.revision);
    }
    this.notifyWaiters();
  }

  private notifyWaiters(): void {
    for (const w of this.waiters) if (this.revision >= w.revision) w.resolve();
  }

  private assertCovers(prefix: string): void {
    if (!prefix.startsWith(this.prefix)) throw new StoreError(`prefix ${prefix} is outside the cached prefix ${this.prefix}`);
  }
}
