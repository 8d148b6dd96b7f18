// Seed 001 from start to end with `signet serve` and the real kubectl and openssl: a namespace
// for users, a ServiceAccount whose token lets jean.doe create and read only their own CSR,
// approval by the admin, and the issued certificate used to authenticate.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serverForSuite, type SuiteServer } from './server-harness.js';
import { seed001ApplyLine, shellLine } from './kubectl-helpers.js';
import { pollFor, type Ran } from './harness.js';

/** The user's resources, as the seed's `k8s/user=jean.doe.yaml` declares them. */
const userManifest = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: jean.doe
  namespace: users
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: user=jean.doe
rules:
- apiGroups: [ certificates.k8s.io ]
  resources: [ certificatesigningrequests ]
  verbs: [ create ]
- apiGroups: [ certificates.k8s.io ]
  resourceNames: [ user=jean.doe ]
  resources: [ certificatesigningrequests ]
  verbs: [ get, create, delete, watch ]
---
kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: user=jean.doe
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: user=jean.doe
subjects:
- kind: ServiceAccount
  name: jean.doe
  namespace: users
---
apiVersion: v1
kind: Secret
metadata:
  name: jean.doe-token
  namespace: users
  annotations:
    kubernetes.io/service-account.name: jean.doe
type: kubernetes.io/service-account-token
`;

const sa = 'system:serviceaccount:users:jean.doe';
const forbiddenCsr = (verb: string, name: string, resource = 'certificatesigningrequests'): string =>
  `Error from server (Forbidden): certificatesigningrequests.certificates.k8s.io "${name}" is forbidden: User "${sa}" cannot ${verb} resource "${resource}" in API group "certificates.k8s.io" at the cluster scope`;

describe('seed 001: a ServiceAccount token to request a user certificate', () => {
  let server: SuiteServer;
  const sh = (line: string): Ran => shellLine(server, line, server.work);
  const ok = (line: string): Ran => {
    const r = sh(line);
    assert.equal(r.status, 0, `${line}\n${r.stderr}`);
    return r;
  };

  serverForSuite((s) => (server = s), { extraArgs: ['--sign-legacy-unknown'] });

  test('the admin creates the namespace and the user\'s resources', () => {
    assert.equal(ok('kubectl create namespace users').stdout, 'namespace/users created\n');
    const r = ok(`kubectl apply -f - <<'EOF'\n${userManifest}EOF`);
    assert.equal(r.stdout, [
      'serviceaccount/jean.doe created', 'clusterrole.rbac.authorization.k8s.io/user=jean.doe created',
      'clusterrolebinding.rbac.authorization.k8s.io/user=jean.doe created', 'secret/jean.doe-token created', '',
    ].join('\n'));
  });

  test('the token Secret holds a token for the account, and so does create token', () => {
    const described = ok('kubectl --namespace=users describe secret jean.doe-token').stdout;
    const legacy = /^token:\s+(\S+)$/m.exec(described)?.[1];
    assert.ok(legacy, described);
    const created = ok('kubectl create token jean.doe -n users').stdout.trim();
    ok(`kubectl config set-credentials token:jean.doe --token=${legacy}`);
    ok('kubectl config set-context jean.doe --user=token:jean.doe --cluster=kubernetes');
    ok('kubectl config use-context jean.doe');
    for (const token of [legacy, created]) {
      // --token replaces the context user's token; the admin's client certificate would win over any token.
      const r = ok(`kubectl --token=${token} auth whoami`);
      assert.match(r.stdout, new RegExp(`Username\\s+${sa}\\n`));
    }
  });

  test('with the token, pods are Forbidden and the CSR is NotFound', () => {
    const pods = sh('kubectl get pods');
    assert.equal(pods.status, 1);
    assert.equal(pods.stderr, `Error from server (Forbidden): pods is forbidden: User "${sa}" cannot list resource "pods" in API group "" in the namespace "default"\n`);
    const csr = sh('kubectl get csr user=jean.doe');
    assert.equal(csr.status, 1);
    assert.equal(csr.stderr, 'Error from server (NotFound): certificatesigningrequests.certificates.k8s.io "user=jean.doe" not found\n');
  });

  test('auth can-i tells the user what the ClusterRole allows', () => {
    const list = ok('kubectl auth can-i --list').stdout;
    assert.match(list, /\ncertificatesigningrequests\.certificates\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]\n/);
    assert.match(list, /\ncertificatesigningrequests\.certificates\.k8s\.io\s+\[\]\s+\[user=jean\.doe\]\s+\[get create delete watch\]\n/);
    const cases: Array<[string, string, number]> = [
      ['get certificatesigningrequests/user=jean.doe', 'yes', 0],
      ['get certificatesigningrequests/someone-else', 'no', 1],
      ['create certificatesigningrequests', 'yes', 0],
      ['list pods', 'no', 1],
    ];
    for (const [args, out, code] of cases) {
      const r = sh(`kubectl auth can-i ${args}`);
      assert.deepEqual([r.stdout.trim(), r.status], [out, code], `can-i ${args}: ${r.stderr}`);
    }
  });

  test('the user creates and reads their CSR', () => {
    ok('openssl req -newkey rsa:2048 -nodes -keyout key.pem -new -subj /CN=jean.doe/O=devs/ -out csr.pem 2>/dev/null');
    assert.equal(ok(seed001ApplyLine).stdout, 'certificatesigningrequest.certificates.k8s.io/user=jean.doe created\n');
    const r = ok('kubectl get csr user=jean.doe -o jsonpath={.spec.username}');
    assert.equal(r.stdout, sa);
  });

  test('the ClusterRole\'s resourceNames let the user watch their CSR by the escaped name kubectl sends', () => {
    // kubectl get csr user=jean.doe -w sends metadata.name=user\=jean.doe; the server ends this watch after a second.
    const r = ok(`kubectl get --raw '/apis/certificates.k8s.io/v1/certificatesigningrequests?watch=true&timeoutSeconds=1&fieldSelector=metadata.name%3Duser%5C%3Djean.doe'`);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string } } });
    assert.deepEqual(events.map((e) => [e.type, e.object.metadata.name]), [['ADDED', 'user=jean.doe']]);
  });

  test('the user is refused other CSRs and the approval', () => {
    const other = sh('kubectl get csr someone-else');
    assert.equal(other.status, 1);
    assert.equal(other.stderr, `${forbiddenCsr('get', 'someone-else')}\n`);
    const list = sh('kubectl get csr');
    assert.equal(list.status, 1);
    assert.equal(list.stderr, `Error from server (Forbidden): certificatesigningrequests.certificates.k8s.io is forbidden: User "${sa}" cannot list resource "certificatesigningrequests" in API group "certificates.k8s.io" at the cluster scope\n`);
    const approve = sh('kubectl certificate approve user=jean.doe');
    assert.equal(approve.status, 1);
    assert.ok(approve.stderr.includes(forbiddenCsr('update', 'user=jean.doe', 'certificatesigningrequests/approval')), approve.stderr);
  });

  test('after the admin approves, the user gets the certificate and authenticates with it', async () => {
    ok('kubectl config use-context signet');
    assert.equal(ok('kubectl certificate approve user=jean.doe').stdout, 'certificatesigningrequest.certificates.k8s.io/user=jean.doe approved\n');
    ok('kubectl config use-context jean.doe');
    // The in-process signer issues asynchronously: wait (bounded) for status.certificate.
    const cert = await pollFor(() => ok('kubectl get csr user=jean.doe -o jsonpath={.status.certificate}').stdout || undefined);
    assert.ok(cert, 'the signer issued a certificate');
    ok('kubectl get csr user=jean.doe -o jsonpath={.status.certificate} | base64 -d > cert.pem');
    assert.match(ok('openssl x509 -in cert.pem -noout -subject').stdout, /subject=O ?= ?devs, CN ?= ?jean\.doe/);
    ok('kubectl config set-credentials cert:jean.doe --embed-certs --client-certificate=cert.pem --client-key=key.pem');
    ok('kubectl config set-context jean.doe --user cert:jean.doe');
    const whoami = ok('kubectl auth whoami').stdout;
    assert.match(whoami, /Username\s+jean\.doe\n/);
    assert.match(whoami, /Groups\s+\[devs system:authenticated\]\n/);
    const pods = sh('kubectl get pods');
    assert.equal(pods.status, 1);
    assert.equal(pods.stderr, 'Error from server (Forbidden): pods is forbidden: User "jean.doe" cannot list resource "pods" in API group "" in the namespace "default"\n');
  });
});
