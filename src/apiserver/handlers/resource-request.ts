// A request for a resource as every handler receives it, and the options each verb reads from
// its query string (CreateOptions, UpdateOptions, PatchOptions, DeleteOptions, ListOptions),
// validated with kube-apiserver's texts.

import type { RequestContext } from '../server.js';
import type { GenericStore, WriteOptions } from '../registry/generic-store.js';
import type { ServedVersion, StrategyContext } from '../registry/resource.js';
import { MediaType } from '../negotiate.js';
import { managerName } from '../registry/managed-fields.js';
import { parseFieldSelector, parseLabelSelector } from '../registry/selectors.js';
import type { ListOptions } from '../registry/list-watch.js';
import { int64Param } from '../query-params.js';
import { newInvalid, type GroupKind } from '../../api/errors.js';
import { forbidden, invalid, notSupported, required, tooLong, type FieldError } from '../../api/field-error.js';

/** What each handler gets. */
export interface ResourceRequest {
  readonly ctx: RequestContext;
  readonly store: GenericStore;
  readonly version: ServedVersion;
  /** `group/version`, or `v1` for core. */
  readonly apiVersion: string;
}

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

/** The list options of a request's query string. */
export function collectionOptions(r: ResourceRequest): ListOptions {
  const q = r.ctx.url.searchParams;
  const parsed = int64Param(q, 'limit');
  // A list carries timeoutSeconds too; it must parse even where nothing waits on it.
  int64Param(q, 'timeoutSeconds');
  // The store pages only for a positive limit; zero or negative lists everything.
  const limit = parsed !== undefined && parsed > 0 ? parsed : undefined;
  return {
    labelSelector: parseLabelSelector(q.get('labelSelector')),
    fieldSelector: parseFieldSelector(q.get('fieldSelector'), r.store.def.selectableFieldNames),
    resourceVersion: q.get('resourceVersion') ?? undefined,
    limit,
    continueToken: q.get('continue') || undefined,
  };
}
