// Reading the conditions of a CSR: the approval state, and the words kubectl and the table print.
// Mirrors `pkg/apis/certificates/helpers.go` and `extractCSRStatus` in `pkg/printers/internalversion/printers.go`.

import type { CertificateSigningRequest, CertificateSigningRequestCondition, RequestConditionType } from './types.js';

/** The condition types with a meaning to Kubernetes. */
export const ConditionType = {
  Approved: 'Approved',
  Denied: 'Denied',
  Failed: 'Failed',
} as const;

/** Types that may only ever have status "True", and that no update may remove. */
export const trueOnlyConditionTypes: readonly string[] = [ConditionType.Approved, ConditionType.Denied, ConditionType.Failed];

/** Reason and message `kubectl certificate approve` writes. */
export const kubectlApprove = { reason: 'KubectlApprove', message: 'This CSR was approved by kubectl certificate approve.' } as const;
/** Reason and message `kubectl certificate deny` writes. */
export const kubectlDeny = { reason: 'KubectlDeny', message: 'This CSR was denied by kubectl certificate deny.' } as const;

type HasConditions = Pick<CertificateSigningRequest, 'status'>;

/** Every condition of `type`, in order. */
export function findConditions(csr: HasConditions, type: RequestConditionType): CertificateSigningRequestCondition[] {
  return (csr.status?.conditions ?? []).filter((c) => c.type === type);
}

/** Indices of every condition of `type`. */
export function findConditionIndices(csr: HasConditions, type: RequestConditionType): number[] {
  const out: number[] = [];
  (csr.status?.conditions ?? []).forEach((c, i) => {
    if (c.type === type) out.push(i);
  });
  return out;
}

/** Whether any condition has this type (its status is not looked at, as Kubernetes does not). */
export function hasCondition(csr: HasConditions, type: RequestConditionType): boolean {
  return (csr.status?.conditions ?? []).some((c) => c.type === type);
}

/** Approved and not Denied: what the in-tree signer requires before signing. */
export function isApproved(csr: HasConditions): boolean {
  return hasCondition(csr, ConditionType.Approved) && !hasCondition(csr, ConditionType.Denied);
}

/** Whether `status.certificate` holds anything. */
export function isIssued(csr: HasConditions): boolean {
  return (csr.status?.certificate ?? '') !== '';
}

/**
 * Whether the request carries a Failed condition the signer must respect: status True or empty
 * (pkg/controller/certificates/signer: a Failed condition with any other status is ignored).
 */
export function hasFailedCondition(csr: HasConditions): boolean {
  return (csr.status?.conditions ?? []).some((c) => c.type === ConditionType.Failed && (c.status === 'True' || c.status === ''));
}

/**
 * The CONDITION cell: `Denied`, else `Approved`, else `Pending`; then `,Failed` when a Failed
 * condition exists, then `,Issued` when a certificate is present. Condition statuses are ignored.
 */
export function conditionSummary(csr: HasConditions): string {
  let s = hasCondition(csr, ConditionType.Denied) ? 'Denied' : hasCondition(csr, ConditionType.Approved) ? 'Approved' : 'Pending';
  if (hasCondition(csr, ConditionType.Failed)) s += ',Failed';
  if (isIssued(csr)) s += ',Issued';
  return s;
}
