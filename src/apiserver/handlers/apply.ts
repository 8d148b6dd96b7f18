// Server-side apply (PATCH application/apply-patch+yaml), enough for `kubectl apply
// --server-side`: a configuration that would change a field another manager owns is a 409
// conflict unless `force=true` (--force-conflicts), which takes the field over; otherwise the
// configuration is merged into the live object, fields this manager applied before and no
// longer applies (and nobody else owns) are removed, and the manager's Apply entry in
// managedFields records what it now owns (field-ownership.ts).

import type { ApiObject } from '../registry/resource.js';
import type { WriteOptions } from '../registry/generic-store.js';
import { fieldsOf } from '../registry/managed-fields.js';
import { applyConflictError, applyConflicts, keyedItemIndex, ownedByAny } from '../registry/field-ownership.js';
import type { ManagedFieldsEntry } from '../../api/types.js';
import { strategicMergePatch } from '../patch.js';
import { newBadRequest, StatusError } from '../../api/errors.js';
import { decodeApplyBody } from './decode.js';
import { strategyContext, type ResourceRequest } from './resource-request.js';

type Tree = Record<string, unknown>;

/**
 * Removes from `live` what `previous` (this manager's last applied set) held and `next` no
 * longer does, unless another manager owns it too: then it stays, as structured-merge-diff
 * keeps a field any manager still owns.
 */
function pruneDropped(live: unknown, previous: Tree, next: Tree, others: readonly ManagedFieldsEntry[], prefix: string[] = []): void {
  if (!live || typeof live !== 'object') return;
  for (const [k, sub] of Object.entries(previous)) {
    if (k === '.') continue;
    const path = [...prefix, k];
    const nextSub = (next[k] as Tree | undefined) ?? (ownedByAny(others, path) ? {} : undefined);
    if (k.startsWith('f:')) {
      const field = k.slice(2);
      const container = live as Tree;
      if (nextSub === undefined) delete container[field];
      else pruneDropped(container[field], sub as Tree, nextSub, others, path);
    } else if (k.startsWith('k:') && Array.isArray(live)) {
      const idx = keyedItemIndex(live, k);
      if (idx < 0) continue;
      if (nextSub === undefined) live.splice(idx, 1);
      else pruneDropped(live[idx], sub as Tree, nextSub, others, path);
    }
  }
}

function previousApplied(obj: ApiObject, manager: string, subresource: string): Tree {
  const entry = obj.metadata.managedFields?.find((e) => e.manager === manager && e.operation === 'Apply' && (e.subresource ?? '') === subresource);
  return (entry?.fieldsV1 as Tree | undefined) ?? {};
}

/** Applies the configuration in `body`; creates the object if it does not exist. */
export async function applyConfiguration(r: ResourceRequest, body: Buffer, opts: WriteOptions): Promise<{ object: ApiObject; created: boolean }> {
  // writeOptions has already refused an apply without fieldManager (ValidatePatchOptions).
  const { ctx, store } = r;
  const config = decodeApplyBody(r, body);
  const name = ctx.info.name;
  if (config.metadata.name && config.metadata.name !== name) {
    throw newBadRequest(`the name of the object (${config.metadata.name}) does not match the name on the URL (${name})`);
  }
  config.metadata.name = name;
  const subresource = ctx.info.subresource;
  const applied = fieldsOf(config);
  // The main resource's status is reset by the strategy, so an apply there neither owns nor
  // conflicts on it (the ResetFieldsStrategy of kube-apiserver's field manager).
  if (!subresource && store.def.subresources['status']) delete applied['f:status'];
  const force = ctx.url.searchParams.get('force') === 'true';
  const sctx = strategyContext(r);
  const applyOpts: WriteOptions = { ...opts, operation: 'Apply', appliedFields: applied };
  try {
    const object = await store.update(sctx, name, subresource, (current) => {
      const live = r.version.toVersion(current);
      const entries = current.metadata.managedFields ?? [];
      if (!force) {
        const conflicts = applyConflicts(entries, opts.manager, applied, live, config);
        if (conflicts.length > 0) throw applyConflictError(conflicts);
      }
      const others = entries.filter((e) => e.manager !== opts.manager);
      pruneDropped(live, previousApplied(current, opts.manager, subresource), applied, others);
      const merged = strategicMergePatch(live, config) as ApiObject;
      const stored = r.version.fromVersion(merged);
      stored.metadata.resourceVersion = config.metadata.resourceVersion;
      return stored;
    }, applyOpts);
    return { object, created: false };
  } catch (err) {
    if (!(err instanceof StatusError && err.status.code === 404) || ctx.info.subresource) throw err;
  }
  const object = await store.create(sctx, r.version.fromVersion(structuredClone(config)), applyOpts);
  return { object, created: true };
}
