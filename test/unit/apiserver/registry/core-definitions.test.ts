// The stored core, RBAC and coordination kinds: name rules, validation messages and Table cells.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configMapDefinition, namespaceDefinition, podDefinition, secretDefinition, serviceAccountDefinition } from '../../../../src/apiserver/registry/core/definitions.js';
import { roleBindingDefinition } from '../../../../src/apiserver/registry/rbac/definitions.js';
import { leaseDefinition } from '../../../../src/apiserver/registry/coordination/lease.js';
import type { ApiObject, ResourceDefinition, StrategyContext } from '../../../../src/apiserver/registry/resource.js';
import { errorString } from '../../../../src/api/field-error.js';

const ctx: StrategyContext = { user: { username: 'u' }, now: new Date('2026-01-01T00:10:00Z'), namespace: 'default', version: 'v1' };
const validate = (def: ResourceDefinition, obj: object): string[] => (def.strategy.validate?.(ctx, obj as ApiObject) ?? []).map(errorString);
const created = '2026-01-01T00:00:00Z';

const cases: [string, ResourceDefinition, object, string[]][] = [
  ['a namespace name must be a DNS label', namespaceDefinition, { metadata: { name: 'a.b' } }, ['metadata.name: Invalid value: "a.b": must not contain dots']],
  ['a ServiceAccount name must be a DNS subdomain', serviceAccountDefinition, { metadata: { name: 'Jean' } },
    ["metadata.name: Invalid value: \"Jean\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]],
  ['a ServiceAccount name may have dots', serviceAccountDefinition, { metadata: { name: 'jean.doe' } }, []],
  ['Secret keys must be config keys', secretDefinition, { metadata: { name: 's' }, data: { 'a b': '' } },
    ["data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"]],
  ['a token Secret must name its account', secretDefinition, { metadata: { name: 's' }, type: 'kubernetes.io/service-account-token' },
    ['metadata.annotations[kubernetes.io/service-account.name]: Required value']],
  ['a ConfigMap key may not be in both data and binaryData', configMapDefinition, { metadata: { name: 'c' }, data: { a: '1' }, binaryData: { a: 'MQ==' } },
    ['data[a]: Invalid value: "a": duplicate of key present in binaryData']],
  ['a Pod needs containers', podDefinition, { metadata: { name: 'p' }, spec: {} }, ['spec.containers: Required value']],
  ['a Lease duration must be positive', leaseDefinition, { metadata: { name: 'l' }, spec: { leaseDurationSeconds: 0 } }, ['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0']],
];
for (const [name, def, obj, want] of cases) {
  test(name, () => assert.deepEqual(validate(def, obj), want));
}

test('Table cells read as kubectl get prints them', () => {
  const ns = namespaceDefinition.strategy.prepareForCreate!(ctx, { metadata: { name: 'shop', creationTimestamp: created } });
  assert.deepEqual(namespaceDefinition.table.cells(ns, ctx.now), ['shop', 'Active', '10m']);
  assert.deepEqual(namespaceDefinition.table.columns.map((c) => c.name), ['Name', 'Status', 'Age']);
  assert.deepEqual(secretDefinition.table.columns.map((c) => c.name), ['Name', 'Type', 'Data', 'Age']);
  const secret = secretDefinition.strategy.prepareForCreate!(ctx, { metadata: { name: 's', creationTimestamp: created }, stringData: { a: 'b' } });
  assert.deepEqual(secretDefinition.table.cells(secret, ctx.now), ['s', 'Opaque', 1, '10m']);
  assert.deepEqual(roleBindingDefinition.table.columns.map((c) => [c.name, c.priority]), [['Name', 0], ['Role', 0], ['Age', 0], ['Users', 1], ['Groups', 1], ['ServiceAccounts', 1]]);
  const rb = { metadata: { name: 'b', namespace: 'team', creationTimestamp: created }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ kind: 'User', name: 'a' }, { kind: 'User', name: 'b' }, { kind: 'Group', name: 'g' }, { kind: 'ServiceAccount', name: 'sa' }] };
  assert.deepEqual(roleBindingDefinition.table.cells(rb as ApiObject, ctx.now), ['b', 'ClusterRole/view', '10m', 'a, b', 'g', 'team/sa']);
});
