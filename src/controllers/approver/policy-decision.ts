// The policy approver's decision for one request: approve (a policy's rules all pass), deny (the
// requestor is one a policy is for, but a rule fails: the message names it), or no opinion (no
// policy is for this signer and requestor: a person decides).

import type { CertificateSigningRequest } from '../../api/certificates/types.js';
import type { CertificateRequest } from '../../pki/csr.js';
import { commonName, nameValues, NameAttr } from '../../pki/name.js';
import type { ApprovalPolicy, Requestors } from '../config.js';
import { sanViolation } from '../san-rules.js';

/** What the approver does. */
export type ApprovalDecision =
  | { readonly kind: 'approve'; readonly policy: string; readonly message: string }
  | { readonly kind: 'deny'; readonly policy: string; readonly message: string };

const serviceAccountPrefix = 'system:serviceaccount:';

/** `namespace/name` of a service-account user name, or undefined. */
function serviceAccountOf(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(serviceAccountPrefix)) return undefined;
  const [namespace, name] = username.slice(serviceAccountPrefix.length).split(':');
  return namespace && name ? { namespace, name } : undefined;
}

function isFor(r: Requestors, username: string, groups: readonly string[]): boolean {
  if (r.users.includes(username)) return true;
  if (groups.some((g) => r.groups.includes(g))) return true;
  const sa = serviceAccountOf(username);
  return !!sa && r.serviceAccounts.some((p) => p === `${sa.namespace}/${sa.name}` || p === `${sa.namespace}/*`);
}

/** The first rule of `policy` the request breaks, as `rule <name>: <why>`, or undefined. */
function brokenRule(policy: ApprovalPolicy, csr: CertificateSigningRequest, req: CertificateRequest, privileged: readonly string[], accountGroups: readonly string[]): string | undefined {
  const username = csr.spec.username ?? '';
  const groups = csr.spec.groups ?? [];
  const cn = commonName(req.subject);
  if (policy.commonName === 'requestor') {
    const own = serviceAccountOf(username)?.name ?? username;
    if (cn !== own) return `rule commonName: subject common name "${cn}" must be the requestor's name "${own}"`;
  } else if (policy.commonName && !policy.commonName.test(cn)) {
    return `rule commonName: subject common name "${cn}" does not match ${policy.commonName}`;
  }
  const named = typeof policy.organizations === 'string' ? [] : policy.organizations;
  const allowedOrgs = policy.organizations === 'requestorGroups' ? groups : policy.organizations === 'serviceAccountGroups' ? accountGroups : named;
  for (const o of nameValues(req.subject, NameAttr.O)) {
    if (privileged.includes(o) && !named.includes(o)) return `rule privilegedGroups: subject organization "${o}" is privileged and the policy does not name it`;
    const allowed = allowedOrgs.includes(o);
    if (!allowed) return `rule organizations: subject organization "${o}" is not allowed`;
  }
  const san = sanViolation(req.sans, policy.sans);
  if (san) return `rule subjectAltNames: ${san}`;
  const usage = (csr.spec.usages ?? []).find((u) => !policy.usages.includes(u));
  if (usage !== undefined) return `rule usages: usage "${usage}" is not allowed`;
  if (policy.maxDurationMs !== undefined) {
    const seconds = csr.spec.expirationSeconds;
    if (seconds === undefined || seconds === null) return `rule maxDuration: expirationSeconds must be set (at most ${policy.maxDurationMs / 1000})`;
    if (seconds * 1000 > policy.maxDurationMs) return `rule maxDuration: expirationSeconds ${seconds} is more than ${policy.maxDurationMs / 1000}`;
  }
  return undefined;
}

/** The policies for `csr`'s signer and requestor, in order. */
export function applicablePolicies(csr: CertificateSigningRequest, policies: readonly ApprovalPolicy[]): ApprovalPolicy[] {
  return policies.filter((p) => p.signerName === csr.spec.signerName && isFor(p.requestors, csr.spec.username ?? '', csr.spec.groups ?? []));
}

/** The ServiceAccount (namespace and name) a request came from, if any. */
export function requestingServiceAccount(csr: CertificateSigningRequest): { namespace: string; name: string } | undefined {
  return serviceAccountOf(csr.spec.username ?? '');
}

/**
 * The decision for `csr` (already parsed as `req`): the first policy for its signer and
 * requestor that passes approves it; if every such policy has a broken rule, the first one's
 * rule is the denial; with no such policy, null. `accountGroups` are the requesting account's
 * annotated groups (for `organizations: serviceAccountGroups`).
 */
export function decideApproval(csr: CertificateSigningRequest, req: CertificateRequest, policies: readonly ApprovalPolicy[], privileged: readonly string[], accountGroups: readonly string[] = []): ApprovalDecision | null {
  const applicable = applicablePolicies(csr, policies);
  let firstDenial: ApprovalDecision | null = null;
  for (const p of applicable) {
    const broken = brokenRule(p, csr, req, privileged, accountGroups);
    if (broken === undefined) return { kind: 'approve', policy: p.name, message: `Approved by policy "${p.name}".` };
    firstDenial ??= { kind: 'deny', policy: p.name, message: `Denied by policy "${p.name}": ${broken}.` };
  }
  return firstDenial;
}
