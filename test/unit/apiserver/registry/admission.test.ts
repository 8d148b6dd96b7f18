// The registry with kube-apiserver's admission and controllers' effects, over a real SQLite store:
// namespaces (bootstrap, lifecycle, cascade), escalation prevention and the three CSR plugins.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { openStore } from '../../../../src/storage/open.js';
import type { Store } from '../../../../src/storage/store.js';
import { createRegistry, registryKey, type Registry } from '../../../../src/apiserver/registry/registry.js';
import { authorizerChain, createRbacAuthorizer, type RbacAuthorizer } from '../../../../src/apiserver/authz/rbac/index.js';
import { installAdmission } from '../../../../src/apiserver/start.js';
import { bootstrapNamespaces, installNamespaceHooks } from '../../../../src/apiserver/registry/core/namespace-controller.js';
import { reconcileBootstrapPolicy } from '../../../../src/apiserver/authz/rbac/reconcile.js';
import type { ApiObject, StrategyContext } from '../../../../src/apiserver/registry/resource.js';
import { StatusError } from '../../../../src/api/errors.js';
import type { UserInfo } from '../../../../src/api/types.js';
import { b64, csrPem } from '../../api/fixtures.js';
import { RequestVerifier } from '../../../../src/apiserver/registry/csr/request-verdict.js';

let dir: string;
let store: Store;
let registry: Registry;
let rbac: RbacAuthorizer;

const admin: UserInfo = { username: 'admin', groups: ['system:masters', 'system:authenticated'] };
const bob: UserInfo = { username: 'bob', groups: ['system:authenticated'] };
const opts = { dryRun: false, manager: 'test', apiVersion: 'v1' };
const ctx = (user: UserInfo, namespace = '', version = 'v1'): StrategyContext => ({ user, now: new Date(), namespace, version });
const res = (group: string, resource: string) => registry.get(registryKey(group, resource))!;
const rbacGroup = 'rbac.authorization.k8s.io';

async function refused(p: Promise<unknown>, code: number, message: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof StatusError, String(e));
    assert.equal(e.status.message, message);
    assert.equal(e.code, code);
    return true;
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signet-admission-'));
  store = await openStore({ kind: 'sqlite', path: join(dir, 'db.sqlite') });
  registry = createRegistry(store);
  rbac = await createRbacAuthorizer(registry);
  installAdmission(registry, rbac, authorizerChain(rbac));
  installNamespaceHooks(registry);
  await bootstrapNamespaces(registry);
  await reconcileBootstrapPolicy(registry);
});

after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

test('first start creates the four system namespaces, each with a default ServiceAccount', async () => {
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    const n = await res('', 'namespaces').get('', ns);
    assert.equal((n as { status?: { phase?: string } }).status?.phase, 'Active');
    assert.equal(n.metadata.labels?.['kubernetes.io/metadata.name'], ns);
    await res('', 'serviceaccounts').get(ns, 'default');
  }
});

test('reconciling the bootstrap policy twice changes nothing', async () => {
  const before = (await res(rbacGroup, 'clusterroles').get('', 'cluster-admin')).metadata.resourceVersion;
  await reconcileBootstrapPolicy(registry);
  assert.equal((await res(rbacGroup, 'clusterroles').get('', 'cluster-admin')).metadata.resourceVersion, before);
});

test('a namespaced create in a missing namespace is a 404 naming the namespace', async () => {
  await refused(res('', 'serviceaccounts').create(ctx(admin, 'users'), { metadata: { name: 'jean.doe' } }, opts), 404, 'namespaces "users" not found');
});

test('the default, kube-system and kube-public namespaces may not be deleted', async () => {
  await refused(res('', 'namespaces').delete(ctx(admin, 'default'), 'default', {}, { dryRun: false }), 403, 'namespaces "default" is forbidden: this namespace may not be deleted');
});

test('deleting a namespace deletes what it holds, and its bindings stop granting', async () => {
  await res('', 'namespaces').create(ctx(admin), { metadata: { name: 'users' } }, opts);
  await res('', 'serviceaccounts').get('users', 'default');
  await res('', 'secrets').create(ctx(admin, 'users'), { metadata: { name: 's' }, stringData: { a: 'b' } }, opts);
  await res('', 'configmaps').create(ctx(admin, 'users'), { metadata: { name: 'c' }, data: { a: 'b' } }, opts);
  await res(rbacGroup, 'rolebindings').create(ctx(admin, 'users', 'v1'), {
    metadata: { name: 'bob-edit' }, roleRef: { apiGroup: rbacGroup, kind: 'ClusterRole', name: 'edit' }, subjects: [{ kind: 'User', apiGroup: rbacGroup, name: 'bob' }],
  }, opts);
  const attrs = { user: bob, verb: 'create', isResourceRequest: true, path: '', apiGroup: '', apiVersion: 'v1', namespace: 'users', resource: 'configmaps', subresource: '', name: '' };
  assert.equal(rbac.authorize(attrs).decision, 'allow');
  await res('', 'namespaces').delete(ctx(admin, 'users'), 'users', {}, { dryRun: false });
  for (const [group, resource] of [['', 'serviceaccounts'], ['', 'secrets'], ['', 'configmaps'], [rbacGroup, 'rolebindings']] as const) {
    const { kvs } = await store.list(res(group, resource).prefix('users'));
    assert.equal(kvs.length, 0, resource);
  }
  assert.equal(rbac.authorize(attrs).decision, 'no-opinion');
});

test('Secrets: stringData is merged into data and the type defaults to Opaque', async () => {
  const s = await res('', 'secrets').create(ctx(admin, 'default'), { metadata: { name: 'opaque' }, stringData: { user: 'jean' } }, opts);
  assert.deepEqual(s['data'], { user: Buffer.from('jean').toString('base64') });
  assert.equal(s['type'], 'Opaque');
  assert.equal(s['stringData'], undefined);
});

async function grantBob(rules: object[]): Promise<void> {
  await res(rbacGroup, 'clusterroles').create(ctx(admin), { metadata: { name: 'bob-role' }, rules }, opts);
  await res(rbacGroup, 'clusterrolebindings').create(ctx(admin), {
    metadata: { name: 'bob-role' }, roleRef: { apiGroup: rbacGroup, kind: 'ClusterRole', name: 'bob-role' }, subjects: [{ kind: 'User', apiGroup: rbacGroup, name: 'bob' }],
  }, opts);
}

test('escalation: bob may create a Role only with rules he holds; bindings need bind or the role\'s rules', async () => {
  await grantBob([
    { verbs: ['create', 'update'], apiGroups: [rbacGroup], resources: ['roles', 'rolebindings'] },
    { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] },
  ]);
  const roles = res(rbacGroup, 'roles');
  await roles.create(ctx(bob, 'default'), { metadata: { name: 'ok' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }] }, opts);
  await refused(roles.create(ctx(bob, 'default'), { metadata: { name: 'too-much' }, rules: [{ verbs: ['get', 'delete'], apiGroups: [''], resources: ['pods', 'secrets'] }] }, opts), 403,
    'roles.rbac.authorization.k8s.io "too-much" is forbidden: user "bob" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
    '{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}\n{APIGroups:[""], Resources:["secrets"], Verbs:["get" "delete"]}');
  const bindings = res(rbacGroup, 'rolebindings');
  const bindTo = (name: string, kind: string, role: string): ApiObject => ({ metadata: { name }, roleRef: { apiGroup: rbacGroup, kind, name: role }, subjects: [{ kind: 'User', apiGroup: rbacGroup, name: 'carl' }] });
  await bindings.create(ctx(bob, 'default'), bindTo('carl-ok', 'Role', 'ok'), opts);
  await refused(bindings.create(ctx(bob, 'default'), bindTo('carl-admin', 'ClusterRole', 'cluster-admin'), opts), 403,
    'rolebindings.rbac.authorization.k8s.io "carl-admin" is forbidden: user "bob" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
    '{APIGroups:["*"], Resources:["*"], Verbs:["*"]}\n{NonResourceURLs:["*"], Verbs:["*"]}');
  await res(rbacGroup, 'clusterroles').update(ctx(admin), 'bob-role', '', (cur) => ({ ...cur, rules: [...(cur['rules'] as object[]), { verbs: ['bind', 'escalate'], apiGroups: [rbacGroup], resources: ['clusterroles', 'roles'] }] }), opts);
  await bindings.create(ctx(bob, 'default'), bindTo('carl-admin', 'ClusterRole', 'cluster-admin'), opts);
  await roles.create(ctx(bob, 'default'), { metadata: { name: 'too-much' }, rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }] }, opts);
});

async function createCsr(name: string, subject = { CN: name, O: ['devs'] }): Promise<void> {
  await res('certificates.k8s.io', 'certificatesigningrequests').create(ctx(admin), {
    metadata: { name }, spec: { request: b64(csrPem(subject)), signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] },
  }, opts);
}

const condition = (type: string) => ({ type, status: 'True', reason: 'Test', message: 'by test', lastUpdateTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') });

test('CertificateApproval: approving needs approve on the signer (or its domain/*)', async () => {
  const csrs = res('certificates.k8s.io', 'certificatesigningrequests');
  await createCsr('approve-me');
  const approve = (user: UserInfo) => csrs.update(ctx(user), 'approve-me', 'approval', (cur) => ({ ...cur, status: { conditions: [condition('Approved')] } }), opts);
  await refused(approve(bob), 403, 'certificatesigningrequests.certificates.k8s.io "approve-me" is forbidden: user not permitted to approve requests with signerName "kubernetes.io/kube-apiserver-client"');
  await res(rbacGroup, 'clusterroles').create(ctx(admin), { metadata: { name: 'domain-approver' }, rules: [{ verbs: ['approve'], apiGroups: ['certificates.k8s.io'], resources: ['signers'], resourceNames: ['kubernetes.io/*'] }] }, opts);
  await res(rbacGroup, 'clusterrolebindings').create(ctx(admin), {
    metadata: { name: 'domain-approver' }, roleRef: { apiGroup: rbacGroup, kind: 'ClusterRole', name: 'domain-approver' }, subjects: [{ kind: 'User', apiGroup: rbacGroup, name: 'dora' }],
  }, opts);
  await approve({ username: 'dora', groups: ['system:authenticated'] });
});

test('CertificateSigning: changing status conditions or certificate needs sign on the signer', async () => {
  const csrs = res('certificates.k8s.io', 'certificatesigningrequests');
  await createCsr('sign-me');
  const fail = (user: UserInfo) => csrs.update(ctx(user), 'sign-me', 'status', (cur) => ({ ...cur, status: { conditions: [condition('Failed')] } }), opts);
  await refused(fail(bob), 403, 'certificatesigningrequests.certificates.k8s.io "sign-me" is forbidden: user not permitted to sign requests with signerName "kubernetes.io/kube-apiserver-client"');
  await fail({ username: 'system:kube-controller-manager', groups: ['system:authenticated'] });
});

test('CertificateSubjectRestriction: no system:masters for the kube-apiserver-client signer', async () => {
  await refused(createCsr('masters', { CN: 'evil', O: ['system:masters'] }), 403,
    'certificatesigningrequests.certificates.k8s.io "masters" is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed');
});

test('CertificateSubjectRestriction uses the organizations the precheck found, parsing only without them', async () => {
  const csrs = res('certificates.k8s.io', 'certificatesigningrequests');
  const verifier = new RequestVerifier();
  try {
    csrs.precheck = verifier.verdict;
    await refused(createCsr('masters-via-precheck', { CN: 'evil', O: ['system:masters'] }), 403,
      'certificatesigningrequests.certificates.k8s.io "masters-via-precheck" is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed');
    await createCsr('devs-via-precheck');
    // A verdict for this very text is believed, so the request is not parsed again.
    csrs.precheck = async (obj) => ({ request: (obj['spec'] as { request: string }).request, problem: undefined, organizations: ['system:masters'] });
    await refused(createCsr('believed'), 403,
      'certificatesigningrequests.certificates.k8s.io "believed" is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed');
  } finally {
    csrs.precheck = undefined;
    await verifier.close();
  }
});
