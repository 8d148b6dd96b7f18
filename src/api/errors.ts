// StatusError, the one exception type of the API layer, and builders with Kubernetes' texts verbatim.
// Mirrors `k8s.io/apimachinery/pkg/api/errors/errors.go`, the apiserver's negotiation and forbidden
// errors (`endpoints/handlers/{negotiation,responsewriters}/errors.go`) and its storage 410/504 texts.

import { aggregateMessage, errorBody, goQuote as goQ, type FieldError } from './field-error.js';
import type { Status, StatusCause, StatusDetails } from './types.js';

/** A group and a plural resource, as errors name what they are about. */
export interface GroupResource {
  readonly group: string;
  readonly resource: string;
}

/** A group and a kind, as Invalid errors name what they are about. */
export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}

/** `certificatesigningrequests.certificates.k8s.io`. */
export const csrGroupResource: GroupResource = { group: 'certificates.k8s.io', resource: 'certificatesigningrequests' };
/** `CertificateSigningRequest.certificates.k8s.io`. */
export const csrGroupKind: GroupKind = { group: 'certificates.k8s.io', kind: 'CertificateSigningRequest' };

/** The largest request body kube-apiserver accepts (`MaxRequestBodyBytes`, 3 MiB). */
export const maxRequestBodyBytes = 3 * 1024 * 1024;

/** `resource.group`, or `resource` for the core group (Go's GroupResource.String). */
export function groupResourceString(gr: GroupResource): string {
  return gr.group === '' ? gr.resource : `${gr.resource}.${gr.group}`;
}

/** `Kind.group`, or `Kind` for the core group. */
export function groupKindString(gk: GroupKind): string {
  return gk.group === '' ? gk.kind : `${gk.kind}.${gk.group}`;
}

/** A failure that carries the Status to send; `message` is the Status message. */
export class StatusError extends Error {
  override readonly name = 'StatusError';
  constructor(readonly status: Status) {
    super(status.message ?? '');
  }

  /** The HTTP status code. */
  get code(): number {
    return this.status.code;
  }

  /** The Status reason (`NotFound`, `Invalid`, ...). */
  get reason(): string {
    return this.status.reason ?? '';
  }
}

interface Failure {
  readonly code: number;
  readonly reason: string;
  readonly message: string;
  readonly details?: StatusDetails;
}

function fail(f: Failure): StatusError {
  // Key order follows Go's JSON encoding of metav1.Status.
  const status: Status = {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: f.message, ...(f.reason ? { reason: f.reason } : {}),
    ...(f.details ? { details: compactDetails(f.details) } : {}),
    code: f.code,
  };
  return new StatusError(status);
}

// Go omits empty detail fields; keep the JSON identical.
function compactDetails(d: StatusDetails): StatusDetails {
  const out: StatusDetails = {};
  if (d.name) out.name = d.name;
  if (d.group) out.group = d.group;
  if (d.kind) out.kind = d.kind;
  if (d.uid) out.uid = d.uid;
  if (d.causes && d.causes.length > 0) out.causes = d.causes;
  if (d.retryAfterSeconds) out.retryAfterSeconds = d.retryAfterSeconds;
  return out;
}

function grDetails(gr: GroupResource, name = ''): StatusDetails {
  return { name, group: gr.group, kind: gr.resource };
}

/** 404: `certificatesigningrequests.certificates.k8s.io "x" not found`. */
export function newNotFound(gr: GroupResource, name: string): StatusError {
  return fail({ code: 404, reason: 'NotFound', message: `${groupResourceString(gr)} ${goQ(name)} not found`, details: grDetails(gr, name) });
}

/** 409: `... "x" already exists`. */
export function newAlreadyExists(gr: GroupResource, name: string): StatusError {
  return fail({ code: 409, reason: 'AlreadyExists', message: `${groupResourceString(gr)} ${goQ(name)} already exists`, details: grDetails(gr, name) });
}

/** 409 when a generated name collided. */
export function newGenerateNameConflict(gr: GroupResource, name: string, retryAfterSeconds: number): StatusError {
  const message = `${groupResourceString(gr)} ${goQ(name)} already exists, the server was not able to generate a unique name for the object`;
  return fail({ code: 409, reason: 'AlreadyExists', message, details: { ...grDetails(gr, name), retryAfterSeconds } });
}

/** 409: `Operation cannot be fulfilled on <gr> "x": <cause>`. */
export function newConflict(gr: GroupResource, name: string, cause: string): StatusError {
  return fail({ code: 409, reason: 'Conflict', message: `Operation cannot be fulfilled on ${groupResourceString(gr)} ${goQ(name)}: ${cause}`, details: grDetails(gr, name) });
}

/** 409 for a server-side apply that would change fields other managers own (errors.NewApplyConflict). */
export function newApplyConflict(causes: readonly StatusCause[], message: string): StatusError {
  return fail({ code: 409, reason: 'Conflict', message, details: { causes: [...causes] } });
}

/** The storage layer's optimistic-concurrency text. */
export const optimisticLockErrorMsg = 'the object has been modified; please apply your changes to the latest version and try again';

/** 409 for a write with a stale resourceVersion. */
export function newOptimisticLockConflict(gr: GroupResource, name: string): StatusError {
  return newConflict(gr, name, optimisticLockErrorMsg);
}

/** 422: `Kind.group "x" is invalid: <errors>`, one cause per field error (causes are not de-duplicated). */
export function newInvalid(gk: GroupKind, name: string, errors: readonly FieldError[]): StatusError {
  const causes: StatusCause[] = errors.map((e) => ({ reason: e.type, message: errorBody(e), field: e.field }));
  const agg = aggregateMessage(errors);
  const message = agg === '' ? `${groupKindString(gk)} ${goQ(name)} is invalid` : `${groupKindString(gk)} ${goQ(name)} is invalid: ${agg}`;
  return fail({ code: 422, reason: 'Invalid', message, details: { name, group: gk.group, kind: gk.kind, causes } });
}

/**
 * 422 for a JSON patch that does not apply (a failed `test`, a missing path, an unknown op):
 * kube-apiserver answers NewGenericServerResponse(422), whose message is generic and whose
 * details are empty, so a client that uses `test` for compare-and-swap sees exactly this.
 */
export function newPatchNotApplied(): StatusError {
  return fail({ code: 422, reason: 'Invalid', message: 'the server rejected our request due to an error in our request', details: {} });
}

/** 400 with the given message. */
export function newBadRequest(message: string): StatusError {
  return fail({ code: 400, reason: 'BadRequest', message });
}

/** 401; an empty reason reads `not authorized`. */
export function newUnauthorized(reason = ''): StatusError {
  return fail({ code: 401, reason: 'Unauthorized', message: reason === '' ? 'not authorized' : reason });
}

/** 403: `<gr> "x" is forbidden: <cause>` (no name part when `name` is empty, `forbidden: <cause>` with no resource). */
export function newForbidden(gr: GroupResource, name: string, cause: string): StatusError {
  let message: string;
  if (gr.group === '' && gr.resource === '') message = `forbidden: ${cause}`;
  else if (name === '') message = `${groupResourceString(gr)} is forbidden: ${cause}`;
  else message = `${groupResourceString(gr)} ${goQ(name)} is forbidden: ${cause}`;
  return fail({ code: 403, reason: 'Forbidden', message, details: grDetails(gr, name) });
}

/** What an authorizer was asked; enough to word a denial. */
export interface DeniedRequest {
  readonly user: string;
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
  /** Set for non-resource requests (`/healthz`); then resource fields are ignored. */
  readonly path?: string;
  /** The authorizer's reason; appended after `: ` when non-empty. */
  readonly reason?: string;
}

const htmlSanitizer: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** 403 for an authorization denial: `... is forbidden: User "u" cannot get resource "r" in API group "g" at the cluster scope`. */
export function newForbiddenForRequest(r: DeniedRequest): StatusError {
  let msg: string;
  if (r.path !== undefined) {
    msg = `User ${goQ(r.user)} cannot ${r.verb} path ${goQ(r.path)}`;
  } else {
    const res = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
    const scope = r.namespace ? `in the namespace ${goQ(r.namespace)}` : 'at the cluster scope';
    msg = `User ${goQ(r.user)} cannot ${r.verb} resource ${goQ(res)} in API group ${goQ(r.group)} ${scope}`;
  }
  // Avoid emitting text that looks like HTML, as kube-apiserver does.
  msg = msg.replace(/[&<>]/g, (c) => htmlSanitizer[c]!);
  const cause = r.reason ? `${msg}: ${r.reason}` : msg;
  const gr = r.path !== undefined ? { group: '', resource: '' } : { group: r.group, resource: r.resource };
  return newForbidden(gr, r.name ?? '', cause);
}

/** 405: `<action> is not supported on resources of kind "<gr>"`. */
export function newMethodNotSupported(gr: GroupResource, action: string): StatusError {
  return fail({
    code: 405, reason: 'MethodNotAllowed',
    message: `${action} is not supported on resources of kind ${goQ(groupResourceString(gr))}`,
    details: { group: gr.group, kind: gr.resource },
  });
}

/** 404 for a path no route serves (go-restful's answer through kube-apiserver's service error handler). */
export function newNoRoute(): StatusError {
  return fail({ code: 404, reason: 'NotFound', message: 'the server could not find the requested resource', details: {} });
}

/** 405 for a route that does not take this method (go-restful's answer, e.g. POST to an object's path). */
export function newMethodNotAllowedForRoute(): StatusError {
  return fail({ code: 405, reason: 'MethodNotAllowed', message: 'the server does not allow this method on the requested resource', details: {} });
}

/** 406 when no offered media type is acceptable. */
export function newNotAcceptable(accepted: readonly string[]): StatusError {
  return fail({ code: 406, reason: 'NotAcceptable', message: `only the following media types are accepted: ${accepted.join(', ')}` });
}

/** 406 when a conversion (to Table, say) cannot be served in the asked media type. */
export function newNotAcceptableConversion(target: string, accepted: readonly string[]): StatusError {
  return fail({ code: 406, reason: 'NotAcceptable', message: `only the following media types are accepted when converting to ${target}: ${accepted.join(', ')}` });
}

/** 415 for a body in an unknown format. */
export function newUnsupportedMediaType(accepted: readonly string[]): StatusError {
  return fail({
    code: 415, reason: 'UnsupportedMediaType',
    message: `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  });
}

/** 413: `Request entity too large: limit is 3145728`. */
export function newRequestEntityTooLarge(limit = maxRequestBodyBytes): StatusError {
  return newRequestEntityTooLargeMessage(`limit is ${limit}`);
}

/** 413: `Request entity too large: <message>` (NewRequestEntityTooLargeError). */
export function newRequestEntityTooLargeMessage(message: string): StatusError {
  return fail({ code: 413, reason: 'RequestEntityTooLarge', message: `Request entity too large: ${message}` });
}

/** 429 with the message as given and a Retry-After hint. */
export function newTooManyRequests(message: string, retryAfterSeconds: number): StatusError {
  return fail({ code: 429, reason: 'TooManyRequests', message, details: { retryAfterSeconds } });
}

/** 429: `Too many requests: <message>` (the rate limiter's form). */
export function newTooManyRequestsError(message: string): StatusError {
  return fail({ code: 429, reason: 'TooManyRequests', message: `Too many requests: ${message}` });
}

/** 410 Gone (deprecated upstream in favour of Expired, kept for completeness). */
export function newGone(message: string): StatusError {
  return fail({ code: 410, reason: 'Gone', message });
}

/** 410 Expired: the requested resourceVersion is no longer available. */
export function newResourceExpired(message: string): StatusError {
  return fail({ code: 410, reason: 'Expired', message });
}

/** Storage texts for 410 Expired. */
export const expiredMessages = {
  list: 'The resourceVersion for the provided list is too old.',
  watch: 'The resourceVersion for the provided watch is too old.',
  continue:
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
  inconsistentContinue:
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, ' +
    'or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an ' +
    'inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
} as const;

/** 410 for a continue token below the compaction, carrying a fresh token in `metadata.continue`. */
export function newInconsistentContinue(freshToken: string): StatusError {
  const err = newResourceExpired(expiredMessages.inconsistentContinue);
  err.status.metadata = { continue: freshToken };
  return err;
}

/** 504: `Timeout: <message>`. */
export function newTimeout(message: string, retryAfterSeconds: number): StatusError {
  return fail({ code: 504, reason: 'Timeout', message: `Timeout: ${message}`, details: { retryAfterSeconds } });
}

/** 504 for a resourceVersion the store has not reached yet (the watch cache's answer). */
export function newTooLargeResourceVersion(minimum: number | bigint, current: number | bigint, retryAfterSeconds: number): StatusError {
  const err = newTimeout(`Too large resource version: ${minimum}, current: ${current}`, retryAfterSeconds);
  err.status.details = { ...err.status.details, causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }] };
  return err;
}

/** 500 ServerTimeout: `The <op> operation against <gr> could not be completed at this time, please try again.` */
export function newServerTimeout(gr: GroupResource, operation: string, retryAfterSeconds: number): StatusError {
  return fail({
    code: 500, reason: 'ServerTimeout',
    message: `The ${operation} operation against ${groupResourceString(gr)} could not be completed at this time, please try again.`,
    details: { name: operation, group: gr.group, kind: gr.resource, retryAfterSeconds },
  });
}

/** 500: `Internal error occurred: <message>`. Only pass text that is safe to show a client. */
export function newInternalError(message: string): StatusError {
  return fail({ code: 500, reason: 'InternalError', message: `Internal error occurred: ${message}`, details: { causes: [{ message }] } });
}

/**
 * The storage layer's refusal of a create that carries a resourceVersion. Upstream's storage
 * returns it as a plain error, so it reaches the client as a 500 with no reason.
 */
export function newResourceVersionSetOnCreate(): StatusError {
  return fail({ code: 500, reason: '', message: 'resourceVersion should not be set on objects to be created' });
}

/** 503 with the message as given. */
export function newServiceUnavailable(message: string): StatusError {
  return fail({ code: 503, reason: 'ServiceUnavailable', message });
}

/**
 * 400 for a body that could not be decoded into `intoKind`: with a known kind and version it reads
 * `<Kind> in version "<v>" cannot be handled as a <intoKind>: <cause>`, otherwise `the object provided
 * is unrecognized (must be of type <intoKind>): <cause> (<first 30 bytes>)`.
 */
export function newDecodeError(intoKind: string, cause: string, sent?: { kind: string; version: string }, body?: Uint8Array): StatusError {
  if (sent && sent.kind !== '') {
    return newBadRequest(`${sent.kind} in version ${goQ(sent.version)} cannot be handled as a ${intoKind}: ${cause}`);
  }
  return newBadRequest(`the object provided is unrecognized (must be of type ${intoKind}): ${cause} (${summarizeBody(body ?? new Uint8Array())})`);
}

function summarizeBody(data: Uint8Array): string {
  const max = 30;
  if (data.length === 0) return '<empty>';
  if (data[0] === 0x7b /* { */) {
    const text = Buffer.from(data.subarray(0, max)).toString('latin1');
    return data.length > max ? `${text} ...` : Buffer.from(data).toString('latin1');
  }
  const hex = Buffer.from(data.subarray(0, max)).toString('hex');
  return data.length > max ? `${hex} ...` : hex;
}

/** A `Success` Status, which DELETE may return instead of the object. */
export function successStatus(gr: GroupResource, name: string, uid?: string): Status {
  const details: StatusDetails = { name, group: gr.group, kind: gr.resource };
  if (uid) details.uid = uid;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: compactDetails(details), code: 200 };
}

/**
 * The StatusError to send for any thrown value. Anything that is not already a StatusError becomes a
 * generic 500 whose text reveals nothing; the caller logs the original.
 */
export function toStatusError(err: unknown): StatusError {
  if (err instanceof StatusError) return err;
  return newInternalError('an unexpected error occurred; see the server log');
}

/** Whether `err` is a StatusError with this reason. */
export function hasReason(err: unknown, reason: string): boolean {
  return err instanceof StatusError && err.status.reason === reason;
}
