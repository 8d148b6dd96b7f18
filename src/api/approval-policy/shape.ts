// The field shape of CertificateApprovalPolicies, for strict decoding. It has no protobuf form
// (clients send JSON or YAML); the numbers only keep the table's shape.
// Mirrors CertificateApprovalPolicy in ./types.ts.

import { f, kindShape, list, msg } from '../serialize/shape-kit.js';

/** signet.dev/v1alpha1 CertificateApprovalPolicy. */
export const approvalPolicyShape = kindShape('CertificateApprovalPolicy', [f('spec', 2, msg('CertificateApprovalPolicySpec', [
  f('signerName', 1, 'string'),
  f('requestors', 2, msg('Requestors', [list('users', 1, 'string'), list('groups', 2, 'string'), list('serviceAccounts', 3, 'string')])),
  f('commonName', 3, 'string'), list('organizations', 4, 'string'), f('organizationsFrom', 5, 'string'), list('usages', 6, 'string'),
  f('maxDuration', 7, 'string'),
  f('subjectAltNames', 8, msg('SubjectAltNameRules', [list('dns', 1, 'string'), f('ips', 2, 'bool'), f('emails', 3, 'bool'), f('uris', 4, 'bool')])),
]))]);
