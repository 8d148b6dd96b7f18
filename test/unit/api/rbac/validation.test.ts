// RBAC object validation: Kubernetes' messages and field paths, all errors at once.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateClusterRole, validateRole, validateRoleBinding, validateRoleBindingUpdate } from '../../../../src/api/rbac/validation.js';
import { errorString } from '../../../../src/api/field-error.js';
import type { RoleBinding } from '../../../../src/api/rbac/types.js';

const meta = { name: 'x', namespace: 'default' };
const strings = (errs: Parameters<typeof errorString>[0][]): string[] => errs.map(errorString);

test('a rule needs verbs, and resource rules need groups and resources', () => {
  assert.deepEqual(strings(validateRole({ metadata: meta, rules: [{ verbs: [] }] })), [
    'rules[0].verbs: Required value: verbs must contain at least one value',
    'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
    'rules[0].resources: Required value: resource rules must supply at least one resource',
  ]);
});

test('namespaced rules may not name URLs; no rule mixes URLs and resources', () => {
  assert.deepEqual(strings(validateRole({ metadata: meta, rules: [{ verbs: ['get'], nonResourceURLs: ['/x'], resources: ['pods'] }] })), [
    'rules[0].nonResourceURLs: Invalid value: []string{"/x"}: namespaced rules cannot apply to non-resource URLs',
    'rules[0].nonResourceURLs: Invalid value: []string{"/x"}: rules cannot apply to both regular resources and non-resource URLs',
  ]);
  assert.deepEqual(validateClusterRole({ metadata: { name: 'x' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/x'] }] }), []);
});

test('an aggregation rule needs a selector', () => {
  assert.deepEqual(strings(validateClusterRole({ metadata: { name: 'x' }, aggregationRule: {} })), [
    'aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil',
  ]);
});

test('a binding checks its roleRef and every subject', () => {
  const b = { metadata: meta, roleRef: { apiGroup: 'x', kind: 'Thing', name: '' }, subjects: [{ kind: 'User', name: 'u' }, { kind: 'ServiceAccount', name: 'Bad_Name', apiGroup: 'rbac.authorization.k8s.io' }, { kind: 'Robot', name: 'r' }] } as RoleBinding;
  assert.deepEqual(strings(validateRoleBinding(b, true)), [
    'roleRef.apiGroup: Unsupported value: "x": supported values: "rbac.authorization.k8s.io"',
    'roleRef.kind: Unsupported value: "Thing": supported values: "Role", "ClusterRole"',
    'roleRef.name: Required value',
    'subjects[0].apiGroup: Unsupported value: "": supported values: "rbac.authorization.k8s.io"',
    "subjects[1].name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    'subjects[1].apiGroup: Unsupported value: "rbac.authorization.k8s.io": supported values: ""',
    'subjects[2].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
  ]);
});

test('a ClusterRoleBinding may only refer to a ClusterRole, and its ServiceAccounts need a namespace', () => {
  const b = { metadata: { name: 'x' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'sa' }] } as RoleBinding;
  assert.deepEqual(strings(validateRoleBinding(b, false)), [
    'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
    'subjects[0].namespace: Required value',
  ]);
});

test('roleRef cannot change', () => {
  const old = { metadata: meta, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'a' } } as RoleBinding;
  const next = { metadata: meta, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'b' } } as RoleBinding;
  assert.deepEqual(strings(validateRoleBindingUpdate(next, old, true)), [
    'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"b"}: cannot change roleRef',
  ]);
});
