import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonPatch, mergePatch, strategicMergePatch } from '../../../src/apiserver/patch.js';
import { StatusError } from '../../../src/api/errors.js';

const live = {
  metadata: { name: 'myuser', labels: { a: '1', b: '2' }, annotations: { x: 'y' }, finalizers: ['f1'], ownerReferences: [{ uid: 'u1', name: 'one' }] },
  spec: { usages: ['client auth', 'digital signature'], signerName: 'kubernetes.io/kube-apiserver-client' },
};

test('merge patch deletes nulls, merges objects and replaces lists', () => {
  const out = mergePatch(live, { metadata: { labels: { a: null, c: '3' } }, spec: { usages: ['client auth'] } }) as typeof live;
  assert.deepEqual(out.metadata.labels, { b: '2', c: '3' });
  assert.deepEqual(out.spec.usages, ['client auth']);
  assert.equal(out.spec.signerName, 'kubernetes.io/kube-apiserver-client');
  assert.deepEqual(live.metadata.labels, { a: '1', b: '2' }, 'input untouched');
});

test('strategic merge patch as kubectl apply sends it', () => {
  const out = strategicMergePatch(live, {
    metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}\n' }, labels: null },
    spec: { usages: ['digital signature', 'client auth'] },
  }) as Record<string, any>;
  assert.equal(out.metadata.labels, undefined);
  assert.equal(out.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'], '{}\n');
  assert.deepEqual(out.spec.usages, ['digital signature', 'client auth']);
});

test('strategic merge patch merges keyed and primitive merge lists and honours directives', () => {
  const out = strategicMergePatch(live, {
    metadata: {
      finalizers: ['f2'],
      ownerReferences: [{ uid: 'u1', name: 'renamed' }, { uid: 'u2', name: 'two' }],
      '$setElementOrder/finalizers': ['f1', 'f2'],
    },
  }) as Record<string, any>;
  assert.deepEqual(out.metadata.finalizers, ['f1', 'f2']);
  assert.deepEqual(out.metadata.ownerReferences, [{ uid: 'u1', name: 'renamed' }, { uid: 'u2', name: 'two' }]);
  assert.ok(!Object.keys(out.metadata).some((k) => k.startsWith('$')));
  const removed = strategicMergePatch(live, { metadata: { '$deleteFromPrimitiveList/finalizers': ['f1'] } }) as Record<string, any>;
  assert.deepEqual(removed.metadata.finalizers, []);
});

test('JSON patch applies operations in order', () => {
  const out = jsonPatch(live, [
    { op: 'add', path: '/metadata/labels/c', value: '3' },
    { op: 'remove', path: '/metadata/labels/a' },
    { op: 'replace', path: '/spec/usages/0', value: 'server auth' },
    { op: 'add', path: '/spec/usages/-', value: 'key encipherment' },
    { op: 'copy', from: '/metadata/name', path: '/metadata/annotations/copied' },
    { op: 'move', from: '/metadata/annotations/x', path: '/metadata/annotations/z' },
    { op: 'test', path: '/metadata/name', value: 'myuser' },
  ]) as Record<string, any>;
  assert.deepEqual(out.metadata.labels, { b: '2', c: '3' });
  assert.deepEqual(out.spec.usages, ['server auth', 'digital signature', 'key encipherment']);
  assert.deepEqual(out.metadata.annotations, { copied: 'myuser', z: 'y' });
});

// kube-apiserver: a document that does not decode as a patch is 400, an operation that does not
// apply is 422 with the generic message (NewGenericServerResponse).
const badPatches: Record<string, { patch: unknown; code: number }> = {
  'a failing test operation': { patch: [{ op: 'test', path: '/metadata/name', value: 'other' }], code: 422 },
  'a remove of a missing path': { patch: [{ op: 'remove', path: '/spec/nothing' }], code: 422 },
  'an unknown operation': { patch: [{ op: 'frobnicate', path: '/a' }], code: 422 },
  'an operation without a path': { patch: [{ op: 'add', value: 1 }], code: 422 },
  'a null operation': { patch: [null], code: 422 },
  'a patch that is not a list': { patch: { op: 'add' }, code: 400 },
  'a list holding a number': { patch: [1], code: 400 },
  'an index past the end': { patch: [{ op: 'add', path: '/spec/usages/9', value: 'x' }], code: 422 },
};
for (const [name, { patch, code }] of Object.entries(badPatches)) {
  test(`JSON patch rejects ${name} with a ${code} and changes nothing`, () => {
    const before = JSON.stringify(live);
    assert.throws(() => jsonPatch(live, patch), (e: unknown) => e instanceof StatusError && e.code === code);
    assert.equal(JSON.stringify(live), before);
  });
}
