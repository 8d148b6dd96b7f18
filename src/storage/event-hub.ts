// In-process watch fan-out: a bounded ring of recent events that watchers read from by cursor, without polling.

import { eventRevision, type WatchEvent } from './store.js';

/** Events in (after, upTo] under a prefix, read from the backend when a watcher's cursor is older than the ring. */
export interface CatchUpBatch {
  readonly events: WatchEvent[];
  readonly upTo: number;
}

/** Reads one catch-up batch; may throw CompactedError. */
export type CatchUp = (prefix: string, after: number) => CatchUpBatch | Promise<CatchUpBatch>;

/** Thrown by `EventHub.watch` without a catch-up source when the watcher's cursor left the ring. */
export class FellBehindError extends Error {
  override name = 'FellBehindError';
  constructor(readonly cursor: number) {
    super(`watcher at revision ${cursor} fell behind the event ring`);
  }
}

interface Watcher {
  readonly prefix: string;
  bookmarkDue: boolean;
  wake: (() => void) | undefined;
}

/**
 * Watchers keep no queue of their own: each holds a cursor into one shared ring, so memory stays bounded however many
 * watchers there are and however slow they read. A watcher whose cursor falls out of the ring catches up from the
 * backend (or fails with FellBehindError), then returns to the ring. Per event, a waiting watcher costs one prefix
 * check for its group of watchers and one scan step when it reads.
 */
export class EventHub {
  private readonly ring: (WatchEvent | undefined)[];
  private head = 0;
  private size = 0;
  private oldestRevision: number;
  private currentRevision: number;
  private readonly watchers = new Set<Watcher>();
  private readonly waiting = new Map<string, Set<Watcher>>();
  private closed = false;
  private bookmarkTimer: NodeJS.Timeout | undefined;

  /** `revision`: every event up to it is already reflected by the owner (the ring covers events after it). */
  constructor(readonly capacity: number, revision: number) {
    this.ring = new Array<WatchEvent | undefined>(capacity);
    this.oldestRevision = revision;
    this.currentRevision = revision;
  }

  /** Every event up to this revision has been appended. */
  get revision(): number {
    return this.currentRevision;
  }

  /** The ring holds every event after this revision. */
  get oldest(): number {
    return this.oldestRevision;
  }

  /** Adds committed events (ascending) and advances to `revision`, waking watchers whose prefix matches. */
  append(events: readonly WatchEvent[], revision: number): void {
    for (const e of events) {
      if (this.size === this.capacity) {
        this.oldestRevision = eventRevision(this.ring[this.head]!);
        this.ring[this.head] = undefined;
        this.head = (this.head + 1) % this.capacity;
        this.size--;
      }
      this.ring[(this.head + this.size) % this.capacity] = e;
      this.size++;
    }
    this.currentRevision = Math.max(this.currentRevision, revision);
    if (events.length > 0) this.wakeMatching(events);
  }

  /** Empties the ring at `revision`: watchers behind it must catch up elsewhere (used after a relist). */
  reset(revision: number): void {
    this.ring.fill(undefined);
    this.head = 0;
    this.size = 0;
    this.oldestRevision = revision;
    this.currentRevision = revision;
    for (const w of this.watchers) w.wake?.();
  }

  /** Every `intervalMs`, idle watchers that are behind the hub's revision receive a BOOKMARK. */
  startBookmarks(intervalMs: number): void {
    this.bookmarkTimer = setInterval(() => this.requestBookmarks(), intervalMs);
    this.bookmarkTimer.unref();
  }

  /** Idle watchers behind the hub's revision receive a BOOKMARK now. */
  requestBookmarks(): void {
    for (const w of this.watchers) {
      w.bookmarkDue = true;
      w.wake?.();
    }
  }

  /** Ends every watch (their iterations return) and stops the bookmark timer. */
  close(): void {
    this.closed = true;
    clearInterval(this.bookmarkTimer);
    for (const w of this.watchers) w.wake?.();
  }

  /** Events under `prefix` after `after`, then live ones; reads older history through `catchUp`. */
  async *watch(prefix: string, after: number, signal: AbortSignal, catchUp?: CatchUp): AsyncGenerator<WatchEvent> {
    const w: Watcher = { prefix, bookmarkDue: false, wake: undefined };
    const onAbort = (): void => w.wake?.();
    signal.addEventListener('abort', onAbort, { once: true });
    this.watchers.add(w);
    let cursor = after;
    let delivered = after;
    try {
      while (!signal.aborted && !this.closed) {
        if (cursor < this.oldestRevision) {
          if (!catchUp) throw new FellBehindError(cursor);
          const batch = await catchUp(prefix, cursor);
          for (const e of batch.events) yield e;
          if (batch.events.length > 0) delivered = eventRevision(batch.events[batch.events.length - 1]!);
          cursor = batch.upTo;
          continue;
        }
        const events = this.collect(prefix, cursor);
        cursor = this.currentRevision;
        if (events.length > 0) {
          for (const e of events) yield e;
          // What the consumer knows is the last event's revision; the cursor may be further (other prefixes).
          delivered = eventRevision(events[events.length - 1]!);
          continue;
        }
        // Only an idle, caught-up watcher gets a bookmark, so it never runs ahead of an undelivered event.
        if (w.bookmarkDue && cursor > delivered) {
          w.bookmarkDue = false;
          delivered = cursor;
          yield { type: 'BOOKMARK', revision: cursor };
          continue;
        }
        w.bookmarkDue = false;
        await this.wait(w);
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.watchers.delete(w);
      this.waiting.get(w.prefix)?.delete(w);
    }
  }

  /** Copies the ring's events after `cursor` under `prefix`; copying lets the ring move on while the consumer reads. */
  private collect(prefix: string, cursor: number): WatchEvent[] {
    const out: WatchEvent[] = [];
    for (let i = this.firstAfter(cursor); i < this.size; i++) {
      const e = this.ring[(this.head + i) % this.capacity]!;
      if (e.type !== 'BOOKMARK' && e.kv.key.startsWith(prefix)) out.push(e);
    }
    return out;
  }

  /** Index (0 = oldest) of the first ring event with revision > `cursor`: binary search, revisions ascend. */
  private firstAfter(cursor: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (eventRevision(this.ring[(this.head + mid) % this.capacity]!) <= cursor) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private wait(w: Watcher): Promise<void> {
    return new Promise((resolve) => {
      let group = this.waiting.get(w.prefix);
      if (!group) this.waiting.set(w.prefix, (group = new Set()));
      group.add(w);
      w.wake = () => {
        w.wake = undefined;
        this.waiting.get(w.prefix)?.delete(w);
        resolve();
      };
    });
  }

  /** Wakes each group of waiting watchers once if any event falls under its prefix. */
  private wakeMatching(events: readonly WatchEvent[]): void {
    for (const [prefix, group] of this.waiting) {
      if (!events.some((e) => e.type !== 'BOOKMARK' && e.kv.key.startsWith(prefix))) continue;
      this.waiting.delete(prefix);
      for (const w of group) w.wake?.();
    }
  }
}
