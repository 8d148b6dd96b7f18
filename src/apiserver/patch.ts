// PATCH bodies: JSON merge patch (RFC 7386), strategic merge patch as kubectl sends it for
// the types signet serves, and JSON patch (RFC 6902). Mirrors the semantics of
// k8s.io/apimachinery/pkg/util/strategicpatch and evanphx/json-patch, not their code.

import { maxRequestBodyBytes, newBadRequest, newInvalid, newPatchNotApplied, newRequestEntityTooLargeMessage, type GroupKind } from '../api/errors.js';
import { invalid } from '../api/field-error.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** RFC 7386: objects merge recursively, null deletes, everything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v) as Json;
  }
  return out;
}

/**
 * Lists merged by a key rather than replaced, by field path (strategic merge's patchMergeKey);
 * primitive lists with the merge strategy are unioned. Everything else follows RFC 7386.
 */
const mergeKeys: Readonly<Record<string, string>> = {
  'metadata.ownerReferences': 'uid',
};
const mergedPrimitiveLists = new Set(['metadata.finalizers']);

/** Strategic merge patch for the types signet serves. Directive keys (`$patch`, `$setElementOrder/...`) are honoured or dropped. */
export function strategicMergePatch(target: unknown, patch: unknown, path = ''): unknown {
  if (!isObject(patch)) return patch;
  if (patch['$patch'] === 'replace') {
    const { $patch: _, ...rest } = patch;
    return stripDirectives(rest);
  }
  if (patch['$patch'] === 'delete') return undefined;
  if (patch['$patch'] !== undefined) throw newBadRequest(`unknown patch type: ${goValue(patch['$patch'])} in map: ${goValue(patch)}`);
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) {
      if (k.startsWith('$deleteFromPrimitiveList/')) {
        const field = k.slice('$deleteFromPrimitiveList/'.length);
        const remove = new Set(Array.isArray(v) ? v.map((x) => JSON.stringify(x)) : []);
        const cur = out[field];
        if (Array.isArray(cur)) out[field] = cur.filter((x) => !remove.has(JSON.stringify(x)));
      }
      continue;
    }
    const childPath = path ? `${path}.${k}` : k;
    if (v === null) {
      delete out[k];
    } else if (Array.isArray(v) && mergeKeys[childPath]) {
      out[k] = mergeKeyedList(out[k], v, mergeKeys[childPath]!, childPath);
    } else if (Array.isArray(v) && mergedPrimitiveLists.has(childPath)) {
      const cur = Array.isArray(out[k]) ? (out[k] as Json[]) : [];
      out[k] = [...cur, ...v.filter((x) => !cur.some((c) => JSON.stringify(c) === JSON.stringify(x)))];
    } else {
      const merged = strategicMergePatch(out[k], v, childPath);
      if (merged === undefined) delete out[k];
      else out[k] = merged as Json;
    }
  }
  return out;
}

/** Go's %v of a decoded JSON value: maps as `map[k:v]` with sorted keys, lists as `[a b]`. */
function goValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (isObject(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${goValue(v[k])}`).join(' ')}]`;
  return v === null ? '<nil>' : String(v);
}

function mergeKeyedList(current: unknown, patch: Json[], key: string, path: string): Json[] {
  const out: Json[] = Array.isArray(current) ? [...current] : [];
  for (const item of patch) {
    if (!isObject(item)) continue;
    const idx = out.findIndex((o) => isObject(o) && o[key] === item[key]);
    if (item['$patch'] === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
    } else if (idx >= 0) {
      out[idx] = strategicMergePatch(out[idx], item, path) as Json;
    } else {
      out.push(stripDirectives(item) as Json);
    }
  }
  return out;
}

function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = stripDirectives(x) as Json;
  return out;
}

/** kube-apiserver's maxJSONPatchOperations. */
const maxJsonPatchOperations = 10_000;

/** What the values of `copy` operations may add up to: the request body limit. */
const maxJsonPatchCopyBytes = maxRequestBodyBytes;

/** One RFC 6902 operation. */
interface JsonPatchOperation {
  op: string;
  path: string;
  from?: string;
  value?: Json;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw newPatchNotApplied();
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

function resolveParent(doc: Json, tokens: string[]): { parent: Json; key: string } {
  return { parent: getAt(doc, tokens.slice(0, -1)), key: tokens[tokens.length - 1]! };
}

// Only own members are followed: `__proto__` or `constructor` in a path is a key like any other,
// never the way to Object.prototype.
function getAt(doc: Json, tokens: string[]): Json {
  let cur: Json = doc;
  for (const t of tokens) {
    if (Array.isArray(cur) && /^(0|[1-9][0-9]*)$/.test(t) && Number(t) < cur.length) cur = cur[Number(t)]!;
    else if (isObject(cur) && hasOwn(cur, t)) cur = cur[t]!;
    else throw newPatchNotApplied();
  }
  return cur;
}

function removeAt(doc: Json, tokens: string[]): Json {
  const { parent, key } = resolveParent(doc, tokens);
  if (Array.isArray(parent)) {
    const i = Number(key);
    if (!/^(0|[1-9][0-9]*)$/.test(key) || i >= parent.length) throw newPatchNotApplied();
    return parent.splice(i, 1)[0]!;
  }
  if (!isObject(parent) || !hasOwn(parent, key)) throw newPatchNotApplied();
  const v = parent[key]!;
  delete parent[key];
  return v;
}

function addAt(doc: Json, tokens: string[], value: Json, replace: boolean): Json {
  if (tokens.length === 0) return value;
  const { parent, key } = resolveParent(doc, tokens);
  if (Array.isArray(parent)) {
    if (key === '-' && !replace) parent.push(value);
    else {
      const i = Number(key);
      if (!/^(0|[1-9][0-9]*)$/.test(key) || i > parent.length || (replace && i >= parent.length)) throw newPatchNotApplied();
      if (replace) parent[i] = value;
      else parent.splice(i, 0, value);
    }
  } else if (isObject(parent)) {
    if (replace && !hasOwn(parent, key)) throw newPatchNotApplied();
    Object.defineProperty(parent, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    throw newPatchNotApplied();
  }
  return doc;
}

/** Go's name for a JSON value's type, as encoding/json's UnmarshalTypeError says it. */
function goJsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v;
}

/**
 * RFC 6902 JSON patch; a failing operation leaves nothing applied (the caller's object is not
 * touched). As kube-apiserver: a document that is not a list of operations is 400 with Go's
 * decoding error; an operation that does not apply is 422 (newPatchNotApplied).
 */
export function jsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw newBadRequest(`json: cannot unmarshal ${goJsonType(operations)} into Go value of type jsonpatch.Patch`);
  // Go decodes a null element into an empty operation, which then does not apply.
  const notOperation = operations.find((o) => o !== null && !isObject(o));
  if (notOperation !== undefined) throw newBadRequest(`json: cannot unmarshal ${goJsonType(notOperation)} into Go value of type jsonpatch.Operation`);
  if (operations.length > maxJsonPatchOperations) {
    throw newRequestEntityTooLargeMessage(`The allowed maximum operations in a JSON patch is ${maxJsonPatchOperations}, got ${operations.length}`);
  }
  let doc = structuredClone(target) as Json;
  // What copies add up to is bounded, or a few dozen bytes of `copy` could double an object each time.
  let copied = 0;
  for (const raw of operations as JsonPatchOperation[]) {
    if (!isObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') throw newPatchNotApplied();
    const tokens = parsePointer(raw.path);
    switch (raw.op) {
      case 'add':
        doc = addAt(doc, tokens, structuredClone(raw.value ?? null), false);
        break;
      case 'replace':
        doc = tokens.length === 0 ? structuredClone(raw.value ?? null) : addAt(doc, tokens, structuredClone(raw.value ?? null), true);
        break;
      case 'remove':
        removeAt(doc, tokens);
        break;
      case 'move': {
        const value = removeAt(doc, parsePointer(raw.from ?? ''));
        doc = addAt(doc, tokens, value, false);
        break;
      }
      case 'copy': {
        const value = getAt(doc, parsePointer(raw.from ?? ''));
        copied += JSON.stringify(value).length;
        if (copied > maxJsonPatchCopyBytes) {
          throw newRequestEntityTooLargeMessage(`Unable to copy, accumulated size exceeded: limit ${maxJsonPatchCopyBytes}, actual ${copied}`);
        }
        doc = addAt(doc, tokens, structuredClone(value), false);
        break;
      }
      case 'test':
        if (JSON.stringify(getAt(doc, tokens)) !== JSON.stringify(raw.value ?? null)) throw newPatchNotApplied();
        break;
      default:
        throw newPatchNotApplied();
    }
  }
  return doc;
}

/** Rejects a patch whose result is not an object (e.g. a merge patch of `"x"`). */
export function requireObject(result: unknown, gk: GroupKind, name: string): Record<string, unknown> {
  if (!isObject(result)) throw newInvalid(gk, name, [invalid('', '<patch result>', 'the patched object must be a JSON object')]);
  return result;
}
