import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { serverForSuite, type TestServer } from './server-harness.js';
import { pollFor } from './harness.js';
import { createCsr } from '../../src/pki/csr.js';
import { generateKeyPair } from '../../src/pki/keys.js';
import { buildName } from '../../src/pki/name.js';
import { encodePem } from '../../src/pki/pem.js';
import type { CertificateSigningRequest } from '../../src/api/certificates/types.js';

const path = '/apis/certificates.k8s.io/v1/certificatesigningrequests';
const policy = `apiVersion: signet.dev/v1alpha1
kind: CertificateApprovalPolicy
metadata:
  name: developers
spec:
  signerName: kubernetes.io/kube-apiserver-client
  requestors:
    users: [admin]
  commonName: "^dev-[a-z]+$"
  organizations: [devs]
  usages: [client auth]
  maxDuration: 24h
`;

describe('CertificateApprovalPolicy objects managed with kubectl', () => {
  let server: TestServer;
  serverForSuite((s) => (server = s));

  async function create(name: string, cn: string, orgs: string[]): Promise<void> {
    const request = Buffer.from(encodePem('CERTIFICATE REQUEST', createCsr({ subject: buildName({ CN: cn, O: orgs }).raw, privateKey: generateKeyPair('ecdsa-p256').privateKey }))).toString('base64');
    const r = await server.fetch('POST', path, { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ metadata: { name }, spec: { request, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'], expirationSeconds: 3600 } }) });
    assert.equal(r.status, 201, r.body);
  }
  const get = async (name: string): Promise<CertificateSigningRequest> => JSON.parse((await server.fetch('GET', `${path}/${name}`)).body) as CertificateSigningRequest;
  const decided = (name: string) => pollFor(async () => {
    const csr = await get(name);
    return (csr.status?.conditions ?? []).length > 0 ? csr : undefined;
  });

  test('a pending request is approved as soon as a policy that allows it is applied', async () => {
    await create('dev-early', 'dev-early', ['devs']);
    // Nothing decides it yet: no policy exists.
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual((await get('dev-early')).status?.conditions ?? [], []);
    const applied = server.kubectl(['apply', '-f', '-'], { input: policy });
    assert.equal(applied.status, 0, applied.stderr);
    assert.equal(applied.stdout.trim(), 'certificateapprovalpolicy.signet.dev/developers created');
    const csr = await decided('dev-early');
    const approved = csr?.status?.conditions?.find((c) => c.type === 'Approved');
    assert.equal(approved?.reason, 'AutoApproved');
    assert.equal(approved?.message, 'Approved by policy "developers".');
    assert.ok(await pollFor(async () => (await get('dev-early')).status?.certificate), 'then signed');
  });

  test('kubectl lists policies with their columns, by short name too, and explains the kind', () => {
    const table = server.kubectl(['get', 'csrpolicy']);
    assert.equal(table.status, 0, table.stderr);
    const [header, row] = table.stdout.trim().split('\n');
    assert.match(header!, /^NAME\s+SIGNERNAME\s+REQUESTORS\s+AGE$/);
    assert.match(row!, /^developers\s+kubernetes\.io\/kube-apiserver-client\s+user:admin\s+\S+$/);
    assert.equal(server.kubectl(['apply', '-f', '-'], { input: policy }).stdout.trim(), 'certificateapprovalpolicy.signet.dev/developers unchanged');
    const explained = server.kubectl(['explain', 'certificateapprovalpolicies.spec.organizationsFrom']);
    assert.equal(explained.status, 0, explained.stderr);
    assert.match(explained.stdout, /RequestorGroups/);
  });

  test('a request breaking the policy\'s rules is denied naming the rule', async () => {
    await create('dev-ops', 'dev-ops', ['ops']);
    const denied = (await decided('dev-ops'))?.status?.conditions?.find((c) => c.type === 'Denied');
    assert.equal(denied?.message, 'Denied by policy "developers": rule organizations: subject organization "ops" is not allowed.');
  });

  test('a broken policy is refused with the fields at fault, and a misspelt field under strict validation', () => {
    const bad = policy.replace('name: developers', 'name: broken').replace('"^dev-[a-z]+$"', '"(["').replace('usages: [client auth]', 'usages: [client auth, flying]').replace('maxDuration: 24h', 'maxDuration: soon');
    const r = server.kubectl(['apply', '-f', '-'], { input: bad });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /The CertificateApprovalPolicy "broken" is invalid:/);
    assert.match(r.stderr, /spec\.commonName: Invalid value: "\(\[": not a valid regular expression/);
    assert.match(r.stderr, /spec\.usages\[1\]: Unsupported value: "flying"/);
    assert.match(r.stderr, /spec\.maxDuration: Invalid value: "soon"/);
    const typo = server.kubectl(['apply', '-f', '-'], { input: policy.replace('name: developers', 'name: typo').replace('requestors:', 'requestor:') });
    assert.notEqual(typo.status, 0);
    assert.match(typo.stderr, /unknown field "spec\.requestor"/);
    assert.equal(server.kubectl(['get', 'csrpolicy', 'broken']).status, 1, 'nothing was stored');
  });

  test('once the policy is deleted, new requests wait for a person', async () => {
    const deleted = server.kubectl(['delete', 'csrpolicy', 'developers']);
    assert.equal(deleted.stdout.trim(), 'certificateapprovalpolicy.signet.dev "developers" deleted');
    // The approver learns of the deletion through its watch, which takes milliseconds; a second is ample.
    await new Promise((r) => setTimeout(r, 1000));
    await create('dev-late', 'dev-late', ['devs']);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual((await get('dev-late')).status?.conditions ?? [], []);
  });
});
