// The API server answered in-process (ApiServer.handle): no TLS, no socket, the same handling as
// HTTPS after authentication. Used here for the registry's verbs and for the approver and signer
// issuing a certificate end to end.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { startApiServer, type RunningServer } from '../../../src/apiserver/start.js';
import { silentLogger } from '../../../src/runtime/log.js';
import { openDataDir } from '../../../src/cli/commands/serve/data-dir.js';
import { InProcessClient } from '../../../src/apiserver/in-process-client.js';
import { startControllers } from '../../../src/controllers/runner.js';
import { resolveControllersConfig } from '../../../src/controllers/config.js';
import { createCsr } from '../../../src/pki/csr.js';
import { generateKeyPair } from '../../../src/pki/keys.js';
import { buildName } from '../../../src/pki/name.js';
import { encodePem } from '../../../src/pki/pem.js';
import type { UserInfo } from '../../../src/api/types.js';

const admin: UserInfo = { username: 'admin', groups: ['system:masters', 'system:authenticated'] };
const nobody: UserInfo = { username: 'nobody', groups: ['system:authenticated'] };
const csrPath = '/apis/certificates.k8s.io/v1/certificatesigningrequests';

let dir: string;
let running: RunningServer;
let dataDir: ReturnType<typeof openDataDir>;

function csrBody(name: string, org = 'devs'): string {
  const request = encodePem('CERTIFICATE REQUEST', createCsr({ subject: buildName({ CN: name, O: [org] }).raw, privateKey: generateKeyPair('ecdsa-p256').privateKey }));
  return JSON.stringify({
    apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name },
    spec: { request: Buffer.from(request).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] },
  });
}

const json = (body: Buffer): Record<string, any> => JSON.parse(body.toString()) as Record<string, any>;
const post = (user: UserInfo, body: string) => running.server.handle(user, { method: 'POST', path: csrPath, headers: { 'Content-Type': 'application/json' }, body });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signet-handle-'));
  dataDir = openDataDir(join(dir, 'data'), { caKeyType: 'ecdsa-p256', servingHosts: ['127.0.0.1'] }, new Date());
  running = await startApiServer({ dataDir, host: '127.0.0.1', port: 0, log: silentLogger });
});
after(async () => {
  await running?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a create answers 201 with the stored object; the same name again is 409 AlreadyExists', async () => {
  const created = await post(admin, csrBody('handle-a'));
  assert.equal(created.status, 201);
  assert.equal(created.headers['content-type'], 'application/json');
  const obj = json(created.body);
  assert.equal(obj['kind'], 'CertificateSigningRequest');
  assert.equal(obj['spec'].username, 'admin');
  assert.match(obj['metadata'].resourceVersion, /^\d+$/);
  const again = await post(admin, csrBody('handle-a'));
  assert.equal(again.status, 409);
  assert.equal(json(again.body)['reason'], 'AlreadyExists');
});

test('authorization runs: a user without rights is refused with 403 and nothing is stored', async () => {
  const refused = await post(nobody, csrBody('handle-b'));
  assert.equal(refused.status, 403);
  assert.equal(json(refused.body)['reason'], 'Forbidden');
  const get = await running.server.handle(admin, { method: 'GET', path: `${csrPath}/handle-b` });
  assert.equal(get.status, 404);
});

test('an /approval write with a stale resourceVersion is a 409 conflict; with the current one it is applied', async () => {
  const obj = json((await post(admin, csrBody('handle-c'))).body);
  const approve = (resourceVersion: string) => running.server.handle(admin, {
    method: 'PUT', path: `${csrPath}/handle-c/approval`, headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...obj, metadata: { ...obj['metadata'], resourceVersion }, status: { conditions: [{ type: 'Approved', status: 'True', reason: 'Test' }] } }),
  });
  const stale = await approve(String(Number(obj['metadata'].resourceVersion) - 1));
  assert.equal(stale.status, 409);
  const applied = await approve(obj['metadata'].resourceVersion);
  assert.equal(applied.status, 200);
  assert.equal(json(applied.body)['status'].conditions[0].type, 'Approved');
});

test('kubectl\'s table is negotiated in-process as over HTTPS', async () => {
  const table = await running.server.handle(admin, { method: 'GET', path: csrPath, headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } });
  assert.equal(table.status, 200);
  const t = json(table.body);
  assert.equal(t['kind'], 'Table');
  assert.deepEqual(t['columnDefinitions'].map((c: { name: string }) => c.name), ['Name', 'Age', 'SignerName', 'Requestor', 'RequestedDuration', 'Condition']);
});

test('the approver and the signer issue a certificate for a request created in-process', async () => {
  const controllers = startControllers({
    client: new InProcessClient({ registry: running.registry, authorizer: running.authorizer, user: { username: 'system:kube-controller-manager', groups: ['system:masters', 'system:authenticated'] }, userAgent: 'signet-controllers' }),
    ca: { certPem: dataDir.caPem, keyPem: readFileSync(dataDir.caKeyFile, 'utf8') },
    maxDurationMs: 3600_000,
    signLegacyUnknown: false,
    log: silentLogger,
    config: resolveControllersConfig({
      approvalPolicies: [{ name: 'devs', signerName: 'kubernetes.io/kube-apiserver-client', requestors: { users: ['admin'] }, organizations: ['devs'], usages: ['client auth'] }],
    }, dir),
  });
  try {
    assert.equal((await post(admin, csrBody('handle-issued'))).status, 201);
    let csr: Record<string, any> = {};
    // Bounded: 200 reads, 25 ms apart.
    for (let i = 0; i < 200 && !csr['status']?.certificate; i++) {
      csr = json((await running.server.handle(admin, { method: 'GET', path: `${csrPath}/handle-issued` })).body);
      if (!csr['status']?.certificate) await new Promise((r) => setTimeout(r, 25));
    }
    assert.deepEqual(csr['status'].conditions.map((c: { type: string; reason: string }) => [c.type, c.reason]), [['Approved', 'AutoApproved']]);
    const cert = new X509Certificate(Buffer.from(csr['status'].certificate, 'base64'));
    assert.equal(cert.subject, 'O=devs\nCN=handle-issued');
    assert.ok(cert.verify(new X509Certificate(dataDir.caPem).publicKey), 'signed by the cluster CA');
  } finally {
    await controllers.stop();
  }
});
