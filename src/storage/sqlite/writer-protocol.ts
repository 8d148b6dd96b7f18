// The messages between the SQLite store and its writer thread. A batch's values travel packed in
// one fresh ArrayBuffer that is transferred, not copied: a small Buffer usually sits in Node's
// shared 8 KiB pool, which a message would otherwise copy whole, once per value.

import { ConflictError, FenceLostError, GroupAbortedError, KeyExistsError, NotFoundError, StoreError, type Fence, type KeyValue } from '../store.js';

/** One write as the store asks for it: create, update (`expected` set), or delete. */
export interface WriteRequest {
  readonly op: 'create' | 'update' | 'delete';
  readonly key: string;
  /** The modRevision the key must have; -1: any (a create, or a delete without precondition). */
  readonly expected: number;
  readonly fence: Fence | undefined;
  /** An update whose expected modRevision is the revision the write before it got. */
  readonly chained?: true;
  /** Written only together with the write before it, and that one only with this (Store.commitAll). */
  readonly withPrevious?: true;
}

/** One write as it travels to the writer, with where its value lies in the batch's buffer. */
export interface WriteOp extends WriteRequest {
  readonly at: number;
  readonly length: number;
}

/** A key's state as the writer found it: the previous value of an update or delete, or the current one of a conflict. */
export interface PackedKv {
  readonly createRevision: number;
  readonly modRevision: number;
  readonly at: number;
  readonly length: number;
}

export type WriteResult =
  | { readonly ok: true; readonly revision: number; readonly createRevision: number; readonly prev: PackedKv | undefined }
  | { readonly ok: false; readonly refusal: 'exists' | 'not-found' | 'fence-lost' }
  /** Not written because another write of its group was refused. */
  | { readonly ok: false; readonly refusal: 'aborted' }
  | { readonly ok: false; readonly refusal: 'conflict'; readonly current: PackedKv }
  /** SQLite refused the write itself (disk full, I/O error): not a storage-contract answer. */
  | { readonly ok: false; readonly refusal: 'failed'; readonly message: string };

export type ToWriter =
  | { readonly kind: 'writes'; readonly ops: readonly WriteOp[]; readonly values: ArrayBuffer }
  /** Deletes the rows superseded at or before `revision` and records it as the compact revision. */
  | { readonly kind: 'compact'; readonly revision: number }
  | { readonly kind: 'checkpoint' }
  | { readonly kind: 'close' };

export type FromWriter =
  | { readonly kind: 'ready' }
  | { readonly kind: 'writes'; readonly results: readonly WriteResult[]; readonly values: ArrayBuffer }
  /** A compaction or checkpoint finished; `error` says why it failed. */
  | { readonly kind: 'done'; readonly error?: string }
  /** The thread cannot go on (its database would not open, or a transaction could not even be retried). */
  | { readonly kind: 'broken'; readonly message: string };

/** Gathers byte strings into one buffer, each found again by its offset and length. */
export class Packer {
  #chunks: Uint8Array[] = [];
  #size = 0;

  add(bytes: Uint8Array): { at: number; length: number } {
    const at = this.#size;
    this.#chunks.push(bytes);
    this.#size += bytes.length;
    return { at, length: bytes.length };
  }

  /** The packed bytes in a buffer of their own, fit to be transferred. */
  take(): ArrayBuffer {
    const out = new Uint8Array(this.#size);
    let at = 0;
    for (const c of this.#chunks) {
      out.set(c, at);
      at += c.length;
    }
    this.#chunks = [];
    this.#size = 0;
    return out.buffer;
  }
}

/** The KeyValue of `key` whose value lies packed in `values`. */
export function unpackKv(key: string, kv: PackedKv, values: ArrayBuffer): KeyValue {
  return { key, value: new Uint8Array(values, kv.at, kv.length), createRevision: kv.createRevision, modRevision: kv.modRevision };
}

/** The storage error a refusal stands for. */
export function refusalError(op: WriteRequest, r: Extract<WriteResult, { ok: false }>, values: ArrayBuffer): Error {
  switch (r.refusal) {
    case 'exists': return new KeyExistsError(op.key);
    case 'not-found': return new NotFoundError(op.key);
    case 'fence-lost': return new FenceLostError(op.fence!);
    case 'conflict': return new ConflictError(op.key, op.expected, unpackKv(op.key, r.current, values));
    case 'failed': return new StoreError(`the database refused a write to ${op.key}: ${r.message}`);
    case 'aborted': return new GroupAbortedError(op.key);
  }
}
