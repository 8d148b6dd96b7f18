// The signer's hand-off: a request the approver of the same process approves is signed at once,
// its certificate written right after the approval (FollowUp), and the signer's own pass through
// the watch then writes nothing more. A hand-off that cannot be written (its user may approve but
// not sign) leaves the approval stored and the request to the signer's usual path.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SignerController } from '../../../../src/controllers/signer/signer-controller.js';
import { SigningPool } from '../../../../src/controllers/signer/signing-pool.js';
import { builtinPolicies } from '../../../../src/controllers/signer/policies.js';
import { resources, type ApiClient } from '../../../../src/api/client.js';
import type { CertificateSigningRequest } from '../../../../src/api/certificates/types.js';
import type { UserInfo } from '../../../../src/api/types.js';
import { admin, controllerManager, csrPath, servedControllers, startHandleServer, type HandleServer } from '../../apiserver/handle-server.js';
import { b64, csrPem } from '../../api/fixtures.js';

const clientSigner = 'kubernetes.io/kube-apiserver-client';
/** May approve for the client signer, and sign for nothing. */
const approveOnly: UserInfo = { username: 'approve-only', groups: ['system:authenticated'] };

let server: HandleServer;
let pool: SigningPool;
let signer: SignerController;
const errors: unknown[] = [];

before(async () => {
  server = await startHandleServer();
  const rbac = '/apis/rbac.authorization.k8s.io/v1';
  for (const [path, body] of [
    [`${rbac}/clusterroles`, {
      metadata: { name: 'approve-only' },
      rules: [
        { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests', 'certificatesigningrequests/approval', 'certificatesigningrequests/status'], verbs: ['get', 'list', 'watch', 'update'] },
        { apiGroups: ['certificates.k8s.io'], resources: ['signers'], resourceNames: [clientSigner], verbs: ['approve'] },
      ],
    }],
    [`${rbac}/clusterrolebindings`, {
      metadata: { name: 'approve-only' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'approve-only' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'approve-only' }],
    }],
  ] as const) {
    const created = await server.send(admin, 'POST', path, body);
    assert.equal(created.status, 201, JSON.stringify(created.json));
  }
  pool = new SigningPool(server.dataDir.caPem, server.caKeyPem, 1);
  signer = new SignerController({
    client: server.client(controllerManager), issuer: pool, policies: builtinPolicies, maxDurationMs: 86_400_000, onError: (_what, err) => errors.push(err),
  });
  signer.start();
  await signer.informer.synced;
});
after(async () => {
  await signer?.stop();
  await pool?.close();
  await server?.close();
});

async function pending(name: string): Promise<CertificateSigningRequest> {
  const created = await server.send(admin, 'POST', csrPath, {
    metadata: { name }, spec: { request: b64(csrPem({ CN: name, O: ['devs'] })), signerName: clientSigner, usages: ['digital signature', 'client auth'] },
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  return created.json as CertificateSigningRequest;
}

function approve(client: ApiClient, csr: CertificateSigningRequest): Promise<CertificateSigningRequest> {
  const approved = { type: 'Approved', status: 'True', reason: 'ByTest', message: 'approved by the test' } as const;
  return client.update(resources.certificateSigningRequests, { ...csr, status: { conditions: [approved] } }, 'approval', signer.handOff);
}

/** Once the signer's informer has seen `name` issued and its queue has nothing left to do, the request as stored. */
async function settledState(name: string): Promise<CertificateSigningRequest> {
  for (let i = 0; i < 200 && !signer.informer.get(name)?.status?.certificate; i++) await new Promise((r) => setTimeout(r, 10));
  await signer.queue.whenIdle();
  return (await server.send(admin, 'GET', `${csrPath}/${name}`)).json as CertificateSigningRequest;
}

test('a request handed off is issued in the write right after its approval, and the signer writes nothing more', async () => {
  const approved = await approve(server.client(servedControllers), await pending('handed'));
  const stored = await settledState('handed');
  assert.ok(stored.status?.certificate, 'issued');
  assert.equal(Number(stored.metadata.resourceVersion), Number(approved.metadata.resourceVersion) + 1);
  assert.deepEqual(stored.metadata.managedFields?.map((f) => f.subresource ?? ''), ['', 'approval', 'status']);
  assert.deepEqual(errors, []);
});

test('a hand-off whose user may not sign leaves the approval stored, and the signer issues it the usual way', async () => {
  const approved = await approve(server.client(approveOnly), await pending('refused-hand-off'));
  assert.deepEqual(approved.status?.conditions?.map((c) => c.type), ['Approved']);
  assert.equal(approved.status?.certificate, undefined);
  const stored = await settledState('refused-hand-off');
  assert.ok(stored.status?.certificate, 'issued by the signer itself');
  assert.ok(Number(stored.metadata.resourceVersion) > Number(approved.metadata.resourceVersion));
});

test('a request the signer does not serve is not handed off', async () => {
  const csr = { ...(await pending('elsewhere')), spec: { signerName: 'example.com/elsewhere' } } as CertificateSigningRequest;
  assert.equal(await signer.handOff(csr), undefined);
});
