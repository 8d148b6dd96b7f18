import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { ServiceAccountTokens, fillServiceAccountTokenSecret, defaultServiceAccountIssuer } from '../../../../src/apiserver/authn/service-account-token.js';
import type { ApiObject } from '../../../../src/apiserver/registry/resource.js';
import type { ObjectReader } from '../../../../src/apiserver/authn/stored-objects.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const { privateKey: otherKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const now = new Date('2026-11-23T12:00:00Z');
const later = (s: number): Date => new Date(now.getTime() + s * 1000);

function world(objects: Record<string, ApiObject>): { read: ObjectReader; objects: Record<string, ApiObject> } {
  return { objects, read: async (resource, ns, name) => objects[`${resource}/${ns}/${name}`] };
}
const sa = (name: string, uid: string): ApiObject => ({ metadata: { name, namespace: 'users', uid } });

function setup(): { tokens: ServiceAccountTokens; objects: Record<string, ApiObject> } {
  const w = world({ 'serviceaccounts/users/jean.doe': sa('jean.doe', 'uid-1'), 'secrets/users/s1': { metadata: { name: 's1', namespace: 'users', uid: 'sec-1' } } });
  return { tokens: new ServiceAccountTokens({ key: privateKey, read: w.read }), objects: w.objects };
}

const issue = (tokens: ServiceAccountTokens, extra: Partial<Parameters<ServiceAccountTokens['issue']>[0]> = {}): string =>
  tokens.issue({ namespace: 'users', account: { name: 'jean.doe', uid: 'uid-1' }, audiences: [defaultServiceAccountIssuer], expirationSeconds: 3600, now, ...extra }).token;

test('a bound token authenticates as the service account with its groups, uid and credential id', async () => {
  const { tokens } = setup();
  const r = await tokens.authenticateToken(issue(tokens), [], later(10));
  assert.equal(r.kind, 'user');
  if (r.kind !== 'user') return;
  assert.equal(r.user.username, 'system:serviceaccount:users:jean.doe');
  assert.equal(r.user.uid, 'uid-1');
  assert.deepEqual(r.user.groups, ['system:serviceaccounts', 'system:serviceaccounts:users']);
  assert.match(r.user.extra!['authentication.kubernetes.io/credential-id']![0]!, /^JTI=[0-9a-f-]{36}$/);
  assert.deepEqual(r.audiences, [defaultServiceAccountIssuer]);
});

test('a bound token carries the claims Kubernetes writes', () => {
  const { tokens } = setup();
  const [h, p] = issue(tokens, { bound: { kind: 'Secret', name: 's1', uid: 'sec-1' } }).split('.');
  const header = JSON.parse(Buffer.from(h!, 'base64url').toString());
  const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
  assert.equal(header.alg, 'RS256');
  assert.equal(typeof header.kid, 'string');
  assert.deepEqual(Object.keys(claims), ['aud', 'exp', 'iat', 'iss', 'jti', 'kubernetes.io', 'nbf', 'sub']);
  assert.equal(claims.exp - claims.iat, 3600);
  assert.deepEqual(claims['kubernetes.io'], { namespace: 'users', secret: { name: 's1', uid: 'sec-1' }, serviceaccount: { name: 'jean.doe', uid: 'uid-1' } });
});

const refusals: Record<string, { token: (t: ServiceAccountTokens) => string; change?: (o: Record<string, ApiObject>) => void; at?: Date; audiences?: string[]; message: RegExp }> = {
  'refuses an expired token': { token: (t) => issue(t, { expirationSeconds: 600 }), at: later(3600), message: /has expired/ },
  'refuses a token with a tampered payload': {
    token: (t) => {
      const [h, p, s] = issue(t).split('.');
      const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
      claims.sub = 'system:serviceaccount:kube-system:admin';
      return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
    },
    message: /cryptographic/,
  },
  'refuses a token signed with another key': { token: () => new ServiceAccountTokens({ key: otherKey, read: async () => undefined }).issue({ namespace: 'users', account: { name: 'jean.doe', uid: 'uid-1' }, audiences: [defaultServiceAccountIssuer], expirationSeconds: 3600, now }).token, message: /cryptographic/ },
  'refuses the token of a deleted account': { token: issue, change: (o) => delete o['serviceaccounts/users/jean.doe'], message: /has been deleted/ },
  'refuses the token of a deleted and re-created account': { token: issue, change: (o) => (o['serviceaccounts/users/jean.doe'] = sa('jean.doe', 'uid-2')), message: /does not match claim/ },
  'refuses a token for another audience': { token: (t) => issue(t, { audiences: ['https://example.com'] }), message: /audiences/ },
  'refuses a token whose bound secret was deleted': { token: (t) => issue(t, { bound: { kind: 'Secret', name: 's1', uid: 'sec-1' } }), change: (o) => delete o['secrets/users/s1'], message: /secret users\/s1 has been deleted/ },
};
for (const [name, tc] of Object.entries(refusals)) {
  test(name, async () => {
    const { tokens, objects } = setup();
    const token = tc.token(tokens);
    tc.change?.(objects);
    const r = await tokens.authenticateToken(token, tc.audiences ?? [], tc.at ?? later(10));
    assert.equal(r.kind, 'error');
    if (r.kind === 'error') assert.match(r.message, tc.message);
  });
}

test('a token for another audience is accepted when that audience is asked for (TokenReview)', async () => {
  const { tokens } = setup();
  const r = await tokens.authenticateToken(issue(tokens, { audiences: ['https://example.com'] }), ['https://example.com'], later(10));
  assert.equal(r.kind, 'user');
});

test('has no opinion about tokens that are not its own', async () => {
  const { tokens } = setup();
  for (const token of ['abcdef.0123456789abcdef', 'not-a-jwt', `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('{"iss":"someone-else"}').toString('base64url')}.c2ln`]) {
    assert.equal((await tokens.authenticateToken(token, [], now)).kind, 'none', token);
  }
});

test('fills a service-account-token Secret with a legacy token that authenticates until the Secret goes', async () => {
  const { tokens, objects } = setup();
  const secret: ApiObject = { metadata: { name: 'jean.doe-token', namespace: 'users', annotations: { 'kubernetes.io/service-account.name': 'jean.doe' } }, type: 'kubernetes.io/service-account-token' };
  const filled = await fillServiceAccountTokenSecret(secret, { tokens, caPem: 'CA', namespace: 'users' });
  assert.equal(filled.metadata.annotations!['kubernetes.io/service-account.uid'], 'uid-1');
  const data = filled['data'] as Record<string, string>;
  assert.equal(Buffer.from(data['ca.crt']!, 'base64').toString(), 'CA');
  assert.equal(Buffer.from(data['namespace']!, 'base64').toString(), 'users');
  const token = Buffer.from(data['token']!, 'base64').toString();
  objects['secrets/users/jean.doe-token'] = filled;
  const ok = await tokens.authenticateToken(token, [], later(10 * 365 * 86400));
  assert.equal(ok.kind, 'user');
  delete objects['secrets/users/jean.doe-token'];
  assert.equal((await tokens.authenticateToken(token, [], now)).kind, 'error');
});

test('leaves Secrets of other types, or naming a missing account, unchanged', async () => {
  const { tokens } = setup();
  const opaque: ApiObject = { metadata: { name: 'x' }, type: 'Opaque' };
  assert.equal(await fillServiceAccountTokenSecret(opaque, { tokens, caPem: '', namespace: 'users' }), opaque);
  const orphan: ApiObject = { metadata: { name: 'y', annotations: { 'kubernetes.io/service-account.name': 'nobody' } }, type: 'kubernetes.io/service-account-token' };
  assert.equal(await fillServiceAccountTokenSecret(orphan, { tokens, caPem: '', namespace: 'users' }), orphan);
});
