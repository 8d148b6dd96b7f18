// POST, PUT and PATCH: decode the body, convert it to the stored version, and hand it to the
// generic store with the strategy of the resource or subresource.

import { strategyContext, warningHeaders, writeOptions, type ResourceRequest } from './resource-request.js';
import type { ApiObject } from '../registry/resource.js';
import { readBody } from '../body.js';
import { mediaTypeOf, MediaType } from '../negotiate.js';
import { jsonPatch, mergePatch, requireObject, strategicMergePatch } from '../patch.js';
import { newUnsupportedMediaType } from '../../api/errors.js';
import { decodeObjectBody, decodePatchBody, checkPatchedObject } from './decode.js';
import { sendObject } from './output.js';
import { applyConfiguration } from './apply.js';

/** POST: create. */
export async function handleCreate(r: ResourceRequest): Promise<void> {
  const { ctx, store } = r;
  const opts = writeOptions(r);
  const body = await readBody(ctx.req);
  const { object, warnings } = decodeObjectBody(r, body);
  const created = await store.create(strategyContext(r), r.version.fromVersion(object), opts);
  sendObject(ctx, store.def, r.version, r.apiVersion, 201, created, warningHeaders(warnings));
}

/** PUT: replace, through the resource or a subresource. */
export async function handleUpdate(r: ResourceRequest): Promise<void> {
  const { ctx, store } = r;
  const opts = writeOptions(r);
  const body = await readBody(ctx.req);
  const { object, warnings } = decodeObjectBody(r, body);
  const stored = r.version.fromVersion(object);
  const updated = await store.update(strategyContext(r), ctx.info.name, ctx.info.subresource, () => structuredClone(stored), opts);
  sendObject(ctx, store.def, r.version, r.apiVersion, 200, updated, warningHeaders(warnings));
}

/** PATCH: merge, strategic merge, JSON patch, or server-side apply. */
export async function handlePatch(r: ResourceRequest): Promise<void> {
  const { ctx, store } = r;
  const type = mediaTypeOf(ctx.req.headers['content-type']);
  const opts = writeOptions(r, type);
  const body = await readBody(ctx.req);
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
