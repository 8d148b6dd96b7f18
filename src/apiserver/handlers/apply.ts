// Server-side apply (PATCH application/apply-patch+yaml), enough for `kubectl apply
// --server-side`: the applied configuration is merged into the live object, fields this
// manager applied before and no longer applies are removed, and the manager's Apply entry in
// managedFields records what it now owns. Ownership conflicts with other managers are not
// detected: every write here is as if --force-conflicts were given.

import type { ResourceRequest } from './resource-handler.js';
import type { ApiObject } from '../registry/resource.js';
import type { WriteOptions } from '../registry/generic-store.js';
import { fieldsOf } from '../registry/managed-fields.js';
import { strategicMergePatch } from '../patch.js';
import { newBadRequest, StatusError } from '../../api/errors.js';
import { decodeApplyBody } from './decode.js';
import { strategyContext } from './write.js';

type Tree = Record<string, unknown>;

/** Removes from `live` what `previous` owned and `next` no longer does. */
function pruneDropped(live: unknown, previous: Tree, next: Tree): void {
  if (!live || typeof live !== 'object') return;
  for (const [k, sub] of Object.entries(previous)) {
    if (k === '.') continue;
    const nextSub = next[k] as Tree | undefined;
    if (k.startsWith('f:')) {
      const field = k.slice(2);
      const container = live as Tree;
      if (nextSub === undefined) delete container[field];
      else pruneDropped(container[field], sub as Tree, nextSub);
    } else if (k.startsWith('k:') && Array.isArray(live)) {
      const match = JSON.parse(k.slice(2)) as Tree;
      const idx = live.findIndex((item) => item && typeof item === 'object' && Object.entries(match).every(([mk, mv]) => (item as Tree)[mk] === mv));
      if (idx < 0) continue;
      if (nextSub === undefined) live.splice(idx, 1);
      else pruneDropped(live[idx], sub as Tree, nextSub);
    }
  }
}

function previousApplied(obj: ApiObject, manager: string): Tree {
  const entry = obj.metadata.managedFields?.find((e) => e.manager === manager && e.operation === 'Apply' && !e.subresource);
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
  const applied = fieldsOf(config);
  const sctx = strategyContext(r);
  const applyOpts: WriteOptions = { ...opts, operation: 'Apply', appliedFields: applied };
  try {
    const object = await store.update(sctx, name, ctx.info.subresource, (current) => {
      const live = r.version.toVersion(current);
      pruneDropped(live, previousApplied(current, opts.manager), applied);
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
