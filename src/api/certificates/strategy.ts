// What each CSR write path may change, as pure functions over plain objects (time and randomness passed in).
// Mirrors `pkg/registry/certificates/certificates/strategy.go` (1.32) and the generic metadata steps of
// `k8s.io/apiserver/pkg/registry/rest/{create,update,meta}.go`.

import { ConditionType, findConditionIndices } from './conditions.js';
import type { FieldError } from '../field-error.js';
import type { CertificateSigningRequest, CertificateSigningRequestCondition } from './types.js';
import type { UserInfo } from '../types.js';
import type { RequestVerdict } from './request.js';
import { formatTime, isZeroTime } from '../meta.js';
import { validateCsrApprovalUpdate, validateCsrCreate, validateCsrStatusUpdate, validateCsrUpdate, type CsrVersionAllowances } from './validation.js';

/** The three ways to write a CSR: the resource itself, `/status`, `/approval`. */
export type CsrWritePath = 'main' | 'status' | 'approval';

/** Registry flags for CSRs. */
export const csrStrategyFlags = {
  namespaced: false,
  /** A PUT without resourceVersion is applied to the latest object. */
  allowUnconditionalUpdate: true,
  /** PUT never creates. */
  allowCreateOnUpdate: false,
} as const;

/** Field selectors CSRs support; anything else is 400 `field label not supported`. */
export const csrSelectableFieldNames: readonly string[] = ['metadata.name', 'spec.signerName'];

/** The values field selectors match against. */
export function csrSelectableFields(csr: CertificateSigningRequest): Record<string, string> {
  return { 'metadata.name': csr.metadata.name ?? '', 'spec.signerName': csr.spec.signerName ?? '' };
}

/**
 * Create: the requester's identity replaces whatever the client put in `spec.username/uid/groups/extra`
 * (`extra` only when the user has any), and status is emptied, so nobody creates a pre-approved request.
 */
export function prepareForCreate(csr: CertificateSigningRequest, user: UserInfo): CertificateSigningRequest {
  // A shallow copy is enough: what changes (spec's identity fields, status, and metadata, which
  // the registry fills in next) gets objects of its own; the rest is only read from here on.
  const out = { ...csr, metadata: { ...csr.metadata } };
  const { username: _u, uid: _i, groups: _g, extra: _e, ...rest } = out.spec;
  out.spec = { ...rest, username: user.username };
  if (user.uid) out.spec.uid = user.uid;
  if (user.groups && user.groups.length > 0) out.spec.groups = [...user.groups];
  const extra = user.extra ?? {};
  if (Object.keys(extra).length > 0) {
    out.spec.extra = Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, [...v]]));
  }
  out.status = {};
  return out;
}

// The update strategies take what a write path may not change from the stored object by reference:
// the stored object is the registry's shared, read-only one, and an unchanged part that is the very
// same object is what lets field ownership skip it.

/** Main-resource update: spec and status are taken from the stored object; only metadata changes. */
export function prepareForUpdate(csr: CertificateSigningRequest, old: CertificateSigningRequest): CertificateSigningRequest {
  return { ...csr, metadata: structuredClone(csr.metadata), spec: old.spec, status: old.status ?? {} };
}

/**
 * `/status` update: spec from the stored object; if the number of Approved (or Denied) conditions is
 * unchanged the stored instances overwrite the submitted ones (adding or removing them is left for
 * validation to refuse); then missing condition timestamps are filled.
 */
export function prepareForStatusUpdate(csr: CertificateSigningRequest, old: CertificateSigningRequest, now: Date): CertificateSigningRequest {
  // Copies of what is replaced, not of the whole object: neither input is modified.
  const conditions = csr.status?.conditions ? [...csr.status.conditions] : undefined;
  const out: CertificateSigningRequest = { ...csr, spec: old.spec, status: { ...csr.status, ...(conditions ? { conditions } : {}) } };
  for (const type of [ConditionType.Approved, ConditionType.Denied]) preserveConditionInstances(out, old, type);
  return populateConditionTimestamps(out, old, now);
}

/**
 * `/approval` update: missing condition timestamps are filled, then only `status.conditions` is kept
 * from the submission; spec and `status.certificate` come from the stored object.
 */
export function prepareForApprovalUpdate(csr: CertificateSigningRequest, old: CertificateSigningRequest, now: Date): CertificateSigningRequest {
  const conditions = populateConditionTimestamps(csr, old, now).status?.conditions;
  // The stored status with the submitted conditions in their place (field order kept as stored).
  const status = { ...(old.status ?? {}) };
  if (conditions === undefined) delete status.conditions;
  else status.conditions = conditions;
  return { ...csr, spec: old.spec, status };
}

/** The prepare step of `path` (create is separate: it needs the user, not the old object). */
export function prepareForWrite(path: CsrWritePath, csr: CertificateSigningRequest, old: CertificateSigningRequest, now: Date): CertificateSigningRequest {
  switch (path) {
    case 'main':
      return prepareForUpdate(csr, old);
    case 'status':
      return prepareForStatusUpdate(csr, old, now);
    case 'approval':
      return prepareForApprovalUpdate(csr, old, now);
  }
}

/** What the request's API version allows: v1beta1 may use the legacy signer name. */
function allowances(apiVersion: string): CsrVersionAllowances {
  return { allowLegacySignerName: apiVersion === 'v1beta1' };
}

/** The strategy's validation for a create through `apiVersion` (`v1` or `v1beta1`). */
export function validateForCreate(csr: CertificateSigningRequest, apiVersion = 'v1', verdict?: RequestVerdict): FieldError[] {
  return validateCsrCreate(csr, allowances(apiVersion), verdict);
}

/** The strategy's validation for an update through `path` and `apiVersion`. */
export function validateForWrite(path: CsrWritePath, csr: CertificateSigningRequest, old: CertificateSigningRequest, apiVersion = 'v1'): FieldError[] {
  switch (path) {
    case 'main':
      return validateCsrUpdate(csr, old, allowances(apiVersion));
    case 'status':
      return validateCsrStatusUpdate(csr, old, allowances(apiVersion));
    case 'approval':
      return validateCsrApprovalUpdate(csr, old, allowances(apiVersion));
  }
}

function preserveConditionInstances(csr: CertificateSigningRequest, old: CertificateSigningRequest, type: string): void {
  const oldIdx = findConditionIndices(old, type);
  const newIdx = findConditionIndices(csr, type);
  if (oldIdx.length !== newIdx.length) return;
  const conditions = csr.status!.conditions!;
  newIdx.forEach((at, i) => {
    conditions[at] = structuredClone(old.status!.conditions![oldIdx[i]!]!);
  });
}

/**
 * Fills zero `lastUpdateTime` with `now`, and zero `lastTransitionTime` with the stored condition's
 * of the same type and status when it has one, else `now`. The input is not modified.
 */
export function populateConditionTimestamps(csr: CertificateSigningRequest, old: CertificateSigningRequest, now: Date): CertificateSigningRequest {
  if (!csr.status?.conditions) return csr;
  const stamp = formatTime(now);
  const oldConditions = old.status?.conditions ?? [];
  // New condition objects where a time is filled in; the rest are shared as they are.
  const conditions = csr.status.conditions.map((c) => {
    if (!isZeroTime(c.lastUpdateTime) && !isZeroTime(c.lastTransitionTime)) return c;
    return {
      ...c,
      lastUpdateTime: isZeroTime(c.lastUpdateTime) ? stamp : c.lastUpdateTime,
      lastTransitionTime: isZeroTime(c.lastTransitionTime) ? previousTransition(c, oldConditions) ?? stamp : c.lastTransitionTime,
    };
  });
  return { ...csr, status: { ...csr.status, conditions } };
}

function previousTransition(c: CertificateSigningRequestCondition, old: readonly CertificateSigningRequestCondition[]): string | undefined {
  const match = old.find((o) => o.type === c.type && o.status === c.status && !isZeroTime(o.lastTransitionTime));
  return match?.lastTransitionTime ?? undefined;
}

