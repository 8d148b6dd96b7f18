import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ManagedFieldsEntry } from '../../../../src/api/types.js';
import { applyConflictError, applyConflicts, leafPaths, pathString, transferOwnership, type FieldSet } from '../../../../src/apiserver/registry/field-ownership.js';
import { fieldsOf } from '../../../../src/apiserver/registry/managed-fields.js';
import type { ApiObject } from '../../../../src/apiserver/registry/resource.js';

const obj = (labels: Record<string, string>, conditions: unknown[] = []): ApiObject => ({ metadata: { name: 'x', labels }, status: { conditions } }) as unknown as ApiObject;
const entry = (manager: string, operation: 'Apply' | 'Update', fieldsV1: FieldSet, extra: Partial<ManagedFieldsEntry> = {}): ManagedFieldsEntry =>
  ({ manager, operation, apiVersion: 'v1', time: '2026-11-23T10:00:00Z', fieldsType: 'FieldsV1', fieldsV1, ...extra });
const labelSet = (...keys: string[]): FieldSet => ({ 'f:metadata': { 'f:labels': Object.fromEntries(keys.map((k) => [`f:${k}`, {}])) } });

test('leaf paths and their printed form, keyed list items included', () => {
  const set = fieldsOf(obj({ app: 'a' }, [{ type: 'Approved', status: 'True' }]));
  assert.deepEqual(leafPaths(set).map(pathString).sort(), [
    '.metadata.labels.app', '.status.conditions[type="Approved"].status', '.status.conditions[type="Approved"].type',
  ]);
});

test('an apply conflicts only where it would change a value another manager owns', () => {
  const live = obj({ k: 'v1', a: '1' });
  const entries = [entry('mA', 'Apply', labelSet('k', 'a'))];
  assert.deepEqual(applyConflicts(entries, 'mB', labelSet('k'), live, obj({ k: 'v1' })), [], 'same value: shared, no conflict');
  assert.deepEqual(applyConflicts(entries, 'mA', labelSet('k'), live, obj({ k: 'v2' })), [], 'its own field');
  const conflicts = applyConflicts(entries, 'mB', labelSet('k'), live, obj({ k: 'v2' }));
  assert.deepEqual(conflicts.map((c) => [c.manager.manager, pathString(c.path)]), [['mA', '.metadata.labels.k']]);
  assert.equal(applyConflictError(conflicts).message, 'Apply failed with 1 conflict: conflict with "mA": .metadata.labels.k');
});

test('conflicts with several managers are grouped by manager, an update manager named with its version and time', () => {
  const live = obj({ k: 'v1', a: '1' });
  const entries = [entry('mA', 'Apply', labelSet('k')), entry('kubectl-label', 'Update', labelSet('a'))];
  const e = applyConflictError(applyConflicts(entries, 'mB', labelSet('k', 'a'), live, obj({ k: 'v2', a: '2' })));
  assert.equal(e.status.code, 409);
  assert.equal(e.message, 'Apply failed with 2 conflicts: conflicts with "kubectl-label" using v1 at 2026-11-23T10:00:00Z:\n- .metadata.labels.a\nconflicts with "mA":\n- .metadata.labels.k');
  assert.deepEqual(e.status.details?.causes?.map((c) => c.field), ['.metadata.labels.a', '.metadata.labels.k']);
});

test('an update takes the fields it changes from the other managers and keeps what they still own', () => {
  const before = obj({ k: 'v1', a: '1' });
  const after = obj({ k: 'v1', a: '2', b: 'new' });
  const entries = [entry('mA', 'Apply', labelSet('k', 'a'))];
  const out = transferOwnership(entries, { object: before, fields: fieldsOf(before) }, { object: after, fields: fieldsOf(after) },
    { manager: 'kubectl-label', operation: 'Update', apiVersion: 'v1', subresource: '', time: 't' });
  assert.deepEqual(out.map((e) => [e.manager, leafPaths(e.fieldsV1 as FieldSet).map(pathString).sort()]), [
    ['mA', ['.metadata.labels.k']],
    ['kubectl-label', ['.metadata.labels.a', '.metadata.labels.b']],
  ]);
});

test('a field removed by a write leaves every manager, and a manager left with nothing is dropped', () => {
  const before = obj({ k: 'v1', a: '1' });
  const after = obj({ a: '1' });
  const out = transferOwnership([entry('mA', 'Apply', labelSet('k')), entry('mC', 'Apply', labelSet('a'))], { object: before, fields: fieldsOf(before) }, { object: after, fields: fieldsOf(after) },
    { manager: 'kubectl-label', operation: 'Update', apiVersion: 'v1', subresource: '', time: 't' });
  assert.deepEqual(out.map((e) => [e.manager, leafPaths(e.fieldsV1 as FieldSet).map(pathString)]), [['mC', ['.metadata.labels.a']]]);
});
