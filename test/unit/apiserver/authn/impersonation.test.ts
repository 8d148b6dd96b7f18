import { test } from 'node:test';
import assert from 'node:assert/strict';
import { impersonate } from '../../../../src/apiserver/authn/impersonation.js';
import type { Attributes, Authorizer } from '../../../../src/apiserver/authz/authorizer.js';
import { StatusError } from '../../../../src/api/errors.js';

const admin = { username: 'admin', groups: ['system:masters', 'system:authenticated'] };
const alice = { username: 'alice', groups: ['system:authenticated'] };
const asked: Attributes[] = [];
const authorizer: Authorizer = {
  authorize(a) {
    asked.push(a);
    return { decision: a.user.username === 'admin' ? 'allow' : 'no-opinion', reason: '' };
  },
};

const cases: Record<string, { user?: typeof admin; headers: Record<string, string[]>; want?: unknown; error?: { code: number; message: string } }> = {
  'impersonates a user, adding system:authenticated': { headers: { 'impersonate-user': ['bob'] }, want: { username: 'bob', groups: ['system:authenticated'] } },
  'impersonates a user with groups, uid and extra': {
    headers: { 'impersonate-user': ['bob'], 'impersonate-group': ['devs', 'ops'], 'impersonate-uid': ['42'], 'impersonate-extra-scopes': ['a', 'b'] },
    want: { username: 'bob', uid: '42', groups: ['devs', 'ops', 'system:authenticated'], extra: { scopes: ['a', 'b'] } },
  },
  'gives a service account its groups': { headers: { 'impersonate-user': ['system:serviceaccount:users:jean.doe'] }, want: { username: 'system:serviceaccount:users:jean.doe', groups: ['system:serviceaccounts', 'system:serviceaccounts:users', 'system:authenticated'] } },
  'does not add system:authenticated next to system:unauthenticated': { headers: { 'impersonate-user': ['bob'], 'impersonate-group': ['system:unauthenticated'] }, want: { username: 'bob', groups: ['system:unauthenticated'] } },
  'impersonating anonymous adds system:unauthenticated': { headers: { 'impersonate-user': ['system:anonymous'] }, want: { username: 'system:anonymous', groups: ['system:unauthenticated'] } },
  'refuses groups without a user (500, as upstream)': { headers: { 'impersonate-group': ['devs'] }, error: { code: 500, message: 'Internal error occurred: requested [{Group  devs    }] without impersonating a user' } },
  'refuses a user who may not impersonate users': { user: alice, headers: { 'impersonate-user': ['bob'] }, error: { code: 403, message: 'users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope' } },
  'refuses a user who may not impersonate service accounts': { user: alice, headers: { 'impersonate-user': ['system:serviceaccount:users:x'] }, error: { code: 403, message: 'serviceaccounts "x" is forbidden: User "alice" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "users"' } },
};
for (const [name, tc] of Object.entries(cases)) {
  test(name, async () => {
    const p = impersonate(tc.user ?? admin, tc.headers, authorizer);
    if (tc.error) {
      await assert.rejects(p, (e: unknown) => e instanceof StatusError && e.code === tc.error!.code && e.message === tc.error!.message);
      return;
    }
    assert.deepEqual(await p, tc.want);
  });
}

test('asks for uids and userextras in authentication.k8s.io', async () => {
  asked.length = 0;
  await impersonate(admin, { 'impersonate-user': ['bob'], 'impersonate-uid': ['42'], 'impersonate-extra-scopes': ['a'] }, authorizer);
  assert.deepEqual(asked.map((a) => [a.verb, a.apiGroup, a.resource, a.subresource, a.name]), [
    ['impersonate', '', 'users', '', 'bob'],
    ['impersonate', 'authentication.k8s.io', 'userextras', 'scopes', 'a'],
    ['impersonate', 'authentication.k8s.io', 'uids', '', '42'],
  ]);
});
