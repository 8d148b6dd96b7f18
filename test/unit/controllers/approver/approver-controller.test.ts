// The policy approver against a real server, through the in-process client: what it writes to
// /approval for a request a policy approves or denies, what it leaves alone, and the server's
// refusal when its user may not approve for the signer. Each pass is one start, the informer's
// first list, and the queue running dry: nothing waits on a clock.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ApproverController } from '../../../../src/controllers/approver/approver-controller.js';
import { defaultPrivilegedGroups, resolveControllersConfig } from '../../../../src/controllers/config.js';
import { StatusError } from '../../../../src/api/errors.js';
import type { UserInfo } from '../../../../src/api/types.js';
import { admin, controllerManager, csrPath, runOnce, servedControllers, startHandleServer, type HandleServer } from '../../apiserver/handle-server.js';
import { b64, csrPem } from '../../api/fixtures.js';
import type { SubjectFields } from '../../../../src/pki/name.js';

const clientSigner = 'kubernetes.io/kube-apiserver-client';
const decidedAt = '2026-05-06T07:08:09Z';
const carol: UserInfo = { username: 'carol', groups: ['system:masters', 'system:authenticated'] };

let server: HandleServer;
before(async () => {
  server = await startHandleServer();
});
after(async () => {
  await server?.close();
});

const policies = resolveControllersConfig({
  approvalPolicies: [{ name: 'devs', signerName: clientSigner, requestors: { users: ['admin'] }, organizations: ['devs'], usages: ['client auth'] }],
}, '/tmp').approvalPolicies;

/** Creates a pending request as `user` and returns it as stored. */
async function createCsr(user: UserInfo, name: string, subject: SubjectFields): Promise<Record<string, any>> {
  const created = await server.send(user, 'POST', csrPath, { metadata: { name }, spec: { request: b64(csrPem(subject)), signerName: clientSigner, usages: ['client auth'] } });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  return created.json;
}

const read = async (name: string): Promise<Record<string, any>> => (await server.send(admin, 'GET', `${csrPath}/${name}`)).json;

/** One pass of an approver acting as `user` over the requests there are now. */
async function approverPass(user: UserInfo): Promise<{ decisions: string[]; errors: unknown[] }> {
  const decisions: string[] = [];
  const errors: unknown[] = [];
  const approver = new ApproverController({
    client: server.client(user),
    policies: () => policies,
    privilegedGroups: defaultPrivilegedGroups,
    clock: () => new Date(decidedAt),
    onDecision: (name, kind) => decisions.push(`${name}:${kind}`),
    onError: (_what, err) => errors.push(err),
  });
  await runOnce(approver);
  return { decisions: decisions.sort(), errors };
}

describe('the approver as signet serve runs it', () => {
  const created: Record<string, Record<string, any>> = {};
  let pass: Awaited<ReturnType<typeof approverPass>>;
  before(async () => {
    created['matching'] = await createCsr(admin, 'matching', { CN: 'matching', O: ['devs'] });
    created['other-org'] = await createCsr(admin, 'other-org', { CN: 'other-org', O: ['ops'] });
    created['by-carol'] = await createCsr(carol, 'by-carol', { CN: 'by-carol', O: ['devs'] });
    pass = await approverPass(servedControllers);
  });

  test('decides the two requests of a requestor a policy names, and only those', () => {
    assert.deepEqual(pass.decisions, ['matching:approve', 'other-org:deny']);
    assert.deepEqual(pass.errors, []);
  });

  test('a request the policy allows gets Approved, reason AutoApproved, the policy named in the message, through /approval', async () => {
    const csr = await read('matching');
    assert.equal(csr['status'].conditions.length, 1);
    const [approved] = csr['status'].conditions;
    assert.deepEqual({ type: approved.type, status: approved.status, reason: approved.reason, message: approved.message, lastUpdateTime: approved.lastUpdateTime }, {
      type: 'Approved', status: 'True', reason: 'AutoApproved', message: 'Approved by policy "devs".', lastUpdateTime: decidedAt,
    });
    assert.match(approved.lastTransitionTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, 'the server fills the transition time');
    assert.deepEqual(csr['spec'], created['matching']!['spec']);
    assert.equal(csr['status'].certificate, undefined);
  });

  test('a request of a named requestor that breaks a rule gets Denied, reason PolicyDenied, the rule in the message', async () => {
    const [denied] = (await read('other-org'))['status'].conditions;
    assert.deepEqual({ type: denied.type, status: denied.status, reason: denied.reason, message: denied.message }, {
      type: 'Denied', status: 'True', reason: 'PolicyDenied', message: 'Denied by policy "devs": rule organizations: subject organization "ops" is not allowed.',
    });
  });

  test('a request from a user no policy names is left pending and unwritten', async () => {
    const csr = await read('by-carol');
    assert.deepEqual(csr['status'], {});
    assert.equal(csr['metadata'].resourceVersion, created['by-carol']!['metadata'].resourceVersion);
  });
});

test('without approve on the signer, the approver\'s write is refused by CertificateApproval with Forbidden and the request stays pending', async () => {
  const pending = await createCsr(admin, 'not-for-kcm', { CN: 'not-for-kcm', O: ['devs'] });
  // RBAC lets system:kube-controller-manager update /approval, but approve only kubelet client requests.
  const pass = await approverPass(controllerManager);
  assert.deepEqual(pass.decisions, []);
  assert.ok(pass.errors.length >= 1);
  const refusal = pass.errors[0];
  assert.ok(refusal instanceof StatusError, String(refusal));
  assert.equal(refusal.status.code, 403);
  assert.equal(refusal.status.reason, 'Forbidden');
  assert.equal(refusal.status.message, `certificatesigningrequests.certificates.k8s.io "not-for-kcm" is forbidden: user not permitted to approve requests with signerName "${clientSigner}"`);
  const csr = await read('not-for-kcm');
  assert.deepEqual(csr['status'], {});
  assert.equal(csr['metadata'].resourceVersion, pending['metadata'].resourceVersion);
});
