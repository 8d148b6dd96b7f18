// Objects in and out of the store: stored as JSON without resourceVersion, which is the
// store's modification revision and is put back on every read.

import type { ApiObject } from './resource.js';
import { setBounded } from '../../runtime/bounded-map.js';

/** A stored record as the registry sees it. */
export interface StoredValue {
  readonly value: Uint8Array;
  readonly modRevision: number;
}

/**
 * The bytes to store for `obj`: metadata first and without resourceVersion (the store's revision
 * replaces it), kind and apiVersion left out (the key says what it is). That fixed shape lets
 * answers splice the resourceVersion into the stored bytes without parsing them (rawListBody,
 * storedJson).
 */
export function encodeObject(obj: ApiObject): Buffer {
  const { resourceVersion: _, ...metadata } = obj.metadata;
  const { kind: _k, apiVersion: _a, metadata: _m, ...rest } = obj;
  return Buffer.from(JSON.stringify({ metadata, ...rest }));
}

/**
 * Whether two objects store as the same content: equal as JSON, resourceVersion, kind and
 * apiVersion aside. Key order does not count, as it does not in Go's encoding of the same object;
 * parts the two share by reference (an update keeps the spec it did not touch) are not walked.
 */
export function sameStoredContent(a: ApiObject, b: ApiObject): boolean {
  const { resourceVersion: _ra, ...metaA } = a.metadata;
  const { resourceVersion: _rb, ...metaB } = b.metadata;
  const { kind: _ka, apiVersion: _aa, metadata: _ma, ...restA } = a;
  const { kind: _kb, apiVersion: _ab, metadata: _mb, ...restB } = b;
  return sameJson(metaA, metaB) && sameJson(restA, restB);
}

/** Equal as JSON.stringify would write them: a property holding undefined is no property. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const k in x) {
    if (x[k] === undefined) continue;
    if (!Object.prototype.hasOwnProperty.call(y, k) || !sameJson(x[k], y[k])) return false;
    count++;
  }
  for (const k in y) if (y[k] !== undefined) count--;
  return count === 0;
}

const opening = Buffer.from('{"metadata":{');
const comma = Buffer.from(',');

/**
 * What follows the opening `{"metadata":{` of a stored value once its resourceVersion is put back
 * as the first metadata field: that field, then the stored bytes after the opening. Undefined for
 * a value not in the stored shape (none written by this registry).
 */
function resourceVersionSpliced(kv: StoredValue): Uint8Array[] | undefined {
  const value = kv.value;
  if (value.length <= opening.length) return undefined;
  for (let i = 0; i < opening.length; i++) if (value[i] !== opening[i]) return undefined;
  const empty = value[opening.length] === 0x7d; // '}': no other metadata field follows
  return [Buffer.from(`"resourceVersion":"${kv.modRevision}"${empty ? '' : ','}`), value.subarray(opening.length)];
}

/**
 * A List answer as bytes: `head`, the stored values with their resourceVersions spliced in, comma
 * separated, and `tail`. Values in the stored shape are copied as they are, never decoded to text
 * and encoded back; only one that is not (none written by this registry) is parsed.
 */
export function rawListBody(head: string, kvs: readonly StoredValue[], tail: string): Buffer {
  const parts: Uint8Array[] = [Buffer.from(head)];
  for (let i = 0; i < kvs.length; i++) {
    const kv = kvs[i]!;
    if (i > 0) parts.push(comma);
    const spliced = resourceVersionSpliced(kv);
    if (spliced) parts.push(opening, ...spliced);
    else parts.push(Buffer.from(JSON.stringify(decodeObject(kv))));
  }
  parts.push(Buffer.from(tail));
  return Buffer.concat(parts);
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

/**
 * Objects written lately, by key. The watch event of a write carries the same bytes, so it shares
 * the object the registry encoded instead of parsing them back; from then on that object is as
 * shared and read-only as a decoded one. The event may be read after the write was answered (the
 * watch cache delivers on a later turn), so an entry stays until its event is decoded, the key is
 * written again, or, bounded, newer writes push it out. A chain of writes of one key (an approval
 * and its certificate) leaves one entry per write.
 */
interface Written {
  readonly value: Uint8Array;
  readonly object: ApiObject;
}
const written = new Map<string, readonly Written[]>();
const maxWritten = 4096;

/**
 * Stores `object`, encoded as `value`, under `key` with `write`, which answers the revision; then
 * `object` is what the store holds: its resourceVersion is that revision and its stored bytes are
 * remembered. Until then, and until decoded once, a record of the same key and bytes decodes to
 * `object`. A write that fails leaves nothing behind.
 */
export async function writeObject(key: string, value: Uint8Array, object: ApiObject, write: () => Promise<number>): Promise<number> {
  return (await writeObjects(key, [{ value, object }], async () => [await write()]))[0]!;
}

/** writeObject for successive writes of one key committed together (Store.commitAll), answering their revisions. */
export async function writeObjects(key: string, entries: readonly Written[], write: () => Promise<readonly number[]>): Promise<readonly number[]> {
  setBounded(written, key, entries, maxWritten);
  let revisions: readonly number[];
  try {
    revisions = await write();
  } catch (err) {
    if (written.get(key) === entries) written.delete(key);
    throw err;
  }
  entries.forEach(({ value, object }, i) => {
    const revision = revisions[i]!;
    // Its watch event may have been decoded first and set it already.
    if (object.metadata.resourceVersion !== String(revision)) object.metadata.resourceVersion = String(revision);
    rememberStoredForm(object, { value, modRevision: revision });
  });
  return revisions;
}

/** The object written as `kv`, taken out of `written`, if its bytes are still waiting there. */
function takeWritten(kv: StoredValue & { readonly key: string }): ApiObject | undefined {
  const entries = written.get(kv.key);
  if (!entries) return undefined;
  const revision = String(kv.modRevision);
  const w = entries.find((e) => Buffer.from(e.value.buffer, e.value.byteOffset, e.value.byteLength).equals(kv.value)
    // The writer may have answered first, and its caller frozen what it got (tests do).
    && (e.object.metadata.resourceVersion === revision || !Object.isFrozen(e.object.metadata)));
  if (!w) return undefined;
  const rest = entries.filter((e) => e !== w);
  if (rest.length > 0) written.set(kv.key, rest);
  else written.delete(kv.key);
  if (w.object.metadata.resourceVersion !== revision) w.object.metadata.resourceVersion = revision;
  return w.object;
}

/** The shared, read-only object for a stored record. */
export function decodeShared(kv: StoredValue & { readonly key: string }): ApiObject {
  let obj = decoded.get(kv);
  if (!obj) {
    obj = takeWritten(kv) ?? decodeObject(kv);
    decoded.set(kv, obj);
    storedForms.set(obj, kv);
  }
  return obj;
}

/**
 * The stored record an object was decoded from or was just written as. Its bytes, with the
 * resourceVersion spliced in, are the object's JSON: answers and watch events of the storage
 * version send them rather than serialize the object again.
 */
const storedForms = new WeakMap<ApiObject, StoredValue>();

/** Records that `obj` is what `stored` holds (after a write). */
export function rememberStoredForm(obj: ApiObject, stored: StoredValue): void {
  storedForms.set(obj, stored);
}

/**
 * `obj` as JSON with `kind` and `apiVersion` first, from its stored bytes; undefined when they are
 * not known or no longer match (a resourceVersion changed since).
 */
export function storedJson(obj: ApiObject, kind: string, apiVersion: string): string | undefined {
  const kv = storedForms.get(obj);
  if (!kv || obj.metadata.resourceVersion !== String(kv.modRevision)) return undefined;
  const spliced = resourceVersionSpliced(kv);
  return spliced && Buffer.concat([Buffer.from(`{"kind":${JSON.stringify(kind)},"apiVersion":${JSON.stringify(apiVersion)},"metadata":{`), ...spliced]).toString('utf8');
}
