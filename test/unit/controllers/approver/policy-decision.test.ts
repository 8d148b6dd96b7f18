import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideApproval } from '../../../../src/controllers/approver/policy-decision.js';
import { resolveControllersConfig } from '../../../../src/controllers/config.js';
import type { CertificateSigningRequest } from '../../../../src/api/certificates/types.js';
import { createCsr, parseCsr } from '../../../../src/pki/csr.js';
import { generateKeyPair } from '../../../../src/pki/keys.js';
import { buildName } from '../../../../src/pki/name.js';
import { noAltNames, type SubjectAltNames } from '../../../../src/pki/general-name.js';

const config = resolveControllersConfig({
  privilegedGroups: ['platform-admins'],
  approvalPolicies: [
    {
      name: 'self-service', signerName: 'kubernetes.io/kube-apiserver-client',
      requestors: { serviceAccounts: ['users/*'], groups: ['devs'] },
      commonName: 'requestor', organizations: 'requestorGroups', usages: ['client auth'], maxDuration: '24h',
    },
    {
      name: 'web', signerName: 'example.com/serving', requestors: { users: ['deployer'] },
      commonName: '^[a-z]+$', organizations: ['web'], subjectAltNames: { dns: ['*.svc.example.com'] }, usages: ['server auth', 'digital signature'],
    },
  ],
}, '/tmp');

const key = generateKeyPair('ecdsa-p256').privateKey;
function csr(o: { user: string; groups?: string[]; signer?: string; cn: string; orgs?: string[]; sans?: SubjectAltNames; usages?: string[]; seconds?: number }) {
  const req = parseCsr(createCsr({ subject: buildName({ CN: o.cn, O: o.orgs ?? [] }).raw, privateKey: key, sans: o.sans ?? noAltNames }));
  const obj: CertificateSigningRequest = {
    metadata: { name: 'x' },
    spec: { request: '', signerName: o.signer ?? 'kubernetes.io/kube-apiserver-client', usages: o.usages ?? ['client auth'], username: o.user, groups: o.groups ?? [], expirationSeconds: o.seconds },
  };
  return { obj, req };
}

const cases: Record<string, [ReturnType<typeof csr>, string | null]> = {
  "a service account asking for its own name and groups": [csr({ user: 'system:serviceaccount:users:jean.doe', groups: ['system:serviceaccounts', 'qa'], cn: 'jean.doe', orgs: ['qa'], seconds: 3600 }), 'approve:self-service'],
  "a service account asking for someone else's name": [csr({ user: 'system:serviceaccount:users:jean.doe', cn: 'admin', seconds: 3600 }), 'deny:rule commonName'],
  'a group it is not in': [csr({ user: 'system:serviceaccount:users:jean.doe', groups: ['qa'], cn: 'jean.doe', orgs: ['ops'], seconds: 3600 }), 'deny:rule organizations'],
  'a privileged group it is in': [csr({ user: 'carol', groups: ['devs', 'platform-admins'], cn: 'carol', orgs: ['platform-admins'], seconds: 3600 }), 'deny:rule privilegedGroups'],
  'system:masters': [csr({ user: 'carol', groups: ['devs', 'system:masters'], cn: 'carol', orgs: ['system:masters'], seconds: 3600 }), 'deny:rule privilegedGroups'],
  'server auth': [csr({ user: 'carol', groups: ['devs'], cn: 'carol', usages: ['client auth', 'server auth'], seconds: 3600 }), 'deny:rule usages'],
  'no expirationSeconds under a maximum': [csr({ user: 'carol', groups: ['devs'], cn: 'carol' }), 'deny:rule maxDuration'],
  'a duration over the maximum': [csr({ user: 'carol', groups: ['devs'], cn: 'carol', seconds: 2 * 86400 }), 'deny:rule maxDuration'],
  'a requestor no policy is for': [csr({ user: 'mallory', cn: 'mallory', seconds: 3600 }), null],
  'a signer no policy is for': [csr({ user: 'carol', groups: ['devs'], cn: 'carol', signer: 'example.com/other', seconds: 3600 }), null],
  'a serving certificate inside the allowed domain': [csr({ user: 'deployer', signer: 'example.com/serving', cn: 'api', orgs: ['web'], sans: { ...noAltNames, dns: ['api.svc.example.com'] }, usages: ['server auth'] }), 'approve:web'],
  'a serving certificate two labels deep': [csr({ user: 'deployer', signer: 'example.com/serving', cn: 'api', orgs: ['web'], sans: { ...noAltNames, dns: ['a.b.svc.example.com'] }, usages: ['server auth'] }), 'deny:rule subjectAltNames'],
  'a serving certificate with an IP': [csr({ user: 'deployer', signer: 'example.com/serving', cn: 'api', orgs: ['web'], sans: { ...noAltNames, ips: ['10.0.0.1'] }, usages: ['server auth'] }), 'deny:rule subjectAltNames'],
};
for (const [name, [c, want]] of Object.entries(cases)) {
  test(`the approver, for ${name}: ${want ?? 'no opinion'}`, () => {
    const d = decideApproval(c.obj, c.req, config.approvalPolicies, config.privilegedGroups);
    if (want === null) return assert.equal(d, null);
    const [kind, what] = want.split(':');
    assert.equal(d?.kind, kind);
    if (kind === 'approve') assert.equal(d?.policy, what);
    else assert.match(d!.message, new RegExp(`^Denied by policy "[a-z-]+": ${what}: `));
  });
}

test('configuration mistakes are one clear error naming the place', () => {
  assert.throws(() => resolveControllersConfig({ approvalPolicies: [{ name: 'p', signerName: 's' }] }, '/tmp', 'c.yaml'), /^ConfigError: c\.yaml: approvalPolicies\[0\]\.requestors: name at least one/);
  assert.throws(() => resolveControllersConfig({ signers: [{ name: 'kubernetes.io/x' }] }, '/tmp', 'c.yaml'), /kubernetes\.io\/ signer names are built in/);
  assert.throws(() => resolveControllersConfig({ signers: [{ name: 'example.com/a', allowedUsages: ['flying'] }] }, '/tmp', 'c.yaml'), /unknown usage "flying"/);
  assert.throws(() => resolveControllersConfig({ approvalPolicies: [{ name: 'p', signerName: 's', requestors: { users: ['u'] }, commonName: '(' }] }, '/tmp', 'c.yaml'), /not a regular expression/);
});
