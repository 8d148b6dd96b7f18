// Field ownership as server-side apply tracks it in managedFields (FieldsV1): an update takes the
// fields it changes from every other manager; an apply that would change a field another manager
// owns is a conflict unless forced, and forcing takes the field over. Mirrors what
// sigs.k8s.io/structured-merge-diff does for the leaves of an object, as far as
// `kubectl apply --server-side` and the managers beside it need.

import type { ManagedFieldsEntry } from '../../api/types.js';
import { newApplyConflict, type StatusError } from '../../api/errors.js';

/** A FieldsV1 set: `f:<field>` and `k:<key JSON>` nodes, `{}` at the leaves, `.` for an item owned as such. */
export type FieldSet = Record<string, unknown>;

/** A path of FieldsV1 keys from the root, e.g. `f:metadata`, `f:labels`, `f:app`. */
export type FieldPath = readonly string[];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a set owns anything: a key besides the `.` of a list item. */
function ownsAny(set: FieldSet): boolean {
  for (const k in set) if (k !== '.') return true;
  return false;
}

/**
 * The leaves of a set: fields owned as values (the `.` of a list item says it is owned, not what
 * it holds). `within`, when given, picks the top-level fields to look under.
 */
export function leafPaths(set: FieldSet, within?: (topField: string) => boolean): string[][] {
  const out: string[][] = [];
  const path: string[] = [];
  const collect = (node: FieldSet): void => {
    for (const k in node) {
      if (k === '.' || (path.length === 0 && within && !within(k))) continue;
      const sub = node[k];
      path.push(k);
      if (isObject(sub) && ownsAny(sub)) collect(sub);
      else out.push(path.slice());
      path.pop();
    }
  };
  collect(set);
  return out;
}

/** Parsed `k:` segments: the same few keys (a condition's type) recur on every write. */
const parsedKeys = new Map<string, [string, unknown][]>();

function keyOf(seg: string): [string, unknown][] {
  let key = parsedKeys.get(seg);
  if (!key) {
    key = Object.entries(JSON.parse(seg.slice(2)) as Record<string, unknown>);
    if (parsedKeys.size >= 4096) parsedKeys.clear();
    parsedKeys.set(seg, key);
  }
  return key;
}

/** The index of the list item a `k:<key JSON>` segment names, or -1. */
export function keyedItemIndex(list: readonly unknown[], seg: string): number {
  const key = keyOf(seg);
  return list.findIndex((item) => isObject(item) && key.every(([k, v]) => item[k] === v));
}

/** What valueAt finds where an object has no value. */
const absent: unique symbol = Symbol('absent');

/** The value at `path` in an object, or `absent`. */
function valueAt(obj: unknown, path: FieldPath): unknown {
  let cur: unknown = obj;
  for (const seg of path) {
    if (seg.startsWith('f:')) {
      const field = seg.slice(2);
      if (!isObject(cur) || !Object.prototype.hasOwnProperty.call(cur, field)) return absent;
      cur = cur[field];
    } else if (seg.startsWith('k:') && Array.isArray(cur)) {
      const i = keyedItemIndex(cur, seg);
      if (i < 0) return absent;
      cur = cur[i];
    } else {
      return absent;
    }
  }
  return cur;
}

/** Whether the top-level field `seg` is the very same object on both sides: nothing under it changed. */
function sameTopLevel(before: unknown, after: unknown, seg: string): boolean {
  if (!seg.startsWith('f:') || !isObject(before) || !isObject(after)) return false;
  const v = before[seg.slice(2)];
  return typeof v === 'object' && v !== null && v === after[seg.slice(2)];
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Scalars that differ differ, as does a value beside none; lists kept whole (usages) and maps compare by content.
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether `set` reaches `path`: owns the field there, or something inside it. */
function holds(set: FieldSet, path: FieldPath): boolean {
  let cur: unknown = set;
  for (const seg of path) {
    if (!isObject(cur) || !Object.prototype.hasOwnProperty.call(cur, seg)) return false;
    cur = cur[seg];
  }
  return true;
}

/** Whether any of `entries` owns the field at `path` or something inside it. */
export function ownedByAny(entries: readonly ManagedFieldsEntry[], path: FieldPath): boolean {
  return entries.some((e) => holds((e.fieldsV1 ?? {}) as FieldSet, path));
}

/** `set` without `paths` (and without branches they leave empty). */
function without(set: FieldSet, paths: readonly FieldPath[]): FieldSet {
  // Usually none of them is there (a controller's status write leaves the creator's fields alone).
  if (!paths.some((p) => holds(set, p))) return set;
  const out = structuredClone(set);
  for (const path of paths) {
    const trail: Record<string, unknown>[] = [out];
    let cur: Record<string, unknown> = out;
    let present = true;
    for (const seg of path.slice(0, -1)) {
      const next = cur[seg];
      if (!isObject(next)) {
        present = false;
        break;
      }
      cur = next;
      trail.push(cur);
    }
    const last = path[path.length - 1]!;
    if (!present || !Object.prototype.hasOwnProperty.call(cur, last)) continue;
    delete cur[last];
    for (let i = trail.length - 1; i > 0 && Object.keys(trail[i]!).length === 0; i--) delete trail[i - 1]![path[i - 1]!];
  }
  return out;
}

/** `set` with `paths` added. */
function withPaths(set: FieldSet, paths: readonly FieldPath[]): FieldSet {
  const out = structuredClone(set);
  for (const path of paths) {
    let cur: Record<string, unknown> = out;
    for (const seg of path) {
      if (!isObject(cur[seg])) cur[seg] = seg.startsWith('k:') ? { '.': {} } : {};
      cur = cur[seg] as Record<string, unknown>;
    }
  }
  return out;
}

/** One field another manager owns and an apply would change. */
export interface ApplyConflict {
  readonly manager: ManagedFieldsEntry;
  readonly path: FieldPath;
}

/**
 * The conflicts of applying `applied` (the configuration's field set) by `manager`: leaves whose
 * configured value differs from the live one and that another manager owns.
 */
export function applyConflicts(entries: readonly ManagedFieldsEntry[], manager: string, applied: FieldSet, live: unknown, config: unknown): ApplyConflict[] {
  const out: ApplyConflict[] = [];
  for (const path of leafPaths(applied)) {
    const was = valueAt(live, path);
    if (was === absent || sameValue(was, valueAt(config, path))) continue;
    for (const e of entries) {
      if (e.manager !== manager && holds((e.fieldsV1 ?? {}) as FieldSet, path)) out.push({ manager: e, path });
    }
  }
  return out.sort((a, b) => (a.manager.manager ?? '').localeCompare(b.manager.manager ?? ''));
}

/** A path as structured-merge-diff prints it: `.metadata.labels.app`, `.status.conditions[type="Approved"]`. */
export function pathString(path: FieldPath): string {
  return path.map((seg) => {
    if (seg.startsWith('f:')) return `.${seg.slice(2)}`;
    const key = JSON.parse(seg.slice(2)) as Record<string, unknown>;
    return `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
  }).join('');
}

/** A manager as kube-apiserver names it in a conflict: `"kubectl"`, or an update's `"m" using v1 at <time>`. */
function printManager(e: ManagedFieldsEntry): string {
  let out = JSON.stringify(e.manager ?? '');
  if (e.subresource) out += ` with subresource ${JSON.stringify(e.subresource)}`;
  if (e.operation === 'Update') out += e.time ? ` using ${e.apiVersion} at ${e.time}` : ` using ${e.apiVersion}`;
  return out;
}

/** The 409 of an apply with conflicts, worded as fieldmanager's NewConflictError words it. */
export function applyConflictError(conflicts: readonly ApplyConflict[]): StatusError {
  const causes = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${printManager(c.manager)}`, field: pathString(c.path) }));
  if (conflicts.length === 1) return newApplyConflict(causes, `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0]!.manager)}: ${pathString(conflicts[0]!.path)}`);
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) {
    const who = printManager(c.manager);
    byManager.set(who, [...(byManager.get(who) ?? []), `- ${pathString(c.path)}`]);
  }
  const lines = [...byManager.keys()].sort().flatMap((who) => [`conflicts with ${who}:`, ...byManager.get(who)!]);
  return newApplyConflict(causes, `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`);
}

/** What a write did, for `transferOwnership`. */
export interface OwnedWrite {
  readonly manager: string;
  readonly operation: 'Update' | 'Apply';
  readonly apiVersion: string;
  readonly subresource: string;
  readonly time: string;
  /** For an apply: exactly the fields it now owns. */
  readonly applied?: FieldSet;
}

/**
 * The managedFields after a write from `before` to `after` (their field sets given): every field
 * the write added or changed leaves the other managers; a field it removed leaves everyone; the
 * writer's entry holds what it owned plus what it changed (an update) or what it applied (an
 * apply). Entries left owning nothing are dropped, as Kubernetes drops them.
 */
export function transferOwnership(
  entries: readonly ManagedFieldsEntry[], before: { object: unknown; fields: FieldSet }, after: { object: unknown; fields: FieldSet }, write: OwnedWrite,
): ManagedFieldsEntry[] {
  const touched = (top: string): boolean => !sameTopLevel(before.object, after.object, top);
  const changed = leafPaths(after.fields, touched).filter((p) => !sameValue(valueAt(before.object, p), valueAt(after.object, p)));
  const removed = leafPaths(before.fields, touched).filter((p) => valueAt(after.object, p) === absent);
  const isWriter = (e: ManagedFieldsEntry): boolean => e.manager === write.manager && e.operation === write.operation && (e.subresource ?? '') === write.subresource;
  const previous = entries.find(isWriter);
  const others = entries.filter((e) => !isWriter(e)).map((e) => ({ ...e, fieldsV1: without((e.fieldsV1 ?? {}) as FieldSet, [...changed, ...removed]) }));
  const own = write.applied ?? without(withPaths((previous?.fieldsV1 ?? {}) as FieldSet, changed), removed);
  const entry: ManagedFieldsEntry = { manager: write.manager, operation: write.operation, apiVersion: write.apiVersion, time: write.time, fieldsType: 'FieldsV1', fieldsV1: own };
  if (write.subresource) entry.subresource = write.subresource;
  const kept = others.filter((e) => ownsAny(e.fieldsV1 as FieldSet));
  return write.operation === 'Apply' || ownsAny(own) ? [...kept, entry] : kept;
}
