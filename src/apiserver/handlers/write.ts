// POST, PUT and PATCH: decode the body, convert it to the stored version, and hand it to the
// generic store with the strategy of the resource or subresource.

import type { ResourceRequest } from './resource-handler.js';
import type { ApiObject, StrategyContext } from '../registry/resource.js';
import type { WriteOptions } from '../registry/generic-store.js';
import { readBody } from '../body.js';
import { mediaTypeOf, MediaType } from '../negotiate.js';
import { jsonPatch, mergePatch, requireObject, strategicMergePatch } from '../patch.js';
import { managerName } from '../registry/managed-fields.js';
import { newInvalid, newUnsupportedMediaType, type GroupKind } from '../../api/errors.js';
import { forbidden, invalid, notSupported, required, tooLong, type FieldError } from '../../api/field-error.js';
import { decodeObjectBody, decodePatchBody, checkPatchedObject } from './decode.js';
import { sendObject } from './output.js';
import { applyConfiguration } from './apply.js';

/** The strategy context of a request. */
export function strategyContext(r: ResourceRequest): StrategyContext {
  return { user: r.ctx.user, now: r.ctx.now, namespace: r.ctx.info.namespace, version: r.version.version };
}

const optionsKinds: Readonly<Record<string, string>> = { create: 'CreateOptions', update: 'UpdateOptions', patch: 'PatchOptions', delete: 'DeleteOptions', deletecollection: 'DeleteOptions' };

/** dryRun may only be "All" (ValidateDryRun). */
export function dryRunErrors(values: readonly string[]): FieldError[] {
  if (values.every((d) => d === 'All')) return [];
  return [notSupported('dryRun', { goSyntax: `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}` }, ['All'])];
}

/** The options kind a verb's query and body decode into, named in its 422. */
export function optionsKind(r: ResourceRequest): GroupKind {
  return { group: 'meta.k8s.io', kind: optionsKinds[r.ctx.info.verb] ?? 'CreateOptions' };
}

/** fieldValidation's values as ValidateFieldValidation lists them (sorted; '' is the default, Warn). */
const fieldValidationValues: readonly string[] = ['', 'Ignore', 'Strict', 'Warn'];

/** fieldManager: at most 128 bytes, printable (ValidateFieldManager). */
function fieldManagerErrors(manager: string): FieldError[] {
  // Printable ASCII, what every client sends, needs no look at each character.
  if (/^[ -~]{0,128}$/.test(manager)) return [];
  const errors: FieldError[] = [];
  if (Buffer.byteLength(manager) > 128) errors.push(tooLong('fieldManager', 128));
  let i = 0;
  for (const c of manager) {
    // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    if (c !== ' ' && !/[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(c)) {
      const hex = c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      errors.push(invalid('fieldManager', manager, `invalid character U+${hex} (at position ${i})`));
    }
    i += Buffer.byteLength(c);
  }
  return errors;
}

/**
 * dryRun, fieldManager and the request's apiVersion, after the options are validated as
 * ValidateCreateOptions / ValidateUpdateOptions / ValidatePatchOptions do (422 naming the
 * options kind). `patchType` is the Content-Type of a PATCH: only apply may carry `force`, and
 * apply must name its manager.
 */
export function writeOptions(r: ResourceRequest, patchType?: string): WriteOptions {
  const q = r.ctx.url.searchParams;
  const dryRun = q.getAll('dryRun');
  const fieldManager = q.get('fieldManager') ?? '';
  const errors: FieldError[] = [];
  if (r.ctx.info.verb === 'patch') {
    if (patchType !== MediaType.applyPatch) {
      if (q.has('force')) errors.push(forbidden('force', 'may not be specified for non-apply patch'));
    } else if (fieldManager === '') {
      errors.push(required('fieldManager', 'is required for apply patch'));
    }
  }
  errors.push(...fieldManagerErrors(fieldManager), ...dryRunErrors(dryRun));
  const validation = q.get('fieldValidation') ?? '';
  if (!fieldValidationValues.includes(validation)) errors.push(notSupported('fieldValidation', validation, fieldValidationValues));
  if (errors.length > 0) throw newInvalid(optionsKind(r), '', errors);
  return { dryRun: dryRun.length > 0, manager: managerName(fieldManager, r.ctx.req.headers['user-agent']), apiVersion: r.apiVersion };
}

/** `Warning` response headers for field-validation warnings (RFC 7234 warn-code 299). */
export function warningHeaders(warnings: readonly string[]): Record<string, string> {
  if (warnings.length === 0) return {};
  return { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
}

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
