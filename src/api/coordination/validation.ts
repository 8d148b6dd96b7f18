// Validation of Leases with Kubernetes' messages.
// Mirrors kubernetes pkg/apis/coordination/validation/validation.go (ValidateLeaseSpec).

import { invalid, type FieldError } from '../field-error.js';

/** ValidateLease's spec checks. */
export function validateLease(l: { spec?: { leaseDurationSeconds?: number; leaseTransitions?: number } }): FieldError[] {
  const errs: FieldError[] = [];
  const d = l.spec?.leaseDurationSeconds;
  if (d !== undefined && d !== null && d <= 0) errs.push(invalid('spec.leaseDurationSeconds', d, 'must be greater than 0'));
  const t = l.spec?.leaseTransitions;
  if (t !== undefined && t !== null && t < 0) errs.push(invalid('spec.leaseTransitions', t, 'must be greater than or equal to 0'));
  return errs;
}
