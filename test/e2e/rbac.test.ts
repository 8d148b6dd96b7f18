// RBAC with the real kubectl 1.32 against a real `signet serve`: the end of seeds 000/004 (a new
// user is refused until a Role and RoleBinding allow it), the RBAC create commands (protobuf
// bodies), their Table columns, escalation and bind refusals, the CSR admission rules and what
// anonymous callers may read.

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, type Ran } from './harness.js';
import { serverForSuite, type SuiteServer } from './server-harness.js';
import { csrManifest, shellLine, tableRows } from './kubectl-helpers.js';
import { awaitOutcome, certificatePem } from './signer-helpers.js';

function assertOk(r: Ran, what: string): void {
  assert.equal(r.status, 0, `${what} exited ${r.status}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`);
}

/** An openssl RSA key and request for `subject`; returns the request's one-line base64. */
function opensslRequest(dir: string, stem: string, subject: string): string {
  assertOk(run('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, `${stem}.key`), '-subj', subject, '-out', join(dir, `${stem}.csr`)], { cwd: dir }), 'openssl req');
  return readFileSync(join(dir, `${stem}.csr`)).toString('base64');
}

describe('RBAC through kubectl', () => {
  let server: SuiteServer;
  /** kubectl as myuser (the seed's context). */
  const asMyuser = (args: readonly string[], input?: string): Ran => server.kubectl(['--context', 'myuser', ...args], input === undefined ? {} : { input });

  serverForSuite((s) => (server = s));
  before(async () => {
    const request = opensslRequest(server.work, 'myuser', '/CN=myuser');
    assertOk(server.kubectl(['apply', '-f', '-'], { input: csrManifest('myuser', request, { expirationSeconds: 86400 }) }), 'kubectl apply csr');
    assertOk(server.kubectl(['certificate', 'approve', 'myuser']), 'kubectl certificate approve');
    const csr = await awaitOutcome(server, 'myuser');
    writeFileSync(join(server.work, 'myuser.crt'), certificatePem(csr));
    for (const line of [
      'kubectl config set-credentials myuser --client-key=myuser.key --client-certificate=myuser.crt --embed-certs=true',
      'kubectl config set-context myuser --cluster=kubernetes --user=myuser',
    ]) assertOk(shellLine(server, line, server.work), line);
  });

  test('kubectl get pods as the new user prints exactly the seed\'s Forbidden line', () => {
    const r = asMyuser(['get', 'pods']);
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim(), 'Error from server (Forbidden): pods is forbidden: User "myuser" cannot list resource "pods" in API group "" in the namespace "default"');
  });

  test('the seed\'s create role and create rolebinding (protobuf bodies) let myuser list pods', () => {
    const role = server.kubectl(['create', 'role', 'developer', '--verb=create', '--verb=get', '--verb=list', '--verb=update', '--verb=delete', '--resource=pods']);
    assertOk(role, 'create role');
    assert.equal(role.stdout.trim(), 'role.rbac.authorization.k8s.io/developer created');
    const binding = server.kubectl(['create', 'rolebinding', 'developer-binding-myuser', '--role=developer', '--user=myuser']);
    assertOk(binding, 'create rolebinding');
    assert.equal(binding.stdout.trim(), 'rolebinding.rbac.authorization.k8s.io/developer-binding-myuser created');
    const r = asMyuser(['get', 'pods']);
    assertOk(r, 'get pods as myuser');
    assert.equal(r.stderr.trim(), 'No resources found in default namespace.');
  });

  test('the Role grants only its namespace and its verbs', () => {
    const other = asMyuser(['get', 'pods', '-n', 'kube-system']);
    assert.equal(other.stderr.trim(), 'Error from server (Forbidden): pods is forbidden: User "myuser" cannot list resource "pods" in API group "" in the namespace "kube-system"');
    const watch = asMyuser(['get', 'secrets']);
    assert.equal(watch.stderr.trim(), 'Error from server (Forbidden): secrets is forbidden: User "myuser" cannot list resource "secrets" in API group "" in the namespace "default"');
    assert.equal(asMyuser(['auth', 'can-i', 'delete', 'pods']).stdout.trim(), 'yes');
    assert.equal(asMyuser(['auth', 'can-i', 'patch', 'pods']).stdout.trim(), 'no');
  });

  test('kubectl create namespace, serviceaccount, clusterrole and clusterrolebinding, and their get columns', () => {
    assertOk(server.kubectl(['create', 'namespace', 'users']), 'create namespace');
    assertOk(server.kubectl(['create', 'serviceaccount', 'jean.doe', '-n', 'users']), 'create serviceaccount');
    assertOk(server.kubectl(['create', 'clusterrole', 'csr-creator', '--verb=create', '--verb=get', '--resource=certificatesigningrequests']), 'create clusterrole');
    assertOk(server.kubectl(['create', 'clusterrolebinding', 'csr-creator-jean', '--clusterrole=csr-creator', '--serviceaccount=users:jean.doe']), 'create clusterrolebinding');
    const ns = tableRows(server.kubectl(['get', 'ns']).stdout);
    assert.deepEqual(ns[0], ['NAME', 'STATUS', 'AGE']);
    assert.deepEqual(ns.slice(1).map((row) => row.slice(0, 2)), [['default', 'Active'], ['kube-node-lease', 'Active'], ['kube-public', 'Active'], ['kube-system', 'Active'], ['users', 'Active']]);
    const sa = tableRows(server.kubectl(['get', 'sa', '-n', 'users']).stdout);
    assert.deepEqual(sa[0], ['NAME', 'SECRETS', 'AGE']);
    assert.deepEqual(sa.slice(1).map((row) => row.slice(0, 2)), [['default', '0'], ['jean.doe', '0']], 'the namespace got its default ServiceAccount');
    const roles = tableRows(server.kubectl(['get', 'roles']).stdout);
    assert.deepEqual(roles[0], ['NAME', 'CREATED', 'AT']);
    assert.match(roles[1]!.join(' '), /^developer \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const rb = tableRows(server.kubectl(['get', 'rolebindings', '-o', 'wide']).stdout);
    assert.deepEqual(rb[0], ['NAME', 'ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS']);
    assert.deepEqual([rb[1]![0], rb[1]![1], rb[1]![3]], ['developer-binding-myuser', 'Role/developer', 'myuser']);
    const crb = server.kubectl(['get', 'clusterrolebinding', 'csr-creator-jean', '-o', 'wide']).stdout;
    assert.match(crb, /csr-creator-jean\s+ClusterRole\/csr-creator\s+\S+\s+users\/jean\.doe/);
  });

  test('a namespaced create in a missing namespace is refused with the namespace NotFound', () => {
    const r = server.kubectl(['create', 'serviceaccount', 'x', '-n', 'nowhere']);
    assert.equal(r.stderr.trim(), 'error: failed to create serviceaccount: namespaces "nowhere" not found');
  });

  test('escalation: an admin of a namespace may not grant what they do not hold, nor bind cluster-admin', () => {
    assertOk(server.kubectl(['create', 'namespace', 'team']), 'create namespace team');
    assertOk(server.kubectl(['create', 'rolebinding', 'myuser-admin', '--clusterrole=admin', '--user=myuser', '-n', 'team']), 'bind admin');
    assertOk(asMyuser(['create', 'role', 'pod-reader', '--verb=get', '--resource=pods', '-n', 'team']), 'a role within admin\'s rules');
    const role = asMyuser(['create', 'role', 'ns-deleter', '--verb=get', '--verb=delete', '--resource=namespaces', '--resource=secrets', '-n', 'team']);
    assert.equal(role.stderr.trim(), [
      'Error from server (Forbidden): roles.rbac.authorization.k8s.io "ns-deleter" is forbidden: user "myuser" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:',
      '{APIGroups:[""], Resources:["namespaces"], Verbs:["delete"]}',
    ].join('\n'));
    const bind = asMyuser(['create', 'rolebinding', 'bob-admin', '--clusterrole=cluster-admin', '--user=bob', '-n', 'team']);
    assert.equal(bind.stderr.trim(), [
      'error: failed to create rolebinding: rolebindings.rbac.authorization.k8s.io "bob-admin" is forbidden: user "myuser" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:',
      '{APIGroups:["*"], Resources:["*"], Verbs:["*"]}',
      '{NonResourceURLs:["*"], Verbs:["*"]}',
    ].join('\n'));
    assertOk(asMyuser(['create', 'rolebinding', 'bob-view', '--clusterrole=view', '--user=bob', '-n', 'team']), 'binding a role whose rules myuser holds');
    const cluster = asMyuser(['create', 'clusterrole', 'x', '--verb=get', '--resource=pods']);
    assert.equal(cluster.stderr.trim(), 'Error from server (Forbidden): clusterroles.rbac.authorization.k8s.io is forbidden: User "myuser" cannot create resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope');
  });

  test('CertificateSubjectRestriction: a kube-apiserver-client request for system:masters is refused at create', () => {
    const request = opensslRequest(server.work, 'evil', '/CN=evil/O=system:masters');
    const r = server.kubectl(['create', '-f', '-'], { input: csrManifest('evil', request) });
    assert.equal(r.stderr.trim(), 'Error from server (Forbidden): error when creating "STDIN": certificatesigningrequests.certificates.k8s.io "evil" is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed');
  });

  test('CertificateApproval: updating /approval without approve on the signer is refused', () => {
    const request = opensslRequest(server.work, 'pending', '/CN=pending');
    assertOk(server.kubectl(['create', '-f', '-'], { input: csrManifest('pending', request) }), 'create csr');
    assertOk(server.kubectl(['create', 'clusterrole', 'csr-approval-writer', '--verb=get', '--verb=list', '--verb=update', '--resource=certificatesigningrequests,certificatesigningrequests/approval']), 'create clusterrole');
    assertOk(server.kubectl(['create', 'clusterrolebinding', 'myuser-approval-writer', '--clusterrole=csr-approval-writer', '--user=myuser']), 'bind it');
    const r = asMyuser(['certificate', 'approve', 'pending']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /certificatesigningrequests\.certificates\.k8s\.io "pending" is forbidden: user not permitted to approve requests with signerName "kubernetes\.io\/kube-apiserver-client"/);
    assertOk(server.kubectl(['create', 'clusterrolebinding', 'myuser-client-approver', '--clusterrole=system:certificates.k8s.io:kube-apiserver-client-approver', '--user=myuser']), 'bind the approver role');
    assertOk(asMyuser(['certificate', 'approve', 'pending']), 'approve with the approver role');
  });

  test('anonymous callers read /version and discovery but nothing else', async () => {
    assert.equal((await server.fetch('GET', '/version', { anonymous: true })).status, 200);
    assert.equal((await server.fetch('GET', '/apis', { anonymous: true })).status, 200);
    const pods = await server.fetch('GET', '/api/v1/namespaces/default/pods', { anonymous: true });
    assert.equal(pods.status, 403);
    assert.equal(JSON.parse(pods.body).message, 'pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "default"');
  });

  test('kubectl create secret and configmap (protobuf bodies) store them; a token Secret gets its token', () => {
    assertOk(server.kubectl(['create', 'secret', 'generic', 'db', '--from-literal=password=s3cret']), 'create secret');
    assertOk(server.kubectl(['create', 'configmap', 'settings', '--from-literal=a=1', '--from-literal=b=2']), 'create configmap');
    assert.equal(server.kubectl(['get', 'secret', 'db', '-o', 'jsonpath={.data.password}']).stdout, Buffer.from('s3cret').toString('base64'));
    const cm = tableRows(server.kubectl(['get', 'cm', 'settings']).stdout);
    assert.deepEqual(cm[0], ['NAME', 'DATA', 'AGE']);
    assert.deepEqual(cm[1]!.slice(0, 2), ['settings', '2']);
    assertOk(server.kubectl(['create', 'serviceaccount', 'robot']), 'create sa');
    const manifest = ['apiVersion: v1', 'kind: Secret', 'metadata:', '  name: robot-token', '  annotations:', '    kubernetes.io/service-account.name: robot', 'type: kubernetes.io/service-account-token', ''].join('\n');
    assertOk(server.kubectl(['apply', '-f', '-'], { input: manifest }), 'apply token secret');
    const token = Buffer.from(server.kubectl(['get', 'secret', 'robot-token', '-o', 'jsonpath={.data.token}']).stdout, 'base64').toString();
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const rows = tableRows(server.kubectl(['get', 'secrets']).stdout);
    assert.deepEqual(rows[0], ['NAME', 'TYPE', 'DATA', 'AGE']);
    assert.deepEqual(rows.find((r) => r[0] === 'robot-token')!.slice(0, 3), ['robot-token', 'kubernetes.io/service-account-token', '3']);
  });
});
