// DELETE of one object (with DeleteOptions preconditions) and of a collection.

import { readBody } from '../body.js';
import { newBadRequest, newInvalid } from '../../api/errors.js';
import { invalid, notSupported, type FieldError } from '../../api/field-error.js';
import { listPage } from '../registry/list-watch.js';
import { collectionOptions, dryRunErrors, optionsKind, strategyContext, type ResourceRequest } from './resource-request.js';
import { send } from './output.js';
import { decodeJson } from '../../api/serialize/json.js';
import { DecodeError } from '../../api/serialize/fields.js';
import { deleteOptionsShape } from '../../api/serialize/shape-kit.js';
import { int64Param } from '../query-params.js';
import type { Preconditions } from '../registry/generic-store.js';

interface DeleteOptions {
  readonly preconditions: Preconditions;
  readonly dryRun: boolean;
}

/** The DeleteOptions fields signet acts on, as decoded. */
interface DeleteOptionsBody {
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string } | null;
  readonly dryRun?: readonly string[] | null;
  readonly propagationPolicy?: string;
  readonly orphanDependents?: boolean | null;
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
  int64Param(q, 'gracePeriodSeconds');
  if (body.length > 0) {
    // Decoded into DeleteOptions' Go types, so a value of the wrong type is refused before anything is deleted.
    let o: DeleteOptionsBody;
    try {
      o = decodeJson<DeleteOptionsBody>(body, deleteOptionsShape, { fieldValidation: 'Ignore' }).object ?? {};
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      throw newBadRequest(err.syntax
        ? `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (${err.message})`
        : err.message);
    }
    const p = o.preconditions ?? {};
    preconditions = { uid: p.uid, resourceVersion: p.resourceVersion };
    for (const d of o.dryRun ?? []) dryRun.push(d);
    if (o.propagationPolicy) propagationPolicy = o.propagationPolicy;
    if (o.orphanDependents !== undefined && o.orphanDependents !== null) orphanDependents = true;
  }
  const errors: FieldError[] = [];
  if (orphanDependents && propagationPolicy !== undefined) {
    errors.push(invalid('propagationPolicy', propagationPolicy, 'orphanDependents and deletionPropagation cannot be both set'));
  }
  if (propagationPolicy !== undefined && !propagationPolicies.includes(propagationPolicy)) {
    errors.push(notSupported('propagationPolicy', propagationPolicy, [...propagationPolicies, 'nil']));
  }
  for (const e of dryRunErrors(dryRun)) errors.push(e);
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
