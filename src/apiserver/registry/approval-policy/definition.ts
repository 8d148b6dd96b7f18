// CertificateApprovalPolicies (signet.dev/v1alpha1): the policy approver's rules as objects that
// admins manage with kubectl. Cluster-scoped; validated on every write so that a broken policy is
// refused with the field at fault instead of being ignored by the approver later.

import type { ApiObject } from '../resource.js';
import { ageColumn, age, column, nameRule, simpleDefinition } from '../simple-definition.js';
import { isDns1123Subdomain } from '../../../api/validation/names.js';
import { approvalPolicyGroup, approvalPolicyVersion, type CertificateApprovalPolicy } from '../../../api/approval-policy/types.js';
import { validateCertificateApprovalPolicy } from '../../../api/approval-policy/validation.js';
import { approvalPolicyShape } from '../../../api/approval-policy/shape.js';
import { approvalPolicySchema } from '../../../api/approval-policy/openapi-schema.js';

const asPolicy = (o: ApiObject): CertificateApprovalPolicy => o as unknown as CertificateApprovalPolicy;

function requestorsCell(p: CertificateApprovalPolicy): string {
  const r = p.spec?.requestors ?? {};
  const all = [...(r.users ?? []).map((u) => `user:${u}`), ...(r.groups ?? []).map((g) => `group:${g}`), ...(r.serviceAccounts ?? []).map((s) => `sa:${s}`)];
  return all.length > 3 ? `${all.slice(0, 3).join(',')} + ${all.length - 3} more` : all.join(',') || '<none>';
}

/** The CertificateApprovalPolicy resource. */
export const approvalPolicyDefinition = simpleDefinition({
  group: approvalPolicyGroup,
  version: approvalPolicyVersion,
  resource: 'certificateapprovalpolicies',
  kind: 'CertificateApprovalPolicy',
  namespaced: false,
  shortNames: ['csrpolicy'],
  shape: approvalPolicyShape,
  schema: approvalPolicySchema,
  nameFn: nameRule(isDns1123Subdomain),
  validate: (obj) => validateCertificateApprovalPolicy(asPolicy(obj)),
  columns: [
    column('SignerName', 'The signer whose requests the policy decides'),
    column('Requestors', 'Who the policy is for'),
    ageColumn,
  ],
  cells: (obj, now) => [asPolicy(obj).spec?.signerName ?? '', requestorsCell(asPolicy(obj)), age(obj, now)],
});
