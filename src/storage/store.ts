// The storage contract every backend implements: an etcd-shaped, revision-numbered key-value store with watch.

/**
 * One stored key at one revision. `modRevision` is the object's resourceVersion. The `value` bytes are shared with
 * other readers and watchers: treat them as read-only.
 */
export interface KeyValue {
  readonly key: string;
  readonly value: Uint8Array;
  /** Revision of the write that created this incarnation of the key (a re-create after a delete starts anew). */
  readonly createRevision: number;
  /** Revision of the last write to the key; for a DELETE event, the revision of the deletion. */
  readonly modRevision: number;
}

/**
 * A change seen by a watcher. PUT carries `prevKv` unless it created the key; DELETE always carries the deleted
 * `prevKv`, and its `kv` holds only the key and the deletion revision (etcd's shape: empty value, createRevision 0).
 * BOOKMARK says "every event up to `revision` for this watch has been delivered" and carries no data.
 */
export type WatchEvent =
  | { readonly type: 'PUT'; readonly kv: KeyValue; readonly prevKv?: KeyValue }
  | { readonly type: 'DELETE'; readonly kv: KeyValue; readonly prevKv: KeyValue }
  | { readonly type: 'BOOKMARK'; readonly revision: number };

/** Options of `Store.list`. */
export interface ListOptions {
  /** Read the state as of this revision; 0 or absent means the current revision (etcd's convention). */
  readonly revision?: number;
  /** At most this many keys; absent or 0 means all. */
  readonly limit?: number;
  /** First key to return (inclusive); must lie under the prefix. Callers continue with `lastKey + '\u0000'`. */
  readonly startKey?: string;
}

/** Result of `Store.list`. */
export interface ListResult {
  /** Live keys in ascending byte order. */
  readonly kvs: KeyValue[];
  /** The revision the list was read at; pin later pages to it. */
  readonly revision: number;
  /** True if keys remain after the last one returned. */
  readonly more: boolean;
  /** Keys from `startKey` to the end of the prefix at `revision`, this page included (etcd's Range count). */
  readonly count: number;
  /** Keys after this page: `count - kvs.length` (Kubernetes' remainingItemCount). */
  readonly remaining: number;
}

/** Result of `Store.delete`. */
export interface DeleteResult {
  /** Revision of the deletion. */
  readonly revision: number;
  /** The key as it was just before the deletion. */
  readonly prevKv: KeyValue;
}

/**
 * A leader's fencing token: the write succeeds only while `key` exists with this create revision, checked in the
 * same transaction as the write (storage.md §2: a deposed leader's late write must be rejected, not just discouraged).
 */
export interface Fence {
  readonly key: string;
  readonly createRevision: number;
}

/** One write of a group (Store.commitAll). */
export type GroupWrite =
  | { readonly op: 'create'; readonly key: string; readonly value: Uint8Array }
  | { readonly op: 'update'; readonly key: string; readonly value: Uint8Array; readonly expectedModRevision: number | 'previous' };

/**
 * The versioned key-value store. One global revision orders every write and is the resourceVersion. Revisions
 * strictly increase but need not be dense: callers treat them as opaque. Keys compare in byte order.
 */
export interface Store {
  /** The live value of `key`, or undefined. */
  get(key: string): Promise<KeyValue | undefined>;
  /** Live keys under `prefix` at one revision; throws CompactedError or TooLargeResourceVersionError. */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;
  /** Creates `key`; returns the write's revision; throws KeyExistsError if it is live. */
  create(key: string, value: Uint8Array, fence?: Fence): Promise<number>;
  /** Replaces `key` if its modRevision is `expectedModRevision`; throws ConflictError (with the current kv) or NotFoundError. */
  update(key: string, value: Uint8Array, expectedModRevision: number, fence?: Fence): Promise<number>;
  /**
   * Makes `writes` all or none, in order: each a write of its own (its own revision and watch
   * event), committed together. An update may expect `previous`: the revision the write before it
   * in the group gets. Answers their revisions; throws what refused the first write refused
   * (KeyExistsError, ConflictError, NotFoundError), and then wrote none.
   */
  commitAll(writes: readonly GroupWrite[], fence?: Fence): Promise<number[]>;
  /** Deletes `key`, if given only when its modRevision matches; throws NotFoundError or ConflictError. */
  delete(key: string, expectedModRevision?: number, fence?: Fence): Promise<DeleteResult>;
  /**
   * Events under `prefix` with revision > `afterRevision`, in order, each once, then live changes until `signal`
   * aborts or the store closes. Iterating throws CompactedError if `afterRevision` is below the compact revision
   * (or the watcher fell behind it) and TooLargeResourceVersionError if it is above the current revision.
   */
  watch(prefix: string, afterRevision: number, signal: AbortSignal): AsyncIterable<WatchEvent>;
  /** The revision of the last committed write. */
  currentRevision(): Promise<number>;
  /** Revisions below this are gone: reading or watching from them throws CompactedError. */
  compactRevision(): Promise<number>;
  /** Discards history up to `revision` (a backend may keep more, see its retention); returns the new compact revision. */
  compact(revision: number): Promise<number>;
  /**
   * Asks the backend to send a BOOKMARK at its current revision to every idle watcher soon, so a watch cache can
   * prove it is fresh without waiting for the periodic bookmark. Optional: etcd below 3.4.31 cannot (storage.md §0).
   */
  requestProgress?(): void;
  /** Finishes queued writes, ends every watch, releases the backend. */
  close(): Promise<void>;
}

/** Base class of every storage error, so callers can tell them from programming errors. */
export class StoreError extends Error {
  override name = 'StoreError';
}

/** A write of a group (Store.commitAll) that was not made because another write of the group was refused. */
export class GroupAbortedError extends StoreError {
  override name = 'GroupAbortedError';
  constructor(readonly key: string) {
    super(`not written: another write committed with ${key} was refused`);
  }
}

/** A create found the key live (Kubernetes: 409 AlreadyExists). */
export class KeyExistsError extends StoreError {
  override name = 'KeyExistsError';
  constructor(readonly key: string) {
    super(`key already exists: ${key}`);
  }
}

/** An update or delete found no live key (Kubernetes: 404 NotFound). */
export class NotFoundError extends StoreError {
  override name = 'NotFoundError';
  constructor(readonly key: string) {
    super(`key not found: ${key}`);
  }
}

/** An update or delete expected another modRevision; `current` lets the caller retry without a read. */
export class ConflictError extends StoreError {
  override name = 'ConflictError';
  constructor(readonly key: string, readonly expectedModRevision: number, readonly current: KeyValue) {
    super(`key ${key} has modRevision ${current.modRevision}, expected ${expectedModRevision}`);
  }
}

/** The requested revision was compacted away (Kubernetes: 410 Gone, "too old resource version"). */
export class CompactedError extends StoreError {
  override name = 'CompactedError';
  constructor(readonly requestedRevision: number, readonly compactRevision: number, readonly currentRevision: number) {
    super(`revision ${requestedRevision} has been compacted (compact revision ${compactRevision}, current ${currentRevision})`);
  }
}

/** The requested revision is in the future (Kubernetes: 504 "Too large resource version"). */
export class TooLargeResourceVersionError extends StoreError {
  override name = 'TooLargeResourceVersionError';
  constructor(readonly requestedRevision: number, readonly currentRevision: number) {
    super(`Too large resource version: ${requestedRevision}, current: ${currentRevision}`);
  }
}

/** A fenced write found the fence key gone or re-created: this process is no longer the leader. */
export class FenceLostError extends StoreError {
  override name = 'FenceLostError';
  constructor(readonly fence: Fence) {
    super(`fence lost: ${fence.key} no longer has createRevision ${fence.createRevision}`);
  }
}

/** Another process (or connection) holds the database. */
export class StoreLockedError extends StoreError {
  override name = 'StoreLockedError';
  constructor(readonly path: string) {
    super(`database ${path} is in use by another signet server`);
  }
}

/** The store was closed. */
export class StoreClosedError extends StoreError {
  override name = 'StoreClosedError';
  constructor() {
    super('store is closed');
  }
}

/**
 * The first key after every key under `prefix`, or undefined when no such bound exists (empty prefix).
 * Incrementing the last code unit matches byte order for the ASCII keys signet uses.
 */
export function prefixEnd(prefix: string): string | undefined {
  let p = prefix;
  while (p.length > 0) {
    const last = p.charCodeAt(p.length - 1);
    if (last < 0xffff) return p.slice(0, -1) + String.fromCharCode(last + 1);
    p = p.slice(0, -1);
  }
  return undefined;
}

/** The revision an event stands for. */
export function eventRevision(e: WatchEvent): number {
  return e.type === 'BOOKMARK' ? e.revision : e.kv.modRevision;
}
