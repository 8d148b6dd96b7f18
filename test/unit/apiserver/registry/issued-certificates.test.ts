// The issued-certificate ledger as the registry keeps it: the API server records every
// certificate written into a CSR in the same commit, all or none; users read it and cannot write
// it; it outlives its request and refuses deletion before its retention ends.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { admin, csrPath, startHandleServer, type HandleServer } from '../handle-server.js';
import { b64, certPem, csrPem } from '../../api/fixtures.js';
import { SqliteStore } from '../../../../src/storage/sqlite/sqlite-store.js';

const ledgerPath = '/apis/certificates.signet.dev/v1alpha1/issuedcertificates';
let server: HandleServer;

before(async () => {
  server = await startHandleServer();
});
after(async () => {
  await server?.close();
});

/** An approved request of a signer nobody runs here, so that the test writes the certificate itself. */
async function approved(name: string): Promise<Record<string, any>> {
  const created = await server.send(admin, 'POST', csrPath, { metadata: { name }, spec: { request: b64(csrPem({ CN: name })), signerName: 'example.com/ledger', usages: ['client auth'] } });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  const obj = created.json;
  obj['status'] = { conditions: [{ type: 'Approved', status: 'True', reason: 'Test', message: 'approved' }] };
  const answer = await server.send(admin, 'PUT', `${csrPath}/${name}/approval`, obj);
  assert.equal(answer.status, 200, JSON.stringify(answer.json));
  return answer.json;
}

async function writeCertificate(csr: Record<string, any>, pem: string): Promise<{ status: number; json: Record<string, any> }> {
  return server.send(admin, 'PUT', `${csrPath}/${csr['metadata'].name}/status`, { ...csr, status: { ...csr['status'], certificate: b64(pem) } });
}

test('a certificate written into a request is recorded in the ledger in the same commit', async () => {
  const csr = await approved('dana');
  const database = server.running.store as SqliteStore;
  const before = database.stats();
  const written = await writeCertificate(csr, certPem('dana', { serial: Uint8Array.of(0x0a, 0xbc, 0xde), O: ['devs', 'ops'], notAfter: new Date('2027-06-01T00:00:00Z') }));
  const after = database.stats();
  assert.equal(written.status, 200, JSON.stringify(written.json));
  assert.deepEqual([after.writes - before.writes, after.commits - before.commits], [2, 1]);
  const entry = (await server.send(admin, 'GET', `${ledgerPath}/0abcde`)).json;
  assert.match(entry['spec'].sha256, /^[0-9a-f]{64}$/);
  assert.deepEqual({ ...entry['spec'], sha256: 'checked above' }, {
    serialNumber: '0abcde', signerName: 'example.com/ledger', username: 'dana', groups: ['devs', 'ops'],
    notBefore: '2026-01-01T00:00:00Z', notAfter: '2027-06-01T00:00:00Z',
    certificateSigningRequest: { name: 'dana', uid: csr['metadata'].uid }, requestor: 'admin', sha256: 'checked above',
  });
  // The entry is the write after the certificate's, in the same commit.
  assert.equal(Number(entry['metadata'].resourceVersion), Number(written.json['metadata'].resourceVersion) + 1);
  assert.match(entry['metadata'].uid, /^[0-9a-f-]{36}$/);
});

test('a serial the ledger holds already refuses the whole write: 409, and the request keeps no certificate', async () => {
  const csr = await approved('reused-serial');
  const answer = await writeCertificate(csr, certPem('reused-serial', { serial: Uint8Array.of(0x0a, 0xbc, 0xde) }));
  assert.equal(answer.status, 409, JSON.stringify(answer.json));
  assert.equal(answer.json['message'], 'issuedcertificates.certificates.signet.dev "0abcde" already exists');
  const stored = (await server.send(admin, 'GET', `${csrPath}/reused-serial`)).json;
  assert.equal(stored['status'].certificate, undefined);
  assert.equal(stored['metadata'].resourceVersion, csr['metadata'].resourceVersion);
});

test('the ledger is read-only: no create, update or patch; fields select by user and signer', async () => {
  const created = await server.send(admin, 'POST', ledgerPath, { metadata: { name: 'forged' }, spec: { serialNumber: 'forged', signerName: 'x', username: 'x', notBefore: '2026-01-01T00:00:00Z', notAfter: '2027-01-01T00:00:00Z' } });
  assert.equal(created.status, 405, JSON.stringify(created.json));
  assert.equal(created.json['reason'], 'MethodNotAllowed');
  const patched = await server.send(admin, 'PATCH', `${ledgerPath}/0abcde`, { spec: { username: 'mallory' } }, { 'Content-Type': 'application/merge-patch+json' });
  assert.equal(patched.status, 405, JSON.stringify(patched.json));
  const byUser = (await server.send(admin, 'GET', `${ledgerPath}?fieldSelector=spec.username%3Ddana`)).json;
  assert.deepEqual(byUser['items'].map((i: any) => i.metadata.name), ['0abcde']);
  const bySigner = (await server.send(admin, 'GET', `${ledgerPath}?fieldSelector=spec.signerName%3Dexample.com%2Fother`)).json;
  assert.deepEqual(bySigner['items'], []);
});

test('an entry outlives its request, and is not deleted before 72 hours past its notAfter', async () => {
  const gone = await server.send(admin, 'DELETE', `${csrPath}/dana`);
  assert.equal(gone.status, 200, JSON.stringify(gone.json));
  assert.equal((await server.send(admin, 'GET', `${ledgerPath}/0abcde`)).status, 200);
  const refused = await server.send(admin, 'DELETE', `${ledgerPath}/0abcde`);
  assert.equal(refused.status, 403, JSON.stringify(refused.json));
  assert.equal(refused.json['message'], 'issuedcertificates.certificates.signet.dev "0abcde" is forbidden: the ledger keeps it until 2027-06-04T00:00:00Z, 72h after the certificate expires');
  const expired = await approved('long-expired');
  const hour = 3_600_000;
  const notAfter = new Date(Math.floor((Date.now() - 73 * hour) / 1000) * 1000);
  assert.equal((await writeCertificate(expired, certPem('long-expired', { serial: Uint8Array.of(0x7f), notBefore: new Date(notAfter.getTime() - hour), notAfter }))).status, 200);
  const deleted = await server.send(admin, 'DELETE', `${ledgerPath}/7f`);
  assert.equal(deleted.status, 200, JSON.stringify(deleted.json));
});

test('a revocation is deleted only once every certificate it revoked is 72 hours past its notAfter', async () => {
  const revocations = '/apis/certificates.signet.dev/v1alpha1/certificaterevocations';
  const live = await server.send(admin, 'POST', revocations, { metadata: { name: 'live' }, spec: { serialNumber: '0ABCDE' } });
  assert.equal(live.status, 201, JSON.stringify(live.json));
  assert.deepEqual(live.json['status'].revoked.map((c: any) => c.serialNumber), ['0abcde']);
  const kept = await server.send(admin, 'DELETE', `${revocations}/live`);
  assert.equal(kept.status, 403, JSON.stringify(kept.json));
  assert.match(kept.json['message'], /revocation is final: it stays until 2027-06-04T00:00:00Z/);
  const expired = await approved('old-revoked');
  const hour = 3_600_000;
  const notAfter = new Date(Math.floor((Date.now() - 80 * hour) / 1000) * 1000);
  assert.equal((await writeCertificate(expired, certPem('old-revoked', { serial: Uint8Array.of(0x6e), notBefore: new Date(notAfter.getTime() - hour), notAfter }))).status, 200);
  assert.equal((await server.send(admin, 'POST', revocations, { metadata: { name: 'old' }, spec: { serialNumber: '6e' } })).status, 201);
  const gone = await server.send(admin, 'DELETE', `${revocations}/old`);
  assert.equal(gone.status, 200, JSON.stringify(gone.json));
  const malformed = await server.send(admin, 'POST', revocations, { metadata: { name: 'malformed' }, spec: { serialNumber: 'xyz!' } });
  assert.equal(malformed.status, 422, JSON.stringify(malformed.json));
  assert.match(malformed.json['message'], /spec.serialNumber: Invalid value: "xyz!": must be hexadecimal/);
  const changed = await server.send(admin, 'PUT', `${revocations}/live`, { ...live.json, spec: { serialNumber: '7f' } });
  assert.equal(changed.status, 405, JSON.stringify(changed.json));
});
