import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString } from '../../../../src/api/field-error.js';
import { approvalPolicyFromObject, validateCertificateApprovalPolicy } from '../../../../src/api/approval-policy/validation.js';
import type { CertificateApprovalPolicySpec } from '../../../../src/api/approval-policy/types.js';

const policy = (spec: CertificateApprovalPolicySpec) => ({ metadata: { name: 'p' }, spec });
const errors = (spec: CertificateApprovalPolicySpec): string[] => validateCertificateApprovalPolicy(policy(spec)).map(errorString);
const base: CertificateApprovalPolicySpec = { signerName: 'kubernetes.io/kube-apiserver-client', requestors: { groups: ['devs'] } };

test('a minimal policy is valid and allows the default usages, no O and no SANs', () => {
  assert.deepEqual(errors(base), []);
  const p = approvalPolicyFromObject(policy(base));
  assert.deepEqual({ ...p, requestors: p.requestors }, {
    name: 'p', signerName: 'kubernetes.io/kube-apiserver-client', requestors: { users: [], groups: ['devs'], serviceAccounts: [] },
    organizations: [], sans: { dns: [], ips: false, emails: false, uris: false }, usages: ['client auth', 'digital signature', 'key encipherment'],
  });
});

test('signer and requestors are required', () => {
  assert.deepEqual(errors({}), ['spec.signerName: Required value', 'spec.requestors: Required value: name at least one user, group or service account']);
});

test('each rule is checked, and every error is reported at once', () => {
  assert.deepEqual(errors({
    signerName: 'no-slash', requestors: { serviceAccounts: ['just-a-name'] }, commonName: '[', organizationsFrom: 'Everyone',
    usages: ['client auth', 'teleport'], maxDuration: '-1h', subjectAltNames: { dns: ['bad name'] },
  }).map((e) => e.split(':')[0]), [
    'spec.signerName', 'spec.requestors.serviceAccounts[0]', 'spec.commonName', 'spec.organizationsFrom', 'spec.usages[1]', 'spec.maxDuration', 'spec.subjectAltNames.dns[0]',
  ]);
});

test('organizationsFrom and organizations do not go together', () => {
  assert.deepEqual(errors({ ...base, organizations: ['devs'], organizationsFrom: 'RequestorGroups' }), ['spec.organizations: Forbidden: may not be set together with spec.organizationsFrom']);
});

test('the object turns into the approver\'s policy: requestor CN, groups from the requestor, duration, SANs', () => {
  const p = approvalPolicyFromObject(policy({
    ...base, commonName: 'requestor', organizationsFrom: 'ServiceAccountGroups', usages: ['client auth'], maxDuration: '90m', subjectAltNames: { dns: ['*.svc'], ips: true },
  }));
  assert.equal(p.commonName, 'requestor');
  assert.equal(p.organizations, 'serviceAccountGroups');
  assert.equal(p.maxDurationMs, 90 * 60_000);
  assert.deepEqual(p.sans, { dns: ['*.svc'], ips: true, emails: false, uris: false });
  const rx = approvalPolicyFromObject(policy({ ...base, commonName: '^dev-' })).commonName;
  assert.ok(rx instanceof RegExp && rx.test('dev-x') && !rx.test('ops'));
});
