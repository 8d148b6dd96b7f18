// The Node authorizer's static rules in the chain: a kubelet may create and read CSRs without
// any binding, but not approve them, and only a user who is both named and grouped as a node.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RbacAuthorizer, authorizerChain } from '../../../../src/apiserver/authz/rbac/index.js';
import { bootstrappedIndex, resourceAttrs as r, user } from './fixture.js';

const chain = authorizerChain(new RbacAuthorizer(bootstrappedIndex()));
const certs = 'certificates.k8s.io';
const csrs = 'certificatesigningrequests';
const node = user('system:node:worker-0', 'system:nodes', 'system:authenticated');

const cases: Record<string, [Parameters<typeof r>, 'allow' | 'no-opinion' | 'deny']> = {
  'a node creates a CSR': [[node, 'create', certs, csrs], 'allow'],
  'a node watches CSRs': [[node, 'watch', certs, csrs], 'allow'],
  'a node may not approve a CSR': [[node, 'update', certs, csrs, '', 'node-csr-x', 'approval'], 'no-opinion'],
  'a node may not delete a CSR': [[node, 'delete', certs, csrs, '', 'node-csr-x'], 'no-opinion'],
  'a node name without the group is not a node': [[user('system:node:worker-0', 'system:authenticated'), 'create', certs, csrs], 'no-opinion'],
  'the group without a node name is not a node': [[user('mallory', 'system:nodes', 'system:authenticated'), 'create', certs, csrs], 'no-opinion'],
  'a node may not read secrets': [[node, 'get', '', 'secrets', 'default', 'x'], 'no-opinion'],
};

for (const [name, [args, want]] of Object.entries(cases)) {
  test(`node authorizer: ${name}`, async () => {
    const d = await chain.authorize(r(...args));
    assert.equal(d.decision, want);
  });
}

test('a node\'s rules review lists the CSR rule it has without a binding', () => {
  const rules = chain.rulesFor(node, '');
  assert.ok(rules.resourceRules.some((x) => x.apiGroups?.includes(certs) && x.resources?.includes(csrs) && x.verbs.includes('create')));
  const other = chain.rulesFor(user('bob', 'system:authenticated'), '');
  assert.ok(!other.resourceRules.some((x) => x.resources?.includes(csrs) && x.verbs.includes('create')));
});
