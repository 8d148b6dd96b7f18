// CertificateApprovalPolicy validation (all errors at once, Kubernetes' field-error texts) and the
// conversion of a valid object into the ApprovalPolicy the approver evaluates.

import { child, forbidden, index, invalid, notSupported, required, type FieldError } from '../field-error.js';
import { validateSignerName } from '../certificates/signer-name-validation.js';
import { isKnownUsage, knownUsages } from '../../pki/usages.js';
import { parseGoDuration } from '../../pki/cfssl/duration.js';
import { defaultPolicyUsages, type ApprovalPolicy, type CertificateApprovalPolicy, type OrganizationsSource } from './types.js';

const organizationSources: readonly OrganizationsSource[] = ['RequestorGroups', 'ServiceAccountGroups'];
const sortedUsages = [...knownUsages].sort();

function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (err) {
    return `not a valid regular expression: ${(err as Error).message}`;
  }
}

function durationProblem(text: string): string | undefined {
  try {
    return parseGoDuration(text, 'maxDuration') > 0 ? undefined : 'must be positive';
  } catch (err) {
    return (err as Error).message;
  }
}

/** What is wrong with a policy about to be stored. */
export function validateCertificateApprovalPolicy(p: CertificateApprovalPolicy): FieldError[] {
  const errs: FieldError[] = [];
  const spec = p.spec ?? {};
  if (!spec.signerName) errs.push(required('spec.signerName'));
  else for (const item of validateSignerName('spec.signerName', spec.signerName)) errs.push(item);
  const r = spec.requestors ?? {};
  if ((r.users?.length ?? 0) + (r.groups?.length ?? 0) + (r.serviceAccounts?.length ?? 0) === 0) {
    errs.push(required('spec.requestors', 'name at least one user, group or service account'));
  }
  (r.serviceAccounts ?? []).forEach((sa, i) => {
    if (!/^[^/]+\/[^/]+$/.test(sa)) errs.push(invalid(index('spec.requestors.serviceAccounts', i), sa, 'must be "namespace/name" or "namespace/*"'));
  });
  if (spec.commonName !== undefined && spec.commonName !== 'requestor') {
    const problem = regexProblem(spec.commonName);
    if (problem) errs.push(invalid('spec.commonName', spec.commonName, problem));
  }
  if (spec.organizationsFrom !== undefined && spec.organizationsFrom !== '') {
    if (!organizationSources.includes(spec.organizationsFrom as OrganizationsSource)) {
      errs.push(notSupported('spec.organizationsFrom', spec.organizationsFrom, organizationSources));
    } else if ((spec.organizations?.length ?? 0) > 0) {
      errs.push(forbidden('spec.organizations', 'may not be set together with spec.organizationsFrom'));
    }
  }
  (spec.usages ?? []).forEach((u, i) => {
    if (!isKnownUsage(u)) errs.push(notSupported(index('spec.usages', i), u, sortedUsages));
  });
  if (spec.maxDuration !== undefined) {
    const problem = durationProblem(spec.maxDuration);
    if (problem) errs.push(invalid('spec.maxDuration', spec.maxDuration, problem));
  }
  (spec.subjectAltNames?.dns ?? []).forEach((d, i) => {
    if (!/^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(d)) {
      errs.push(invalid(index(child('spec.subjectAltNames', 'dns'), i), d, 'must be a DNS name, optionally starting with "*."'));
    }
  });
  return errs;
}

/** The ApprovalPolicy of a policy object that passed validation. */
export function approvalPolicyFromObject(p: CertificateApprovalPolicy): ApprovalPolicy {
  const spec = p.spec ?? {};
  const r = spec.requestors ?? {};
  const sans = spec.subjectAltNames ?? {};
  return {
    name: p.metadata.name ?? '',
    signerName: spec.signerName ?? '',
    requestors: { users: r.users ?? [], groups: r.groups ?? [], serviceAccounts: r.serviceAccounts ?? [] },
    ...(spec.commonName === undefined ? {} : { commonName: spec.commonName === 'requestor' ? 'requestor' as const : new RegExp(spec.commonName) }),
    organizations: spec.organizationsFrom === 'RequestorGroups' ? 'requestorGroups' : spec.organizationsFrom === 'ServiceAccountGroups' ? 'serviceAccountGroups' : spec.organizations ?? [],
    sans: { dns: sans.dns ?? [], ips: sans.ips === true, emails: sans.emails === true, uris: sans.uris === true },
    usages: spec.usages && spec.usages.length > 0 ? spec.usages : defaultPolicyUsages,
    ...(spec.maxDuration === undefined ? {} : { maxDurationMs: parseGoDuration(spec.maxDuration, 'maxDuration') }),
  };
}
