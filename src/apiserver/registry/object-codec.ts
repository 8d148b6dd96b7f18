// Objects in and out of the store: stored as JSON without resourceVersion, which is the
// store's modification revision and is put back on every read.

import type { ApiObject } from './resource.js';

/** A stored record as the registry sees it. */
export interface StoredValue {
  readonly value: Uint8Array;
  readonly modRevision: number;
}

/** The bytes to store for `obj` (resourceVersion removed: the store's revision replaces it). */
export function encodeObject(obj: ApiObject): Buffer {
  const { resourceVersion: _, ...metadata } = obj.metadata;
  return Buffer.from(JSON.stringify({ ...obj, metadata }));
}

/** The object for a stored record, with resourceVersion set from its revision. */
export function decodeObject(kv: StoredValue): ApiObject {
  const obj = JSON.parse(Buffer.from(kv.value.buffer, kv.value.byteOffset, kv.value.byteLength).toString('utf8')) as ApiObject;
  obj.metadata.resourceVersion = String(kv.modRevision);
  return obj;
}
