// metadata.managedFields, as kube-apiserver records them: which manager last set which fields,
// with what operation. Mirrors k8s.io/apimachinery/pkg/util/managedfields (FieldsV1 format).

import type { ManagedFieldsEntry } from '../../api/types.js';
import type { ApiObject } from './resource.js';
import { formatTime } from '../../api/meta.js';

/** Lists whose items are identified by a key field, by field name, as Kubernetes' schemas declare them. */
const listMapKeys: Readonly<Record<string, string>> = { conditions: 'type', ownerReferences: 'uid' };

function fieldSet(value: unknown, field = ''): Record<string, unknown> {
  if (Array.isArray(value)) {
    const key = listMapKeys[field];
    if (!key) return {};
    const out: Record<string, unknown> = {};
    for (const item of value) {
      if (item && typeof item === 'object' && key in item) {
        out[`k:${JSON.stringify({ [key]: (item as Record<string, unknown>)[key] })}`] = { '.': {}, ...fieldSet(item) };
      }
    }
    return out;
  }
  if (value === null || typeof value !== 'object') return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    out[`f:${k}`] = fieldSet(v, k);
  }
  return out;
}

/**
 * Field sets of shared objects (the watch cache's, which never change), worked out once: every
 * update diffs against the current object, and a CSR's current object is updated twice.
 */
const sharedFields = new WeakMap<ApiObject, Record<string, unknown>>();

/** The FieldsV1 set of a shared, read-only object (see decodeShared); the result must not be changed either. */
export function fieldsOfShared(obj: ApiObject): Record<string, unknown> {
  let fields = sharedFields.get(obj);
  if (!fields) {
    fields = fieldsOf(obj);
    sharedFields.set(obj, fields);
  }
  return fields;
}

/**
 * The FieldsV1 set of an object, leaving out what the server owns. When `next` updates `current`,
 * a shared object whose set is `currentFields`, a top-level field `next` took over as the very
 * same object keeps its part of that set instead of being walked again.
 */
export function fieldsOf(next: ApiObject, current?: ApiObject, currentFields?: Record<string, unknown>): Record<string, unknown> {
  const { metadata, apiVersion: _a, kind: _k, ...rest } = next;
  const { name: _n, namespace: _ns, uid: _u, resourceVersion: _r, generation: _g, creationTimestamp: _c, managedFields: _m, generateName: _gn, selfLink: _s, ...meta } = metadata;
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) {
    if (v === undefined) continue;
    const known = typeof v === 'object' && v !== null && current?.[k] === v ? currentFields?.[`f:${k}`] : undefined;
    fields[`f:${k}`] = known ?? fieldSet(v, k);
  }
  const metaFields = fieldSet(meta);
  if (Object.keys(metaFields).length > 0) fields['f:metadata'] = metaFields;
  return fields;
}

/** The manager name from `?fieldManager=` or, as kube-apiserver does, the User-Agent's program name. */
export function managerName(fieldManager: string | null, userAgent: string | undefined): string {
  if (fieldManager) return fieldManager;
  const ua = (userAgent ?? 'unknown').split('/')[0]!.trim();
  return ua.length > 128 ? ua.slice(0, 128) : ua || 'unknown';
}

/**
 * Records a write by `manager` in `obj.metadata.managedFields`: one entry per manager,
 * operation and subresource, replaced on every write of the same triple.
 */
export function recordManager(
  obj: ApiObject,
  manager: string,
  operation: 'Update' | 'Apply',
  apiVersion: string,
  subresource: string,
  now: Date,
  fields: Record<string, unknown> = fieldsOf(obj),
): void {
  const entries = (obj.metadata.managedFields ?? []).filter(
    (e) => !(e.manager === manager && e.operation === operation && (e.subresource ?? '') === subresource),
  );
  const entry: ManagedFieldsEntry = {
    manager,
    operation,
    apiVersion,
    time: formatTime(now),
    fieldsType: 'FieldsV1',
    fieldsV1: fields,
  };
  if (subresource) entry.subresource = subresource;
  entries.push(entry);
  obj.metadata.managedFields = entries;
}
