// The signer against a real server, through the in-process client and as the controllers' own
// user (no system:masters: RBAC's bootstrap grants must be enough): the certificate it writes for
// an approved kube-apiserver-client request (k8s-csr-spec.md §5.1–5.3), the Failed condition for
// one its policy refuses, and the requests it must not sign. One pass over requests made first,
// with the signer's clock fixed, so validity is checked to the second and nothing waits on time.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { SignerController } from '../../../../src/controllers/signer/signer-controller.js';
import { SigningPool } from '../../../../src/controllers/signer/signing-pool.js';
import { builtinPolicies } from '../../../../src/controllers/signer/policies.js';
import { parseCertificatePem, type Certificate } from '../../../../src/pki/certificate.js';
import { formatName } from '../../../../src/pki/name.js';
import { KeyUsageBit } from '../../../../src/pki/extensions/key-usage.js';
import { ExtKeyUsageOid } from '../../../../src/pki/usages.js';
import { admin, controllerManager, csrPath, runOnce, startHandleServer, type HandleServer } from '../../apiserver/handle-server.js';
import { b64, csrPem, keyOf } from '../../api/fixtures.js';

const clientSigner = 'kubernetes.io/kube-apiserver-client';
const minute = 60_000;
const hour = 60 * minute;
/** `--cluster-signing-duration` of this signer. */
const maxDurationMs = 24 * hour;
const now = new Date(Math.floor(Date.now() / 1000) * 1000);

let server: HandleServer;
const errors: unknown[] = [];

const read = async (name: string): Promise<Record<string, any>> => (await server.send(admin, 'GET', `${csrPath}/${name}`)).json;

async function createCsr(name: string, spec: { signerName?: string; usages: string[]; expirationSeconds?: number }): Promise<void> {
  const created = await server.send(admin, 'POST', csrPath, {
    metadata: { name }, spec: { request: b64(csrPem({ CN: name, O: ['devs'] })), signerName: spec.signerName ?? clientSigner, usages: spec.usages, expirationSeconds: spec.expirationSeconds },
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
}

/** Adds a condition through `subresource` (approval or status), as admin. */
async function addCondition(name: string, subresource: 'approval' | 'status', type: string): Promise<void> {
  const current = await read(name);
  const condition = { type, status: 'True', reason: 'ByTest', message: `${type} by the test` };
  const written = await server.send(admin, 'PUT', `${csrPath}/${name}/${subresource}`, { ...current, status: { ...current['status'], conditions: [...(current['status'].conditions ?? []), condition] } });
  assert.equal(written.status, 200, JSON.stringify(written.json));
}

/** What each request looked like before the signer ran. */
const beforePass: Record<string, Record<string, any>> = {};

before(async () => {
  server = await startHandleServer();
  const client = { usages: ['digital signature', 'key encipherment', 'client auth'] };
  await createCsr('one-hour', { ...client, expirationSeconds: 3600 });
  await createCsr('two-days', { ...client, expirationSeconds: 2 * 86400 });
  await createCsr('server-auth', { usages: ['client auth', 'server auth'] });
  await createCsr('denied', client);
  await createCsr('failed-elsewhere', client);
  await createCsr('pending', client);
  await createCsr('custom-signer', { ...client, signerName: 'example.com/elsewhere' });
  for (const name of ['one-hour', 'two-days', 'server-auth', 'failed-elsewhere', 'custom-signer']) await addCondition(name, 'approval', 'Approved');
  await addCondition('denied', 'approval', 'Denied');
  await addCondition('failed-elsewhere', 'status', 'Failed');
  for (const name of ['denied', 'failed-elsewhere', 'pending', 'custom-signer']) beforePass[name] = await read(name);

  const pool = new SigningPool(server.dataDir.caPem, server.caKeyPem, 1);
  const signer = new SignerController({
    client: server.client(controllerManager), issuer: pool, policies: builtinPolicies, maxDurationMs, clock: () => now,
    onError: (_what, err) => errors.push(err),
  });
  try {
    await runOnce(signer);
  } finally {
    await pool.close();
  }
});
after(async () => {
  await server?.close();
});

/** The certificate issued for `name`, parsed, and its PEM. */
async function issued(name: string): Promise<{ cert: Certificate; pem: string }> {
  const csr = await read(name);
  assert.ok(csr['status'].certificate, `no certificate for ${name}: ${JSON.stringify(csr['status'])}`);
  const pem = Buffer.from(csr['status'].certificate, 'base64').toString();
  return { cert: parseCertificatePem(pem), pem };
}

test('the pass ran without a controller error: the controllers\' user may read, sign and write /status', () => {
  assert.deepEqual(errors, []);
});

test('kube-apiserver-client: the request\'s subject and key, client auth as the only extended usage, CA:FALSE, signed by the cluster CA', async () => {
  const { cert, pem } = await issued('one-hour');
  assert.equal(formatName(cert.subject), 'O = devs, CN = one-hour');
  assert.equal(formatName(cert.issuer), formatName(server.dataDir.ca.subject));
  assert.deepEqual(cert.extKeyUsage, [ExtKeyUsageOid.clientAuth]);
  assert.equal(cert.keyUsage, (1 << KeyUsageBit.digitalSignature) | (1 << KeyUsageBit.keyEncipherment));
  assert.deepEqual(cert.basicConstraints, { ca: false });
  const x509 = new X509Certificate(pem);
  assert.ok(x509.verify(new X509Certificate(server.dataDir.caPem).publicKey), 'signed by the cluster CA');
  assert.ok(x509.publicKey.equals(keyOf().publicKey), 'for the request\'s key');
});

test('expirationSeconds under the signing duration: valid from 5 minutes before signing to an hour after', async () => {
  const { cert } = await issued('one-hour');
  assert.equal(cert.notBefore.getTime(), now.getTime() - 5 * minute);
  assert.equal(cert.notAfter.getTime(), now.getTime() + hour);
});

test('expirationSeconds over --cluster-signing-duration is capped to it: exactly 24 h, backdated 5 minutes', async () => {
  const { cert } = await issued('two-days');
  assert.equal(cert.notBefore.getTime(), now.getTime() - 5 * minute);
  assert.equal(cert.notAfter.getTime() - cert.notBefore.getTime(), maxDurationMs);
});

test('server auth for kube-apiserver-client: Failed, SignerValidationFailure with the in-tree text, and no certificate', async () => {
  const csr = await read('server-auth');
  assert.equal(csr['status'].certificate, undefined);
  const failed = csr['status'].conditions.filter((c: { type: string }) => c.type === 'Failed');
  assert.deepEqual(failed.map((c: Record<string, string>) => [c['status'], c['reason'], c['message']]), [['True', 'SignerValidationFailure', 'invalid usage for client certificate: server auth']]);
});

for (const [name, why] of Object.entries({
  denied: 'a Denied request',
  'failed-elsewhere': 'an approved request already marked Failed',
  pending: 'a request nobody approved',
  'custom-signer': 'an approved request for a signer name it does not serve',
})) {
  test(`${why} is left as it was: no certificate, no condition, no write`, async () => {
    const csr = await read(name);
    assert.equal(csr['status'].certificate, undefined);
    assert.deepEqual(csr['status'], beforePass[name]!['status']);
    assert.equal(csr['metadata'].resourceVersion, beforePass[name]!['metadata'].resourceVersion);
  });
}
