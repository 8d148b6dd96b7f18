// DELETE of one object (with DeleteOptions preconditions) and of a collection.

import type { ResourceRequest } from './resource-handler.js';
import { readBody } from '../body.js';
import { newBadRequest, newInvalid } from '../../api/errors.js';
import { invalid, notSupported, type FieldError } from '../../api/field-error.js';
import { listPage } from '../registry/list-watch.js';
import { collectionOptions } from './read.js';
import { dryRunErrors, optionsKind, strategyContext } from './write.js';
import { send } from './output.js';
import { parseJson } from '../../api/serialize/json.js';
import type { Preconditions } from '../registry/generic-store.js';

interface DeleteOptions {
  readonly preconditions: Preconditions;
  readonly dryRun: boolean;
}

const propagationPolicies = ['Foreground', 'Background', 'Orphan'];

/**
 * DeleteOptions from the query and the body (kubectl sends `{"propagationPolicy":"Background"}`),
 * validated as ValidateDeleteOptions does before anything is deleted: a propagationPolicy
 * signet does not know, or one beside orphanDependents, is 422 DeleteOptions.
 */
async function deleteOptions(r: ResourceRequest): Promise<DeleteOptions> {
  const q = r.ctx.url.searchParams;
  const body = await readBody(r.ctx.req);
  const dryRun = q.getAll('dryRun');
  let propagationPolicy = q.get('propagationPolicy') ?? undefined;
  let orphanDependents = q.has('orphanDependents');
  let preconditions: Preconditions = {};
  if (body.length > 0) {
    let parsed: unknown;
    try {
      parsed = parseJson(body).value;
    } catch (err) {
      throw newBadRequest(`the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (${(err as Error).message})`);
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const o = parsed as { preconditions?: { uid?: unknown; resourceVersion?: unknown }; dryRun?: unknown; propagationPolicy?: unknown; orphanDependents?: unknown };
      const p = o.preconditions ?? {};
      preconditions = {
        uid: typeof p.uid === 'string' ? p.uid : undefined,
        resourceVersion: typeof p.resourceVersion === 'string' ? p.resourceVersion : undefined,
      };
      if (Array.isArray(o.dryRun)) dryRun.push(...o.dryRun.map(String));
      if (typeof o.propagationPolicy === 'string') propagationPolicy = o.propagationPolicy;
      if (o.orphanDependents !== undefined && o.orphanDependents !== null) orphanDependents = true;
    }
  }
  const errors: FieldError[] = [];
  if (orphanDependents && propagationPolicy !== undefined) {
    errors.push(invalid('propagationPolicy', propagationPolicy, 'orphanDependents and deletionPropagation cannot be both set'));
  }
  if (propagationPolicy !== undefined && !propagationPolicies.includes(propagationPolicy)) {
    errors.push(notSupported('propagationPolicy', propagationPolicy, [...propagationPolicies, 'nil']));
  }
  errors.push(...dryRunErrors(dryRun));
  if (errors.length > 0) throw newInvalid(optionsKind(r), '', errors);
  return { preconditions, dryRun: dryRun.length > 0 };
}

/** DELETE …/name. */
export async function handleDelete(r: ResourceRequest): Promise<void> {
  const opts = await deleteOptions(r);
  const { status } = await r.store.delete(strategyContext(r), r.ctx.info.name, opts.preconditions, { dryRun: opts.dryRun });
  send(r.ctx.res, r.ctx, 200, status);
}

/** DELETE of a collection: every object the selectors match, answered with the deleted objects. */
export async function handleDeleteCollection(r: ResourceRequest): Promise<void> {
  const opts = await deleteOptions(r);
  const page = await listPage(r.store, r.store.def, r.store.prefix(r.ctx.info.namespace), { ...collectionOptions(r), limit: undefined, continueToken: undefined });
  const deleted = [];
  for (const item of page.items) {
    try {
      const { object } = await r.store.delete({ ...strategyContext(r), namespace: item.metadata.namespace ?? '' }, item.metadata.name!, {}, { dryRun: opts.dryRun });
      deleted.push(object);
    } catch (err) {
      // Gone in the meantime: someone else deleted it, which is what was asked.
      if ((err as { code?: number }).code !== 404) throw err;
    }
  }
  send(r.ctx.res, r.ctx, 200, { kind: r.store.def.listKind, apiVersion: r.apiVersion, metadata: { resourceVersion: page.resourceVersion }, items: deleted });
}
