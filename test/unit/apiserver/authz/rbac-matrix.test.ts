// The RBAC decision matrix: who may do what, where, on which object, through the default policy
// and a few user-defined roles, each case asserted allow or deny.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RbacAuthorizer, authorizerChain } from '../../../../src/apiserver/authz/rbac/index.js';
import type { Attributes } from '../../../../src/apiserver/authz/authorizer.js';
import { SA, Group, User, binding, bootstrappedIndex, pathAttrs, put, resourceAttrs as r, role, user, remove } from './fixture.js';

const index = bootstrappedIndex();
put(index, 'roles', role('default', 'developer', [{ verbs: ['create', 'get', 'list', 'update', 'delete'], apiGroups: [''], resources: ['pods'] }]));
put(index, 'rolebindings', binding('developer-binding-myuser', 'Role', 'developer', [User('myuser')], 'default'));
put(index, 'clusterroles', { metadata: { name: 'csr-jean' }, rules: [
  { verbs: ['create'], apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests'] },
  { verbs: ['get'], apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests'], resourceNames: ['user=jean.doe'] },
] });
put(index, 'clusterrolebindings', binding('csr-jean', 'ClusterRole', 'csr-jean', [SA('jean.doe', 'users')]));
put(index, 'rolebindings', binding('devs-view', 'ClusterRole', 'view', [Group('devs')], 'team'));
put(index, 'rolebindings', binding('alice-admin', 'ClusterRole', 'admin', [User('alice')], 'team'));
put(index, 'clusterrolebindings', binding('editor', 'ClusterRole', 'edit', [User('editor')]));
put(index, 'roles', role('team', 'status-reader', [{ verbs: ['get'], apiGroups: ['*'], resources: ['*/status'] }]));
put(index, 'rolebindings', binding('bot-status', 'Role', 'status-reader', [SA('bot')], 'team'));
put(index, 'clusterroles', { metadata: { name: 'logs' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/logs/*', '/metrics'] }] });
put(index, 'clusterrolebindings', binding('ops-logs', 'ClusterRole', 'logs', [Group('ops')]));
put(index, 'clusterroles', { metadata: { name: 'approver' }, rules: [{ verbs: ['approve'], apiGroups: ['certificates.k8s.io'], resources: ['signers'], resourceNames: ['example.com/*'] }] });
put(index, 'clusterrolebindings', binding('approver', 'ClusterRole', 'approver', [User('carol')]));
put(index, 'rolebindings', binding('dangling', 'Role', 'missing', [User('dave')], 'default'));

const rbac = new RbacAuthorizer(index);
const chain = authorizerChain(rbac);

const myuser = user('myuser');
const jean = { username: 'system:serviceaccount:users:jean.doe', groups: ['system:serviceaccounts', 'system:serviceaccounts:users', 'system:authenticated'] };
const bot = { username: 'system:serviceaccount:team:bot', groups: ['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated'] };
const anonymous = { username: 'system:anonymous', groups: ['system:unauthenticated'] };
const dev = user('dan', 'devs');
const alice = user('alice');
const editor = user('editor');
const ops = user('olga', 'ops');
const carol = user('carol');
const admin = user('admin', 'system:masters');
const kcm = user('system:kube-controller-manager');
const csr = 'certificates.k8s.io';
const rbacGroup = 'rbac.authorization.k8s.io';

const cases: [string, Attributes, boolean][] = [
  ['myuser cannot list pods before... in kube-system', r(myuser, 'list', '', 'pods', 'kube-system'), false],
  ['myuser lists pods in default through the developer Role', r(myuser, 'list', '', 'pods', 'default'), true],
  ['myuser creates a pod in default', r(myuser, 'create', '', 'pods', 'default'), true],
  ['myuser deletes a named pod in default', r(myuser, 'delete', '', 'pods', 'default', 'web'), true],
  ['myuser may not watch pods (verb not granted)', r(myuser, 'watch', '', 'pods', 'default'), false],
  ['myuser may not patch pods', r(myuser, 'patch', '', 'pods', 'default', 'web'), false],
  ['myuser may not read pods/log (subresource not granted)', r(myuser, 'get', '', 'pods', 'default', 'web', 'log'), false],
  ['myuser may not list pods cluster-wide', r(myuser, 'list', '', 'pods'), false],
  ['myuser may not list secrets in default', r(myuser, 'list', '', 'secrets', 'default'), false],
  ['myuser may not list pods of another API group', r(myuser, 'list', 'apps', 'pods', 'default'), false],
  ['myuser may create a SelfSubjectAccessReview (system:basic-user)', r(myuser, 'create', 'authorization.k8s.io', 'selfsubjectaccessreviews'), true],
  ['myuser may create a SelfSubjectReview', r(myuser, 'create', 'authentication.k8s.io', 'selfsubjectreviews'), true],
  ['myuser may not create a SubjectAccessReview', r(myuser, 'create', 'authorization.k8s.io', 'subjectaccessreviews'), false],
  ['myuser may read discovery', pathAttrs(myuser, 'get', '/apis/certificates.k8s.io/v1'), true],
  ['myuser may read the OpenAPI documents', pathAttrs(myuser, 'get', '/openapi/v3'), true],
  ['myuser may not read /metrics', pathAttrs(myuser, 'get', '/metrics'), false],
  ['jean.doe creates a CSR', r(jean, 'create', csr, 'certificatesigningrequests'), true],
  ['jean.doe gets her own CSR', r(jean, 'get', csr, 'certificatesigningrequests', '', 'user=jean.doe'), true],
  ['jean.doe may not get another CSR', r(jean, 'get', csr, 'certificatesigningrequests', '', 'user=bob'), false],
  ['jean.doe may not list CSRs', r(jean, 'list', csr, 'certificatesigningrequests'), false],
  ['jean.doe may not approve her CSR', r(jean, 'update', csr, 'certificatesigningrequests', '', 'user=jean.doe', 'approval'), false],
  ['jean.doe may not list pods in users', r(jean, 'list', '', 'pods', 'users'), false],
  ['a group member views configmaps in team', r(dev, 'list', '', 'configmaps', 'team'), true],
  ['a group member may not read secrets in team (view excludes them)', r(dev, 'get', '', 'secrets', 'team', 'db'), false],
  ['a group member may not create configmaps in team', r(dev, 'create', '', 'configmaps', 'team'), false],
  ['a group member may not view configmaps in default', r(dev, 'list', '', 'configmaps', 'default'), false],
  ['view lets a member read its namespace object', r(dev, 'get', '', 'namespaces', 'team', 'team'), true],
  ['alice (admin in team) creates roles in team', r(alice, 'create', rbacGroup, 'roles', 'team'), true],
  ['alice may create rolebindings in team', r(alice, 'create', rbacGroup, 'rolebindings', 'team'), true],
  ['alice reads secrets in team (admin aggregates edit)', r(alice, 'get', '', 'secrets', 'team', 'db'), true],
  ['alice may not create roles in default', r(alice, 'create', rbacGroup, 'roles', 'default'), false],
  ['alice may not create clusterroles', r(alice, 'create', rbacGroup, 'clusterroles'), false],
  ['editor creates configmaps anywhere (edit aggregates view)', r(editor, 'create', '', 'configmaps', 'kube-system'), true],
  ['editor lists pods anywhere through aggregated view rules', r(editor, 'list', '', 'pods', 'default'), true],
  ['editor may not create roles (admin only)', r(editor, 'create', rbacGroup, 'roles', 'default'), false],
  ['editor writes leases', r(editor, 'update', 'coordination.k8s.io', 'leases', 'kube-node-lease', 'n1'), true],
  ['a ServiceAccount subject without namespace means the binding\'s namespace', r(bot, 'get', 'apps', 'deployments', 'team', 'web', 'status'), true],
  ['*/status does not match the main resource', r(bot, 'get', '', 'pods', 'team', 'web'), false],
  ['*/status does not match another subresource', r(bot, 'get', '', 'pods', 'team', 'web', 'log'), false],
  ['the same ServiceAccount name in another namespace gets nothing', r({ ...bot, username: 'system:serviceaccount:other:bot' }, 'get', '', 'pods', 'team', 'web', 'status'), false],
  ['a prefix URL rule matches below it', pathAttrs(ops, 'get', '/logs/kube-apiserver.log'), true],
  ['an exact URL rule matches', pathAttrs(ops, 'get', '/metrics'), true],
  ['a URL rule does not grant other verbs', pathAttrs(ops, 'post', '/metrics'), false],
  ['a URL rule does not match a sibling', pathAttrs(ops, 'get', '/logsx'), false],
  ['anonymous may read /version', pathAttrs(anonymous, 'get', '/version'), true],
  ['anonymous may read /healthz', pathAttrs(anonymous, 'get', '/healthz'), true],
  ['anonymous may read discovery', pathAttrs(anonymous, 'get', '/api/v1'), true],
  ['anonymous may not list pods', r(anonymous, 'list', '', 'pods', 'default'), false],
  ['anonymous may not create a SelfSubjectReview', r(anonymous, 'create', 'authentication.k8s.io', 'selfsubjectreviews'), false],
  ['carol approves for a signer of her wildcard', r(carol, 'approve', csr, 'signers', '', 'example.com/*'), true],
  ['carol may not approve for the exact name (resourceNames are literal)', r(carol, 'approve', csr, 'signers', '', 'example.com/one'), false],
  ['carol may not sign', r(carol, 'sign', csr, 'signers', '', 'example.com/*'), false],
  ['the controllers may sign kube-apiserver-client', r(kcm, 'sign', csr, 'signers', '', 'kubernetes.io/kube-apiserver-client'), true],
  ['the controllers may update CSR status', r(kcm, 'update', csr, 'certificatesigningrequests', '', 'x', 'status'), true],
  ['the controllers may delete CSRs', r(kcm, 'delete', csr, 'certificatesigningrequests', '', 'x'), true],
  ['the controllers may not approve kube-apiserver-client requests', r(kcm, 'approve', csr, 'signers', '', 'kubernetes.io/kube-apiserver-client'), false],
  ['a binding to a missing role grants nothing', r(user('dave'), 'get', '', 'pods', 'default', 'x'), false],
  ['system:masters may do anything (cluster-admin binding)', r(admin, 'escalate', rbacGroup, 'clusterroles', '', 'x'), true],
  ['system:masters may read any URL', pathAttrs(admin, 'delete', '/anything'), true],
];

for (const [name, attrs, want] of cases) {
  test(`${want ? 'allows' : 'denies'}: ${name}`, async () => {
    const d = await chain.authorize(attrs);
    assert.equal(d.decision, want ? 'allow' : 'no-opinion');
  });
}

test('the matrix has at least 40 cases', () => assert.ok(cases.length >= 40));

test('an allow names the binding, the role and the subject, as rbac.go words it', () => {
  const d = rbac.authorize(r(myuser, 'list', '', 'pods', 'default'));
  assert.equal(d.reason, 'RBAC: allowed by RoleBinding "developer-binding-myuser" in namespace "default" of Role "developer" to User "myuser"');
  const g = rbac.authorize(r(dev, 'list', '', 'configmaps', 'team'));
  assert.equal(g.reason, 'RBAC: allowed by RoleBinding "devs-view" in namespace "team" of ClusterRole "view" to Group "devs"');
  const s = rbac.authorize(r(jean, 'create', csr, 'certificatesigningrequests'));
  assert.equal(s.reason, 'RBAC: allowed by ClusterRoleBinding "csr-jean" of ClusterRole "csr-jean" to ServiceAccount "jean.doe/users"');
});

test('a deny has no reason, so the 403 reads exactly as kube-apiserver\'s', () => {
  assert.deepEqual(rbac.authorize(r(myuser, 'list', '', 'pods', 'kube-system')), { decision: 'no-opinion', reason: '' });
});

test('deleting a binding takes its permissions away at once; re-creating gives them back', () => {
  const idx = bootstrappedIndex();
  const z = new RbacAuthorizer(idx);
  put(idx, 'roles', role('default', 'developer', [{ verbs: ['list'], apiGroups: [''], resources: ['pods'] }]));
  put(idx, 'rolebindings', binding('b', 'Role', 'developer', [User('myuser')], 'default'));
  assert.equal(z.authorize(r(myuser, 'list', '', 'pods', 'default')).decision, 'allow');
  remove(idx, 'rolebindings', 'b', 'default');
  assert.equal(z.authorize(r(myuser, 'list', '', 'pods', 'default')).decision, 'no-opinion');
  put(idx, 'rolebindings', binding('b', 'Role', 'developer', [User('someone-else')], 'default'));
  assert.equal(z.authorize(r(myuser, 'list', '', 'pods', 'default')).decision, 'no-opinion', 'an updated binding drops old subjects');
});

test('an aggregated ClusterRole follows the roles its selector picks, as they come and go', () => {
  const idx = bootstrappedIndex();
  const z = new RbacAuthorizer(idx);
  put(idx, 'clusterrolebindings', binding('v', 'ClusterRole', 'view', [User('viewer')]));
  put(idx, 'clusterrolebindings', binding('e', 'ClusterRole', 'edit', [User('editor')]));
  const viewer = user('viewer');
  const widgets = r(viewer, 'list', 'example.com', 'widgets', 'default');
  assert.equal(z.authorize(widgets).decision, 'no-opinion');
  put(idx, 'clusterroles', { metadata: { name: 'widget-view', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }, rules: [{ verbs: ['list'], apiGroups: ['example.com'], resources: ['widgets'] }] });
  assert.equal(z.authorize(widgets).decision, 'allow');
  assert.equal(z.authorize(r(editor, 'list', 'example.com', 'widgets', 'default')).decision, 'allow', 'edit aggregates view, transitively');
  remove(idx, 'clusterroles', 'widget-view');
  assert.equal(z.authorize(widgets).decision, 'no-opinion');
});

test('an older event never overwrites a newer one for the same object', () => {
  const idx = bootstrappedIndex();
  const z = new RbacAuthorizer(idx);
  const key = '/registry/rbac.authorization.k8s.io/clusterrolebindings/late';
  idx.apply({ type: 'put', key, object: binding('late', 'ClusterRole', 'cluster-admin', [User('eve')]) as never, revision: 1_000_000 });
  idx.apply({ type: 'delete', key, object: { metadata: { name: 'late' } }, revision: 999_999 });
  assert.equal(z.authorize(r(user('eve'), 'get', '', 'pods', 'default', 'x')).decision, 'allow');
});

test('rulesFor lists what a user holds in a namespace, for SelfSubjectRulesReview', () => {
  const rules = chain.rulesFor(myuser, 'default');
  assert.ok(rules.resourceRules.some((x) => x.resources?.includes('pods') && x.verbs.includes('list')));
  assert.ok(rules.resourceRules.some((x) => x.resources?.includes('selfsubjectaccessreviews')));
  assert.ok(rules.nonResourceRules.some((x) => x.nonResourceURLs?.includes('/api/*')));
  assert.equal(rules.incomplete, false);
  assert.deepEqual(chain.rulesFor(admin, '').resourceRules[0], { verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
});
