// Escalation prevention: the covering rules and kube-apiserver's wording of what is missing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { breakdownRule, compactRules, compactString, covers } from '../../../../src/apiserver/authz/rbac/covers.js';
import { escalationMessage } from '../../../../src/apiserver/authz/rbac/escalation.js';
import { ruleAllows } from '../../../../src/apiserver/authz/rbac/rules.js';
import type { PolicyRule } from '../../../../src/api/rbac/types.js';
import { User, binding, bootstrappedIndex, put, resourceAttrs, role, user } from './fixture.js';

const rule = (verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): PolicyRule => ({ verbs, apiGroups, resources, ...(resourceNames ? { resourceNames } : {}) });

const coverCases: [string, PolicyRule[], PolicyRule[], boolean][] = [
  ['the same rule covers itself', [rule(['get'], [''], ['pods'])], [rule(['get'], [''], ['pods'])], true],
  ['more verbs cover fewer', [rule(['get', 'list'], [''], ['pods'])], [rule(['get'], [''], ['pods'])], true],
  ['fewer verbs do not cover more', [rule(['get'], [''], ['pods'])], [rule(['get', 'list'], [''], ['pods'])], false],
  ['* covers every verb, group and resource', [rule(['*'], ['*'], ['*'])], [rule(['escalate'], ['rbac.authorization.k8s.io'], ['roles'])], true],
  ['*/status covers pods/status', [rule(['get'], [''], ['*/status'])], [rule(['get'], [''], ['pods/status'])], true],
  ['*/status does not cover pods', [rule(['get'], [''], ['*/status'])], [rule(['get'], [''], ['pods'])], false],
  ['an unnamed rule covers a named one', [rule(['get'], [''], ['pods'])], [rule(['get'], [''], ['pods'], ['web'])], true],
  ['a named rule does not cover an unnamed one', [rule(['get'], [''], ['pods'], ['web'])], [rule(['get'], [''], ['pods'])], false],
  ['a prefix URL covers a longer URL', [{ verbs: ['get'], nonResourceURLs: ['/logs/*'] }], [{ verbs: ['get'], nonResourceURLs: ['/logs/a'] }], true],
  ['rules combine to cover', [rule(['get'], [''], ['pods']), rule(['list'], [''], ['pods'])], [rule(['get', 'list'], [''], ['pods'])], true],
];
for (const [name, owner, servant, want] of coverCases) {
  test(`covers: ${name}`, () => assert.equal(covers(owner, servant).covered, want));
}

test('a rule breaks down into one rule per group, resource, verb and name', () => {
  assert.equal(breakdownRule(rule(['get', 'list'], ['', 'apps'], ['pods', 'deployments'], ['a', 'b'])).length, 16);
  assert.deepEqual(breakdownRule({ verbs: ['get'], nonResourceURLs: ['/a', '/b'] }), [{ nonResourceURLs: ['/a'], verbs: ['get'] }, { nonResourceURLs: ['/b'], verbs: ['get'] }]);
});

test('missing rules are compacted per resource and printed as CompactString does', () => {
  const missing = covers([], [rule(['get', 'list'], [''], ['pods', 'secrets'])]).missing;
  assert.deepEqual(compactRules(missing).map(compactString), [
    '{APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}',
    '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}',
  ]);
  assert.equal(compactString({ verbs: ['get'], nonResourceURLs: ['/healthz'] }), '{NonResourceURLs:["/healthz"], Verbs:["get"]}');
  assert.equal(compactString(rule(['get'], [''], ['pods'], ['web'])), '{APIGroups:[""], Resources:["pods"], ResourceNames:["web"], Verbs:["get"]}');
});

test('escalation is worded as ConfirmNoEscalation: user, groups, then each missing rule on its own line, sorted', () => {
  const idx = bootstrappedIndex();
  put(idx, 'roles', role('default', 'developer', [rule(['get'], [''], ['pods'])]));
  put(idx, 'rolebindings', binding('b', 'Role', 'developer', [User('bob')], 'default'));
  const bob = user('bob');
  assert.equal(escalationMessage(idx, bob, 'default', [rule(['get'], [''], ['pods'])]), undefined);
  assert.equal(
    escalationMessage(idx, bob, 'default', [rule(['get', 'delete'], [''], ['secrets', 'pods'])]),
    'user "bob" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
      '{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}\n' +
      '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "delete"]}',
  );
  assert.match(escalationMessage(idx, bob, 'kube-system', [rule(['get'], [''], ['pods'])])!, /Resources:\["pods"\], Verbs:\["get"\]/, 'rules bound in default do not count in kube-system');
});

const matchCases: [string, PolicyRule, ReturnType<typeof resourceAttrs>, boolean][] = [
  ['verb *', rule(['*'], [''], ['pods']), resourceAttrs(user('u'), 'deletecollection', '', 'pods', 'ns'), true],
  ['group *', rule(['get'], ['*'], ['pods']), resourceAttrs(user('u'), 'get', 'metrics.k8s.io', 'pods', 'ns', 'p'), true],
  ['resource * matches subresources', rule(['get'], [''], ['*']), resourceAttrs(user('u'), 'get', '', 'pods', 'ns', 'p', 'log'), true],
  ['a resource does not match its subresource', rule(['get'], [''], ['pods']), resourceAttrs(user('u'), 'get', '', 'pods', 'ns', 'p', 'log'), false],
  ['resourceNames restrict get', rule(['get'], [''], ['pods'], ['a']), resourceAttrs(user('u'), 'get', '', 'pods', 'ns', 'b'), false],
  ['resourceNames never match an unnamed list', rule(['list'], [''], ['pods'], ['a']), resourceAttrs(user('u'), 'list', '', 'pods', 'ns'), false],
];
for (const [name, r, attrs, want] of matchCases) {
  test(`rule matching: ${name}`, () => assert.equal(ruleAllows(attrs, r), want));
}
