// Objects in and out of the store: stored as JSON without resourceVersion, which is the
// store's modification revision and is put back on every read.

import type { ApiObject } from './resource.js';

/** A stored record as the registry sees it. */
export interface StoredValue {
  readonly value: Uint8Array;
  readonly modRevision: number;
}

/**
 * The bytes to store for `obj`: metadata first and without resourceVersion (the store's revision
 * replaces it), kind and apiVersion left out (the key says what it is). That fixed shape lets a
 * list answer splice the resourceVersion into the stored text without parsing it (rawListItem).
 */
export function encodeObject(obj: ApiObject): Buffer {
  const { resourceVersion: _, ...metadata } = obj.metadata;
  const { kind: _k, apiVersion: _a, metadata: _m, ...rest } = obj;
  return Buffer.from(JSON.stringify({ metadata, ...rest }));
}

const metadataOpening = '{"metadata":{';

/** A stored value as a List item, resourceVersion spliced in, or undefined if not in the stored shape. */
export function rawListItem(kv: StoredValue): string | undefined {
  const text = Buffer.from(kv.value.buffer, kv.value.byteOffset, kv.value.byteLength).toString('utf8');
  if (!text.startsWith(metadataOpening)) return undefined;
  const rest = text.slice(metadataOpening.length);
  return `${metadataOpening}"resourceVersion":"${kv.modRevision}"${rest.startsWith('}') ? '' : ','}${rest}`;
}

/** The object for a stored record, with resourceVersion set from its revision. */
export function decodeObject(kv: StoredValue): ApiObject {
  const obj = JSON.parse(Buffer.from(kv.value.buffer, kv.value.byteOffset, kv.value.byteLength).toString('utf8')) as ApiObject;
  obj.metadata.resourceVersion = String(kv.modRevision);
  return obj;
}

/**
 * Every watcher of a prefix, the watch cache and the update path receive the same KeyValue
 * objects from the store, so each stored value is decoded once, not once per reader; the decoded
 * object is shared and must not be mutated (the watch handler memoizes its serialization on it).
 */
const decoded = new WeakMap<StoredValue, ApiObject>();

/** The shared, read-only object for a stored record. */
export function decodeShared(kv: StoredValue): ApiObject {
  let obj = decoded.get(kv);
  if (!obj) {
    obj = decodeObject(kv);
    decoded.set(kv, obj);
  }
  return obj;
}
