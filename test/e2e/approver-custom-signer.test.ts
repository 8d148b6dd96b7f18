import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync, statSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { serverForSuite, type TestServer } from './server-harness.js';
import { createCsr } from '../../src/pki/csr.js';
import { generateKeyPair } from '../../src/pki/keys.js';
import { buildName } from '../../src/pki/name.js';
import { encodePem } from '../../src/pki/pem.js';
import type { CertificateSigningRequest } from '../../src/api/certificates/types.js';

const path = '/apis/certificates.k8s.io/v1/certificatesigningrequests';
const config = `
approvalPolicies:
  - name: developers
    signerName: kubernetes.io/kube-apiserver-client
    requestors: {users: [admin]}
    commonName: "^dev-[a-z]+$"
    organizations: [devs]
    usages: [client auth]
    maxDuration: 24h
signers:
  - name: example.com/team
    ca: {generate: {keyType: ecdsa-p256, dir: signer-cas}}
    allowedUsages: [digital signature, client auth]
    requiredUsages: [client auth]
    maxDuration: 2h
`;

describe('signet controllers with approval policies and a custom signer', () => {
  let server: TestServer;
  serverForSuite((s) => (server = s), {}, config);

  async function create(name: string, cn: string, orgs: string[], signerName: string, usages: string[], expirationSeconds?: number): Promise<void> {
    const request = Buffer.from(encodePem('CERTIFICATE REQUEST', createCsr({ subject: buildName({ CN: cn, O: orgs }).raw, privateKey: generateKeyPair('ecdsa-p256').privateKey }))).toString('base64');
    const r = await server.fetch('POST', path, { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ metadata: { name }, spec: { request, signerName, usages, expirationSeconds } }) });
    assert.equal(r.status, 201, r.body);
  }

  async function waitFor(name: string, done: (c: CertificateSigningRequest) => boolean): Promise<CertificateSigningRequest> {
    let csr!: CertificateSigningRequest;
    for (let i = 0; i < 150; i++) {
      csr = JSON.parse((await server.fetch('GET', `${path}/${name}`)).body) as CertificateSigningRequest;
      if (done(csr)) return csr;
      await new Promise((r) => setTimeout(r, 100));
    }
    return csr;
  }

  test('a request the policy allows is approved automatically and then issued', async () => {
    await create('dev-alice', 'dev-alice', ['devs'], 'kubernetes.io/kube-apiserver-client', ['client auth'], 3600);
    const csr = await waitFor('dev-alice', (c) => !!c.status?.certificate);
    const approved = csr.status?.conditions?.find((c) => c.type === 'Approved');
    assert.equal(approved?.reason, 'AutoApproved');
    assert.equal(approved?.message, 'Approved by policy "developers".');
    assert.ok(csr.status?.certificate);
    // kubectl describe lists what the controllers did (events are recorded asynchronously).
    let described = '';
    for (let i = 0; i < 50 && !/CertificateIssued/.test(described); i++) {
      described = server.kubectl(['describe', 'csr', 'dev-alice']).stdout;
      if (!/CertificateIssued/.test(described)) await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(described, /Normal\s+AutoApproved\s+.*Approved by policy "developers"\./);
    assert.match(described, /Normal\s+CertificateIssued\s+.*Issued by kubernetes\.io\/kube-apiserver-client, valid until /);
  });

  test('a request breaking a rule is denied with a message naming the rule', async () => {
    await create('dev-bob', 'dev-bob', ['ops'], 'kubernetes.io/kube-apiserver-client', ['client auth'], 3600);
    const csr = await waitFor('dev-bob', (c) => (c.status?.conditions ?? []).length > 0);
    const denied = csr.status?.conditions?.find((c) => c.type === 'Denied');
    assert.equal(denied?.reason, 'PolicyDenied');
    assert.equal(denied?.message, 'Denied by policy "developers": rule organizations: subject organization "ops" is not allowed.');
    assert.equal(csr.status?.certificate, undefined);
    const row = server.kubectl(['get', 'csr', 'dev-bob', '--no-headers']).stdout;
    assert.match(row, /Denied\s*$/);
  });

  test('a request no policy is for stays pending for a person', async () => {
    await create('other-signer', 'x', [], 'example.com/nobody', ['client auth']);
    await create('dev-carol', 'dev-carol', ['devs'], 'kubernetes.io/kube-apiserver-client', ['client auth'], 3600);
    await waitFor('dev-carol', (c) => !!c.status?.certificate);
    const csr = JSON.parse((await server.fetch('GET', `${path}/other-signer`)).body) as CertificateSigningRequest;
    assert.deepEqual(csr.status?.conditions ?? [], []);
  });

  test('the custom signer issues from the CA it generated at first start, within its maximum duration', async () => {
    await create('team-user', 'team-user', [], 'example.com/team', ['client auth', 'digital signature'], 86400);
    const approve = server.kubectl(['certificate', 'approve', 'team-user']);
    assert.equal(approve.status, 0, approve.stderr);
    const csr = await waitFor('team-user', (c) => !!c.status?.certificate);
    const caFile = join(server.dir, 'signer-cas', 'example.com_team.crt');
    assert.equal(statSync(join(server.dir, 'signer-cas', 'example.com_team.key')).mode & 0o777, 0o600);
    const ca = new X509Certificate(readFileSync(caFile));
    const cert = new X509Certificate(Buffer.from(csr.status!.certificate!, 'base64'));
    assert.ok(cert.checkIssued(ca) && cert.verify(ca.publicKey));
    // 86400 s asked, 2h allowed: capped, a short TTL, so 2 h plus the 5-minute backdate.
    assert.equal(Date.parse(cert.validTo) - Date.parse(cert.validFrom), 125 * 60_000);
  });

  test('the custom signer fails a request its policy forbids', async () => {
    await create('team-server', 'team-server', [], 'example.com/team', ['client auth', 'server auth']);
    assert.equal(server.kubectl(['certificate', 'approve', 'team-server']).status, 0);
    const csr = await waitFor('team-server', (c) => (c.status?.conditions ?? []).some((x) => x.type === 'Failed'));
    const failed = csr.status?.conditions?.find((c) => c.type === 'Failed');
    assert.equal(failed?.reason, 'SignerValidationFailure');
    assert.equal(failed?.message, 'invalid usage for example.com/team: server auth');
  });
});
