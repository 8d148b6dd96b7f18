import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { errorString } from '../../../../src/api/field-error.js';
import {
  anyName, validateCommonCreateMeta, validateCommonUpdateMeta, validateObjectMeta, validateObjectMetaUpdate,
} from '../../../../src/api/validation/meta.js';
import { isDns1123Label, validatePathSegmentName } from '../../../../src/api/validation/names.js';
import type { ObjectMeta } from '../../../../src/api/types.js';

const create = (meta: ObjectMeta): string[] => validateObjectMeta(meta, { namespaced: false, nameFn: anyName }).map(errorString);

describe('object metadata on create', () => {
  const cases: Record<string, { meta: ObjectMeta; want: string[] }> = {
    'accepts a plain name': { meta: { name: 'a' }, want: [] },
    'expects generateName to have been turned into a name already': {
      meta: { generateName: 'csr-' }, want: ['metadata.name: Required value: name or generateName is required'],
    },
    'requires a name or generateName': { meta: {}, want: ['metadata.name: Required value: name or generateName is required'] },
    'forbids a namespace on a cluster-scoped object': { meta: { name: 'a', namespace: 'x' }, want: ['metadata.namespace: Forbidden: not allowed on this type'] },
    'refuses a negative generation': { meta: { name: 'a', generation: -1 }, want: ['metadata.generation: Invalid value: -1: must be greater than or equal to 0'] },
    'checks label keys and values': {
      meta: { name: 'a', labels: { 'bad key': 'ok', good: 'bad value' } },
      want: [
        "metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        "metadata.labels: Invalid value: \"bad value\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      ],
    },
    'accepts uppercase annotation keys': { meta: { name: 'a', annotations: { 'Example.com/Key': 'v' } }, want: [] },
    'limits annotations to 256 KiB': {
      meta: { name: 'a', annotations: { k: 'x'.repeat(256 * 1024) } }, want: ['metadata.annotations: Too long: may not be more than 262144 bytes'],
    },
    'refuses an unqualified non-standard finalizer': {
      meta: { name: 'a', finalizers: ['cleanup'] },
      want: ['metadata.finalizers[0]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified'],
    },
    'accepts standard and qualified finalizers': { meta: { name: 'a', finalizers: ['orphan', 'example.com/cleanup'] }, want: [] },
    'requires owner reference fields': {
      meta: { name: 'a', ownerReferences: [{ apiVersion: '', kind: '', name: '', uid: '' }] },
      want: [
        'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
        'metadata.ownerReferences.kind: Invalid value: "": kind must not be empty',
        'metadata.ownerReferences.name: Invalid value: "": name must not be empty',
        'metadata.ownerReferences.uid: Invalid value: "": uid must not be empty',
      ],
    },
    'checks managedFields operations': {
      meta: { name: 'a', managedFields: [{ manager: 'kubectl', operation: 'Patch' }] },
      want: ['metadata.managedFields[0].operation: Invalid value: "Patch": must be `Apply` or `Update`'],
    },
  };
  for (const [name, tc] of Object.entries(cases)) test(name, () => assert.deepEqual(create(tc.meta), tc.want));
});

describe('generic name rules', () => {
  const cases: Record<string, { meta: ObjectMeta; want: string[] }> = {
    'refuses a dot': { meta: { name: '.' }, want: [`metadata.name: Invalid value: ".": may not be '.'`] },
    'refuses two dots': { meta: { name: '..' }, want: [`metadata.name: Invalid value: "..": may not be '..'`] },
    'refuses slash and percent together': {
      meta: { name: 'a/b%c' }, want: [`metadata.name: Invalid value: "a/b%c": may not contain '/'`, `metadata.name: Invalid value: "a/b%c": may not contain '%'`],
    },
    'checks only substrings of generateName': { meta: { name: 'a', generateName: '..' }, want: [] },
  };
  for (const [name, tc] of Object.entries(cases)) test(name, () => assert.deepEqual(validateCommonCreateMeta(tc.meta, false).map(errorString), tc.want));

  test('a prefix may not contain a slash', () => assert.deepEqual(validatePathSegmentName('a/', true), [`may not contain '/'`]));
  test('a label with dots says so', () => assert.deepEqual(isDns1123Label('a.b'), ['must not contain dots']));
});

describe('object metadata on update', () => {
  const old: ObjectMeta = { name: 'a', uid: 'u1', resourceVersion: '5', creationTimestamp: '2026-01-01T00:00:00Z', generation: 2 };
  const cases: Record<string, { meta: ObjectMeta; want: string[] }> = {
    'accepts unchanged metadata': { meta: { ...old }, want: [] },
    'refuses a changed uid': { meta: { ...old, uid: 'u2' }, want: ['metadata.uid: Invalid value: "u2": field is immutable'] },
    'prints a changed creation time as Go does': {
      meta: { ...old, creationTimestamp: '2026-02-01T00:00:00Z' },
      want: ['metadata.creationTimestamp: Invalid value: 2026-02-01 00:00:00 +0000 UTC: field is immutable'],
    },
    'treats equal instants as unchanged': { meta: { ...old, creationTimestamp: '2026-01-01T00:00:00+00:00' }, want: [] },
    'refuses a lower generation': { meta: { ...old, generation: 1 }, want: ['metadata.generation: Invalid value: 1: must not be decremented'] },
  };
  for (const [name, tc] of Object.entries(cases)) test(name, () => assert.deepEqual(validateObjectMetaUpdate(tc.meta, old).map(errorString), tc.want));

  test('forbids new finalizers while deleting', () => {
    const deleting = { ...old, deletionTimestamp: '2026-01-02T00:00:00Z', finalizers: ['a.io/x'] };
    assert.deepEqual(validateObjectMetaUpdate({ ...deleting, finalizers: ['a.io/x', 'b.io/y'] }, deleting).map(errorString), [
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b.io/y"}',
    ]);
  });
  test('runs the generic create checks before the update checks', () => {
    assert.deepEqual(validateCommonUpdateMeta({ ...old, name: '..' }, old, false).map(errorString), [
      `metadata.name: Invalid value: "..": may not be '..'`,
      'metadata.name: Invalid value: "..": field is immutable',
    ]);
  });
});
