// POST, PUT and PATCH: decode the body, convert it to the stored version, and hand it to the
// generic store with the strategy of the resource or subresource.

import type { ResourceRequest } from './resource-handler.js';
import type { ApiObject, StrategyContext } from '../registry/resource.js';
import type { WriteOptions } from '../registry/generic-store.js';
import { readBody } from '../body.js';
import { mediaTypeOf, MediaType } from '../negotiate.js';
import { jsonPatch, mergePatch, requireObject, strategicMergePatch } from '../patch.js';
import { managerName } from '../registry/managed-fields.js';
import { newBadRequest, newInvalid, newUnsupportedMediaType } from '../../api/errors.js';
import { notSupported } from '../../api/field-error.js';
import { decodeObjectBody, decodePatchBody, checkPatchedObject } from './decode.js';
import { sendObject } from './output.js';
import { applyConfiguration } from './apply.js';

/** The strategy context of a request. */
export function strategyContext(r: ResourceRequest): StrategyContext {
  return { user: r.ctx.user, now: r.ctx.now, namespace: r.ctx.info.namespace, version: r.version.version };
}

const optionsKinds: Readonly<Record<string, string>> = { create: 'CreateOptions', update: 'UpdateOptions', patch: 'PatchOptions', delete: 'DeleteOptions', deletecollection: 'DeleteOptions' };

/** Checks dryRun values as upstream validates the options object: only "All" is supported. */
export function checkDryRun(r: ResourceRequest, values: readonly string[]): void {
  if (values.every((d) => d === 'All')) return;
  const kind = optionsKinds[r.ctx.info.verb] ?? 'CreateOptions';
  throw newInvalid({ group: 'meta.k8s.io', kind }, '', [notSupported('dryRun', { goSyntax: `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}` }, ['All'])]);
}

/** dryRun, fieldManager and the request's apiVersion. */
export function writeOptions(r: ResourceRequest): WriteOptions {
  const q = r.ctx.url.searchParams;
  const dryRun = q.getAll('dryRun');
  checkDryRun(r, dryRun);
  const manager = managerName(q.get('fieldManager'), r.ctx.req.headers['user-agent']);
  if (manager.length > 128) throw newBadRequest(`fieldManager: Too long: may not be more than 128 bytes`);
  return { dryRun: dryRun.length > 0, manager, apiVersion: r.apiVersion };
}

/** `Warning` response headers for field-validation warnings (RFC 7234 warn-code 299). */
export function warningHeaders(warnings: readonly string[]): Record<string, string> {
  if (warnings.length === 0) return {};
  return { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
}

/** POST: create. */
export async function handleCreate(r: ResourceRequest): Promise<void> {
  const { ctx, store } = r;
  if (ctx.info.subresource) throw newBadRequest(`create is not supported on ${ctx.info.subresource}`);
  const body = await readBody(ctx.req);
  const { object, warnings } = decodeObjectBody(r, body);
  const created = await store.create(strategyContext(r), r.version.fromVersion(object), writeOptions(r));
  sendObject(ctx, store.def, r.version, r.apiVersion, 201, created, warningHeaders(warnings));
}

/** PUT: replace, through the resource or a subresource. */
export async function handleUpdate(r: ResourceRequest): Promise<void> {
  const { ctx, store } = r;
  const body = await readBody(ctx.req);
  const { object, warnings } = decodeObjectBody(r, body);
  const stored = r.version.fromVersion(object);
  const updated = await store.update(strategyContext(r), ctx.info.name, ctx.info.subresource, () => structuredClone(stored), writeOptions(r));
  sendObject(ctx, store.def, r.version, r.apiVersion, 200, updated, warningHeaders(warnings));
}

/** PATCH: merge, strategic merge, JSON patch, or server-side apply. */
export async function handlePatch(r: ResourceRequest): Promise<void> {
  const { ctx, store } = r;
  const type = mediaTypeOf(ctx.req.headers['content-type']);
  const body = await readBody(ctx.req);
  const opts = writeOptions(r);
  const warnings: string[] = [];
  if (type === MediaType.applyPatch) {
    const result = await applyConfiguration(r, body, opts);
    sendObject(ctx, store.def, r.version, r.apiVersion, result.created ? 201 : 200, result.object);
    return;
  }
  const patch = decodePatchBody(body, type);
  const apply = (current: ApiObject): ApiObject => {
    const inVersion = r.version.toVersion(current);
    let patched: unknown;
    if (type === MediaType.mergePatch) patched = mergePatch(inVersion, patch);
    else if (type === MediaType.strategicMergePatch) patched = strategicMergePatch(inVersion, patch);
    else if (type === MediaType.jsonPatch) patched = jsonPatch(inVersion, patch);
    else throw newUnsupportedMediaType([MediaType.jsonPatch, MediaType.mergePatch, MediaType.applyPatch, MediaType.strategicMergePatch]);
    const obj = requireObject(patched, store.def.groupKind, ctx.info.name) as ApiObject;
    warnings.splice(0, warnings.length, ...checkPatchedObject(r, obj));
    return r.version.fromVersion(obj);
  };
  const updated = await store.update(strategyContext(r), ctx.info.name, ctx.info.subresource, apply, opts);
  sendObject(ctx, store.def, r.version, r.apiVersion, 200, updated, warningHeaders(warnings));
}
