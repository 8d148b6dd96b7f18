// Authentication end to end with the real kubectl: whoami for every kind of credential,
// create token, can-i, impersonation, the review APIs, and 401s that leak nothing.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import type { Authorizer } from '../../src/apiserver/authz/authorizer.js';
import { mastersAuthorizer, unionAuthorizer } from '../../src/apiserver/authz/authorizer.js';
import { ServiceAccountTokens } from '../../src/apiserver/authn/service-account-token.js';
import { storeObjectReader } from '../../src/apiserver/authn/stored-objects.js';
import { openDataDir } from '../../src/cli/commands/serve/data-dir.js';
import { Issuer } from '../../src/pki/issuer.js';
import { clusterIssuer, issueClientCert, startAuthnServer, type AuthnServer, type Credentials } from './authn-harness.js';
import { tempDir } from './harness.js';

/** What kube-apiserver's default roles give these users in this test: basic-user for everyone authenticated, a little for myuser. */
const testAuthorizer: Authorizer = {
  authorize(a) {
    const groups = a.user.groups ?? [];
    const selfReview = a.verb === 'create' && ['selfsubjectreviews', 'selfsubjectaccessreviews', 'selfsubjectrulesreviews'].includes(a.resource);
    if (groups.includes('system:authenticated') && selfReview) return { decision: 'allow', reason: 'RBAC: allowed by ClusterRoleBinding "system:basic-user"' };
    if (a.user.username === 'myuser' && a.resource === 'pods' && a.namespace === 'default' && (a.verb === 'list' || (a.verb === 'get' && a.subresource === 'log'))) return { decision: 'allow', reason: '' };
    return { decision: 'no-opinion', reason: '' };
  },
};

const unauthorizedBody = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 };
const csrPath = '/apis/certificates.k8s.io/v1/certificatesigningrequests';
const hour = 3600e3;

/** How Kubernetes 1.32 names a client certificate credential: the SHA-256 of its DER. */
function credentialId(certPem: string): string {
  return `X509SHA256=${createHash('sha256').update(new X509Certificate(certPem).raw).digest('hex')}`;
}

/** `kubectl auth whoami` table rows as attribute → value. */
function whoami(stdout: string): Record<string, string> {
  const rows = stdout.trim().split('\n').slice(1);
  return Object.fromEntries(rows.map((l) => {
    const m = /^(Username|UID|Groups|Extra: \S+)\s+(.*)$/.exec(l.trim());
    return m ? [m[1]!, m[2]!.trim()] : [l, ''];
  }));
}

describe('authentication with the real kubectl', () => {
  let s: AuthnServer;
  let myuser: Credentials;
  let saUid = 'a3f1c7e2-0000-4000-8000-000000000001';
  const serviceAccount = (uid: string) => ({ metadata: { name: 'jean.doe', namespace: 'users', uid, creationTimestamp: '2026-11-23T00:00:00Z' } });

  before(async () => {
    s = await startAuthnServer({ authorizer: unionAuthorizer([mastersAuthorizer, testAuthorizer]), tokenFile: 'static-token-1,carol,1001,"ops,devs"\n' });
    const now = Date.now();
    myuser = issueClientCert(clusterIssuer(s.dataDir), 'myuser', ['devs'], { notBefore: new Date(now - hour), notAfter: new Date(now + hour) });
    await s.put('serviceaccounts', 'users', serviceAccount(saUid));
    const secret = (name: string, data: Record<string, string>) => ({
      metadata: { name, namespace: 'kube-system', uid: `uid-${name}` }, type: 'bootstrap.kubernetes.io/token',
      data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    });
    await s.put('secrets', 'kube-system', secret('bootstrap-token-abcdef', { 'token-id': 'abcdef', 'token-secret': '0123456789abcdef', 'usage-bootstrap-authentication': 'true', 'auth-extra-groups': 'system:bootstrappers:kubeadm:default-node-token' }));
    await s.put('secrets', 'kube-system', secret('bootstrap-token-oldold', { 'token-id': 'oldold', 'token-secret': '0123456789abcdef', 'usage-bootstrap-authentication': 'true', expiration: '2020-01-01T00:00:00Z' }));
  });
  after(async () => {
    await s?.stop();
  });

  test('auth whoami prints the admin and its groups', async () => {
    const r = await s.kubectl(['auth', 'whoami']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^ATTRIBUTE\s+VALUE\n/);
    assert.deepEqual(whoami(r.stdout), {
      Username: 'admin', Groups: '[system:masters system:authenticated]', 'Extra: authentication.kubernetes.io/credential-id': `[${credentialId(s.dataDir.adminCertPem)}]`,
    });
  });

  test('auth whoami prints a certificate user (CN) and its groups (O)', async () => {
    const r = await s.kubectl(['auth', 'whoami'], { kubeconfig: s.kubeconfigFor('myuser', myuser) });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(whoami(r.stdout), {
      Username: 'myuser', Groups: '[devs system:authenticated]', 'Extra: authentication.kubernetes.io/credential-id': `[${credentialId(myuser.certPem!)}]`,
    });
  });

  test('create token prints a token that authenticates as the service account', async () => {
    const r = await s.kubectl(['create', 'token', 'jean.doe', '-n', 'users']);
    assert.equal(r.status, 0, r.stderr);
    const token = r.stdout.trim();
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const w = await s.kubectl(['auth', 'whoami'], { kubeconfig: s.kubeconfigFor('jean', { token }) });
    assert.equal(w.status, 0, w.stderr);
    const rows = whoami(w.stdout);
    assert.equal(rows['Username'], 'system:serviceaccount:users:jean.doe');
    assert.equal(rows['UID'], saUid);
    assert.equal(rows['Groups'], '[system:serviceaccounts system:serviceaccounts:users system:authenticated]');
    assert.match(rows['Extra: authentication.kubernetes.io/credential-id'] ?? '', /^\[JTI=[0-9a-f-]+\]$/);
    const plain = await s.kubectl(['--token', token, '--kubeconfig', s.kubeconfigFor('bare', {}), 'auth', 'whoami']);
    assert.equal(whoami(plain.stdout)['Username'], 'system:serviceaccount:users:jean.doe', plain.stderr);
  });

  const tokenErrors: Record<string, { args: string[]; stderr: string | RegExp }> = {
    'create token for a missing account says it is not found': { args: ['create', 'token', 'nobody', '-n', 'users'], stderr: 'error: failed to create token: serviceaccounts "nobody" not found\n' },
    'create token refuses a lifetime under 10 minutes': { args: ['create', 'token', 'jean.doe', '-n', 'users', '--duration=5m'], stderr: /spec\.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes/ },
  };
  for (const [name, tc] of Object.entries(tokenErrors)) {
    test(name, async () => {
      const r = await s.kubectl(tc.args);
      assert.equal(r.status, 1);
      if (typeof tc.stderr === 'string') assert.equal(r.stderr, tc.stderr);
      else assert.match(r.stderr, tc.stderr);
    });
  }

  test('a token with another audience is refused by the API but passes a TokenReview for that audience', async () => {
    const r = await s.kubectl(['create', 'token', 'jean.doe', '-n', 'users', '--audience=https://example.com', '--duration=10m']);
    assert.equal(r.status, 0, r.stderr);
    const token = r.stdout.trim();
    assert.equal((await s.fetch('GET', csrPath, { token })).status, 401);
    const admin = { certPem: s.dataDir.adminCertPem, keyPem: s.dataDir.adminKeyPem };
    const review = await s.fetch('POST', '/apis/authentication.k8s.io/v1/tokenreviews', { ...admin, body: JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token, audiences: ['https://example.com'] } }) });
    assert.equal(review.status, 201, review.body);
    const status = JSON.parse(review.body).status;
    assert.equal(status.authenticated, true);
    assert.equal(status.user.username, 'system:serviceaccount:users:jean.doe');
    assert.deepEqual(status.audiences, ['https://example.com']);
  });

  const canI: Record<string, { args: string[]; who?: 'myuser'; out: string; code: number }> = {
    'admin may list pods': { args: ['list', 'pods'], out: 'yes', code: 0 },
    'myuser may list pods in default': { args: ['list', 'pods'], who: 'myuser', out: 'yes', code: 0 },
    'myuser may not delete pods': { args: ['delete', 'pods'], who: 'myuser', out: 'no', code: 1 },
    'admin asks as myuser (--as)': { args: ['list', 'pods', '--as', 'myuser'], out: 'yes', code: 0 },
    'admin asks as someone else (--as)': { args: ['list', 'pods', '--as', 'nobody'], out: 'no', code: 1 },
    'myuser may get pods/log (--subresource)': { args: ['get', 'pods', '--subresource=log'], who: 'myuser', out: 'yes', code: 0 },
    'myuser may not get pods/exec (--subresource)': { args: ['get', 'pods', '--subresource=exec'], who: 'myuser', out: 'no', code: 1 },
    'admin may get a non-resource URL': { args: ['get', '/healthz'], out: 'yes', code: 0 },
  };
  for (const [name, tc] of Object.entries(canI)) {
    test(`auth can-i: ${name}`, async () => {
      const r = await s.kubectl(['auth', 'can-i', ...tc.args], tc.who ? { kubeconfig: s.kubeconfigFor('myuser', myuser) } : {});
      assert.equal(r.stdout.trim(), tc.out, r.stderr);
      assert.equal(r.status, tc.code);
    });
  }

  test('auth can-i --list shows the privileged group may do everything', async () => {
    const r = await s.kubectl(['auth', 'can-i', '--list']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs/);
    assert.match(r.stdout, /\n\*\.\*\s+\[\]\s+\[\]\s+\[\*\]/);
  });

  test('impersonation: the admin may act as another user, with groups and uid', async () => {
    const r = await s.kubectl(['auth', 'whoami', '--as', 'bob', '--as-group', 'devs', '--as-uid', '42']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(whoami(r.stdout), { Username: 'bob', UID: '42', Groups: '[devs system:authenticated]' });
    const sa = await s.kubectl(['auth', 'whoami', '--as', 'system:serviceaccount:users:jean.doe']);
    assert.equal(whoami(sa.stdout)['Groups'], '[system:serviceaccounts system:serviceaccounts:users system:authenticated]');
  });

  test('impersonation: a plain user is refused with Kubernetes\' text', async () => {
    const r = await s.kubectl(['get', 'csr', '--as', 'bob'], { kubeconfig: s.kubeconfigFor('myuser', myuser) });
    assert.equal(r.status, 1);
    assert.equal(r.stderr, 'Error from server (Forbidden): users "bob" is forbidden: User "myuser" cannot impersonate resource "users" in API group "" at the cluster scope\n');
  });

  test('bootstrap and static tokens authenticate', async () => {
    const boot = await s.kubectl(['auth', 'whoami'], { kubeconfig: s.kubeconfigFor('boot', { token: 'abcdef.0123456789abcdef' }) });
    assert.deepEqual(whoami(boot.stdout), { Username: 'system:bootstrap:abcdef', Groups: '[system:bootstrappers system:bootstrappers:kubeadm:default-node-token system:authenticated]' }, boot.stderr);
    const carol = await s.kubectl(['auth', 'whoami'], { kubeconfig: s.kubeconfigFor('carol', { token: 'static-token-1' }) });
    assert.deepEqual(whoami(carol.stdout), { Username: 'carol', UID: '1001', Groups: '[ops devs system:authenticated]' }, carol.stderr);
  });

  test('a request without credentials is system:anonymous: /version is public, the rest is up to the authorizer', async () => {
    assert.equal((await s.fetch('GET', '/version')).status, 200);
    const r = await s.fetch('GET', csrPath);
    assert.equal(r.status, 403);
    assert.equal(JSON.parse(r.body).message, 'certificatesigningrequests.certificates.k8s.io is forbidden: User "system:anonymous" cannot list resource "certificatesigningrequests" in API group "certificates.k8s.io" at the cluster scope');
  });

  test('SubjectAccessReview answers for another user', async () => {
    const admin = { certPem: s.dataDir.adminCertPem, keyPem: s.dataDir.adminKeyPem };
    const body = (user: string) => JSON.stringify({ apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user, resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods' } } });
    const yes = await s.fetch('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', { ...admin, body: body('myuser') });
    assert.equal(yes.status, 201, yes.body);
    assert.deepEqual(JSON.parse(yes.body).status, { allowed: true });
    const no = await s.fetch('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', { ...admin, body: body('nobody') });
    assert.deepEqual(JSON.parse(no.body).status, { allowed: false });
    const invalid = await s.fetch('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', { ...admin, body: JSON.stringify({ spec: { user: 'x' } }) });
    assert.equal(invalid.status, 422);
    assert.equal(JSON.parse(invalid.body).message, 'SubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified');
  });

  test('LocalSubjectAccessReview answers in its namespace and insists on it', async () => {
    const admin = { certPem: s.dataDir.adminCertPem, keyPem: s.dataDir.adminKeyPem };
    const body = (ns: string) => JSON.stringify({ apiVersion: 'authorization.k8s.io/v1', kind: 'LocalSubjectAccessReview', spec: { user: 'myuser', resourceAttributes: { namespace: ns, verb: 'list', resource: 'pods' } } });
    const yes = await s.fetch('POST', '/apis/authorization.k8s.io/v1/namespaces/default/localsubjectaccessreviews', { ...admin, body: body('default') });
    assert.equal(yes.status, 201, yes.body);
    const answer = JSON.parse(yes.body);
    assert.equal(answer.metadata.namespace, 'default');
    assert.deepEqual(answer.status, { allowed: true });
    const other = await s.fetch('POST', '/apis/authorization.k8s.io/v1/namespaces/default/localsubjectaccessreviews', { ...admin, body: body('other') });
    assert.equal(other.status, 422);
    assert.equal(JSON.parse(other.body).message, 'LocalSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes.namespace: Invalid value: "other": must match metadata.namespace');
  });

  test('a token bound to a Secret stops working when the Secret is deleted', async () => {
    await s.put('secrets', 'users', { metadata: { name: 'binding', namespace: 'users', uid: 'uid-binding' }, type: 'Opaque' });
    const r = await s.kubectl(['create', 'token', 'jean.doe', '-n', 'users', '--bound-object-kind=Secret', '--bound-object-name=binding']);
    assert.equal(r.status, 0, r.stderr);
    const token = r.stdout.trim();
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    assert.deepEqual(claims['kubernetes.io'].secret, { name: 'binding', uid: 'uid-binding' });
    assert.equal((await s.fetch('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { token, body: '{}' })).status, 201);
    await s.remove('secrets', 'users', 'binding');
    assert.equal((await s.fetch('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { token, body: '{}' })).status, 401);
    const missing = await s.kubectl(['create', 'token', 'jean.doe', '-n', 'users', '--bound-object-kind=Secret', '--bound-object-name=binding']);
    assert.equal(missing.stderr, 'error: failed to create token: secrets "binding" not found\n');
  });

  describe('bad credentials get 401 Unauthorized with nothing leaked, and the server keeps serving', () => {
    const badCredentials: Record<string, () => Promise<Credentials>> = {
      'an expired certificate': async () => issueClientCert(clusterIssuer(s.dataDir), 'admin', ['system:masters'], { notBefore: new Date(Date.now() - 3 * hour), notAfter: new Date(Date.now() - hour) }),
      'a certificate from another CA claiming system:masters': async () => {
        const other = tempDir('signet-other-ca-');
        try {
          const d = openDataDir(other.dir, { caKeyType: 'ecdsa-p256', servingHosts: ['localhost'] }, new Date());
          return issueClientCert(new Issuer(d.ca, d.caKey), 'admin', ['system:masters'], { notBefore: new Date(Date.now() - hour), notAfter: new Date(Date.now() + hour) });
        } finally {
          other.cleanup();
        }
      },
      'a tampered service-account token': async () => {
        const [h, p, sig] = (await s.kubectl(['create', 'token', 'jean.doe', '-n', 'users'])).stdout.trim().split('.');
        const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
        claims['kubernetes.io'].namespace = 'kube-system';
        return { token: `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}` };
      },
      'an expired service-account token': async () => {
        const tokens = new ServiceAccountTokens({ key: s.dataDir.serviceAccountKey, read: storeObjectReader(s.store) });
        return { token: tokens.issue({ namespace: 'users', account: { name: 'jean.doe', uid: saUid }, audiences: [...tokens.apiAudiences], expirationSeconds: 600, now: new Date(Date.now() - 2 * hour) }).token };
      },
      'the token of a deleted account': async () => {
        await s.put('serviceaccounts', 'users', { metadata: { name: 'gone', namespace: 'users', uid: 'uid-gone' } });
        const token = (await s.kubectl(['create', 'token', 'gone', '-n', 'users'])).stdout.trim();
        await s.remove('serviceaccounts', 'users', 'gone');
        return { token };
      },
      'the token of a deleted and re-created account': async () => {
        const token = (await s.kubectl(['create', 'token', 'jean.doe', '-n', 'users'])).stdout.trim();
        saUid = 'a3f1c7e2-0000-4000-8000-000000000002';
        await s.put('serviceaccounts', 'users', serviceAccount(saUid));
        return { token };
      },
      'an unknown bootstrap token': async () => ({ token: 'zzzzzz.0123456789abcdef' }),
      'an expired bootstrap token': async () => ({ token: 'oldold.0123456789abcdef' }),
      'a bad static token': async () => ({ token: 'static-token-2' }),
    };
    for (const [name, make] of Object.entries(badCredentials)) {
      test(name, async () => {
        const creds = await make();
        assert.ok(creds.token || creds.certPem, 'the credential was made');
        const r = await s.fetch('GET', csrPath, creds);
        assert.equal(r.status, 401);
        assert.deepEqual(JSON.parse(r.body), unauthorizedBody);
        const k = await s.kubectl(['get', 'csr'], { kubeconfig: s.kubeconfigFor('bad', creds) });
        assert.equal(k.status, 1);
        assert.match(k.stderr, /error: You must be logged in to the server \(Unauthorized\)/);
        assert.equal((await s.fetch('GET', csrPath, { certPem: s.dataDir.adminCertPem, keyPem: s.dataDir.adminKeyPem })).status, 200);
      });
    }
  });
});
