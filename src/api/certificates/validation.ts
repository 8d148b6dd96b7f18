// CertificateSigningRequest validation for create, update, /status and /approval: all errors at once.
// Mirrors `pkg/apis/certificates/validation/validation.go` (1.32). Updates tolerate flaws the stored
// object already has (the `allow*` ratchets below); creates never accept them.

import { knownUsages } from '../../pki/usages.js';
import { checkCertificateChain, checkRequest, sameWireBytes, wireBytes, type RequestVerdict } from './request.js';
import { ConditionType, findConditions, trueOnlyConditionTypes } from './conditions.js';
import { child, duplicate, forbidden, goQuote, index, invalid, notSupported, required, type FieldError } from '../field-error.js';
import { legacyUnknownSignerName } from './signer-names.js';
import type { CertificateSigningRequest, CertificateSigningRequestCondition } from './types.js';
import { anyName, validateObjectMeta, validateObjectMetaUpdate } from '../validation/meta.js';
import { validateSignerName } from './signer-name-validation.js';

/** The smallest `spec.expirationSeconds` (10 minutes). */
export const minExpirationSeconds = 600;

/** Which otherwise-invalid states a particular write may carry. */
export interface CsrValidationOptions {
  /** /approval may add or change Approved and Denied conditions. */
  readonly allowSettingApprovalConditions: boolean;
  /** /status may set status.certificate. */
  readonly allowSettingCertificate: boolean;
  readonly allowResettingCertificate: boolean;
  // The ratchets: each is true only when the stored object already has the flaw.
  readonly allowBothApprovedAndDenied: boolean;
  readonly allowLegacySignerName: boolean;
  readonly allowDuplicateConditionTypes: boolean;
  readonly allowEmptyConditionType: boolean;
  readonly allowArbitraryCertificate: boolean;
  readonly allowUnknownUsages: boolean;
  readonly allowDuplicateUsages: boolean;
}

// sets.String.List() order: the supported values are printed sorted.
const sortedUsages = [...knownUsages].sort();
const usageSet = new Set(knownUsages);
const trueOnly = ['True'];
const allStatuses = ['False', 'True', 'Unknown'];

/**
 * What the request's API version allows beyond the stored object's ratchets: through v1beta1 the
 * legacy signer name may be written, as Kubernetes 1.19–1.21 allowed it there.
 */
export type CsrVersionAllowances = Partial<Pick<CsrValidationOptions, 'allowLegacySignerName'>>;

function withAllowances(opts: CsrValidationOptions, extra: CsrVersionAllowances): CsrValidationOptions {
  return extra.allowLegacySignerName ? { ...opts, allowLegacySignerName: true } : opts;
}

/** Validates a CSR about to be created (after the create strategy ran). */
export function validateCsrCreate(csr: CertificateSigningRequest, extra: CsrVersionAllowances = {}, verdict?: RequestVerdict): FieldError[] {
  return validateCsr(csr, withAllowances(validationOptions(csr), extra), verdict);
}

/** Validates a write to the main resource. */
export function validateCsrUpdate(csr: CertificateSigningRequest, old: CertificateSigningRequest, extra: CsrVersionAllowances = {}): FieldError[] {
  return validateCsrUpdateWith(csr, old, withAllowances(validationOptions(csr, old), extra));
}

/** Validates a write to `/status`, which may set the certificate once. */
export function validateCsrStatusUpdate(csr: CertificateSigningRequest, old: CertificateSigningRequest, extra: CsrVersionAllowances = {}): FieldError[] {
  return validateCsrUpdateWith(csr, old, withAllowances({ ...validationOptions(csr, old), allowSettingCertificate: true }, extra));
}

/** Validates a write to `/approval`, which may add or change Approved and Denied conditions. */
export function validateCsrApprovalUpdate(csr: CertificateSigningRequest, old: CertificateSigningRequest, extra: CsrVersionAllowances = {}): FieldError[] {
  return validateCsrUpdateWith(csr, old, withAllowances({ ...validationOptions(csr, old), allowSettingApprovalConditions: true }, extra));
}

/**
 * The options for a write of `csr` over `old` (absent on create). Subresource powers start false;
 * each ratchet is true only when `old` already has that flaw.
 */
export function validationOptions(csr: CertificateSigningRequest, old?: CertificateSigningRequest): CsrValidationOptions {
  const oldConditions = old?.status?.conditions ?? [];
  const oldTypes = oldConditions.map((c) => c.type);
  const oldUsages = old?.spec.usages ?? [];
  return {
    allowSettingApprovalConditions: false,
    allowSettingCertificate: false,
    allowResettingCertificate: false,
    allowBothApprovedAndDenied: oldTypes.includes(ConditionType.Approved) && oldTypes.includes(ConditionType.Denied),
    allowLegacySignerName: old?.spec.signerName === legacyUnknownSignerName,
    allowDuplicateConditionTypes: new Set(oldTypes).size !== oldTypes.length,
    allowEmptyConditionType: oldTypes.includes(''),
    allowArbitraryCertificate:
      old !== undefined &&
      (sameWireBytes(csr.status?.certificate, old.status?.certificate) || checkCertificateChain(wireBytes(old.status?.certificate)) !== undefined),
    allowUnknownUsages: oldUsages.some((u) => !usageSet.has(u)),
    allowDuplicateUsages: new Set(oldUsages).size !== oldUsages.length,
  };
}

/**
 * The whole-object checks shared by every write, in Kubernetes' order. `requestCheck` spares the
 * costliest check, parsing and verifying the request: 'unchanged' when the bytes are those of the
 * stored object (checked when it was created; every write path keeps spec), or a verdict worked
 * out ahead for this very text.
 */
export function validateCsr(csr: CertificateSigningRequest, opts: CsrValidationOptions, requestCheck?: 'unchanged' | RequestVerdict): FieldError[] {
  const errs = validateObjectMeta(csr.metadata, { namespaced: false, nameFn: anyName });
  if (requestCheck !== 'unchanged') {
    const known = requestCheck !== undefined && requestCheck.request === csr.spec.request;
    const problem = known ? requestCheck.problem : checkRequest(wireBytes(csr.spec.request));
    if (problem !== undefined) errs.push(invalid('spec.request', { bytes: wireBytes(csr.spec.request) }, problem));
  }
  for (const item of validateUsages(csr.spec.usages ?? [], opts)) errs.push(item);
  const signerName = csr.spec.signerName ?? '';
  if (!opts.allowLegacySignerName && signerName === legacyUnknownSignerName) {
    errs.push(invalid('spec.signerName', signerName, 'the legacy signerName is not allowed via this API version'));
  } else {
    for (const item of validateSignerName('spec.signerName', signerName)) errs.push(item);
  }
  const seconds = csr.spec.expirationSeconds;
  if (seconds !== undefined && seconds !== null && seconds < minExpirationSeconds) {
    errs.push(invalid('spec.expirationSeconds', seconds, 'may not specify a duration less than 600 seconds (10 minutes)'));
  }
  for (const item of validateConditions('status.conditions', csr.status?.conditions ?? [], opts)) errs.push(item);
  if (!opts.allowArbitraryCertificate) {
    const certProblem = checkCertificateChain(wireBytes(csr.status?.certificate));
    if (certProblem !== undefined) errs.push(invalid('status.certificate', '<certificate data>', certProblem));
  }
  return errs;
}

function validateUsages(usages: readonly string[], opts: CsrValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  if (usages.length === 0) errs.push(required('spec.usages'));
  if (!opts.allowUnknownUsages) {
    usages.forEach((u, i) => {
      if (!usageSet.has(u)) errs.push(notSupported(index('spec.usages', i), u, sortedUsages));
    });
  }
  if (!opts.allowDuplicateUsages) {
    const seen = new Set<string>();
    usages.forEach((u, i) => {
      if (seen.has(u)) errs.push(duplicate(index('spec.usages', i), u));
      seen.add(u);
    });
  }
  return errs;
}

function validateConditions(path: string, conditions: readonly CertificateSigningRequestCondition[], opts: CsrValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  const seenTypes = new Set<string>();
  let hasApproved = false;
  let hasDenied = false;
  conditions.forEach((c, i) => {
    const at = index(path, i);
    const type = c.type ?? '';
    const status = c.status ?? '';
    if (!opts.allowEmptyConditionType && type === '') errs.push(required(child(at, 'type')));
    const allowed = trueOnlyConditionTypes.includes(type) ? trueOnly : allStatuses;
    if (status === '') errs.push(required(child(at, 'status')));
    else if (!allowed.includes(status)) errs.push(notSupported(child(at, 'status'), status, allowed));
    if (!opts.allowBothApprovedAndDenied) {
      if (type === ConditionType.Approved) {
        hasApproved = true;
        if (hasDenied) errs.push(invalid(child(at, 'type'), type, 'Approved and Denied conditions are mutually exclusive'));
      } else if (type === ConditionType.Denied) {
        hasDenied = true;
        if (hasApproved) errs.push(invalid(child(at, 'type'), type, 'Approved and Denied conditions are mutually exclusive'));
      }
    }
    if (!opts.allowDuplicateConditionTypes) {
      if (seenTypes.has(type)) errs.push(duplicate(child(at, 'type'), type));
      seenTypes.add(type);
    }
  });
  return errs;
}

function validateCsrUpdateWith(csr: CertificateSigningRequest, old: CertificateSigningRequest, opts: CsrValidationOptions): FieldError[] {
  const errs = validateCsr(csr, opts, sameWireBytes(csr.spec.request, old.spec.request) ? 'unchanged' : undefined);
  const metaErrs = validateObjectMetaUpdate(csr.metadata, old.metadata);
  for (const type of trueOnlyConditionTypes) {
    if (findConditions(csr, type).length < findConditions(old, type).length) {
      errs.push(forbidden('status.conditions', `updates may not remove a condition of type ${goQuote(type)}`));
    }
  }
  if (!opts.allowSettingApprovalConditions) {
    for (const type of [ConditionType.Approved, ConditionType.Denied]) {
      const before = findConditions(old, type);
      const after = findConditions(csr, type);
      if (after.length < before.length) continue; // reported above
      if (after.length > before.length) {
        errs.push(forbidden('status.conditions', `updates may not add a condition of type ${goQuote(type)}`));
      } else if (!sameConditions(before, after)) {
        errs.push(forbidden('status.conditions', `updates may not modify a condition of type ${goQuote(type)}\n${conditionDiff(before, after)}`));
      }
    }
  }
  if (!sameWireBytes(csr.status?.certificate, old.status?.certificate)) {
    if (!opts.allowSettingCertificate) {
      errs.push(forbidden('status.certificate', 'updates may not set certificate content'));
    } else if (!opts.allowResettingCertificate && (old.status?.certificate ?? '') !== '') {
      errs.push(forbidden('status.certificate', 'updates may not modify existing certificate content'));
    }
  }
  return [...errs, ...metaErrs];
}

const conditionFields = ['type', 'status', 'reason', 'message', 'lastUpdateTime', 'lastTransitionTime'] as const;

function sameTime(a: string | null | undefined, b: string | null | undefined): boolean {
  if ((a ?? '') === (b ?? '')) return true;
  return Date.parse(a ?? '') === Date.parse(b ?? '');
}

function sameConditions(a: readonly CertificateSigningRequestCondition[], b: readonly CertificateSigningRequestCondition[]): boolean {
  return a.length === b.length && a.every((c, i) => conditionFields.every((f) => sameField(f, c, b[i]!)));
}

function sameField(f: (typeof conditionFields)[number], x: CertificateSigningRequestCondition, y: CertificateSigningRequestCondition): boolean {
  if (f === 'lastUpdateTime' || f === 'lastTransitionTime') return sameTime(x[f], y[f]);
  return (x[f] ?? '') === (y[f] ?? '');
}

// A readable -/+ listing of what changed. Kubernetes prints go-cmp's diff here; its exact layout is
// not reproduced, only its meaning.
function conditionDiff(before: readonly CertificateSigningRequestCondition[], after: readonly CertificateSigningRequestCondition[]): string {
  const lines: string[] = [];
  before.forEach((b, i) => {
    const a = after[i]!;
    for (const f of conditionFields) {
      if (sameField(f, b, a)) continue;
      lines.push(`- ${f}: ${goQuote(String(b[f] ?? ''))}`, `+ ${f}: ${goQuote(String(a[f] ?? ''))}`);
    }
  });
  return lines.join('\n');
}
