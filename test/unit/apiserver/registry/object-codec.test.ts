import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeShared, encodeObject, rememberStoredForm, storedJson } from '../../../../src/apiserver/registry/object-codec.js';
import type { ApiObject } from '../../../../src/apiserver/registry/resource.js';

const object = (): ApiObject => ({
  metadata: { name: 'alice', uid: 'u-1', labels: { team: 'a"b' } },
  spec: { request: 'TUlJ', usages: ['client auth'] },
  status: {},
});

test('the stored form of a decoded object is its JSON with kind, apiVersion and resourceVersion', () => {
  const kv = { value: encodeObject(object()), modRevision: 42 };
  const obj = decodeShared(kv);
  const json = storedJson(obj, 'CertificateSigningRequest', 'certificates.k8s.io/v1');
  assert.ok(json?.startsWith('{"kind":"CertificateSigningRequest","apiVersion":"certificates.k8s.io/v1","metadata":{"resourceVersion":"42",'));
  assert.deepEqual(JSON.parse(json!), { kind: 'CertificateSigningRequest', apiVersion: 'certificates.k8s.io/v1', ...obj });
});

test('an object just written answers with the bytes it was stored as', () => {
  const obj = object();
  const value = encodeObject(obj);
  obj.metadata.resourceVersion = '7';
  rememberStoredForm(obj, { value, modRevision: 7 });
  assert.deepEqual(JSON.parse(storedJson(obj, 'K', 'v1')!), { kind: 'K', apiVersion: 'v1', ...obj });
});

test('no stored form when none is known or the resourceVersion moved on', () => {
  assert.equal(storedJson(object(), 'K', 'v1'), undefined);
  const obj = object();
  rememberStoredForm(obj, { value: encodeObject(obj), modRevision: 7 });
  obj.metadata.resourceVersion = '8';
  assert.equal(storedJson(obj, 'K', 'v1'), undefined);
});

test('an object with empty metadata keeps valid JSON', () => {
  const kv = { value: encodeObject({ metadata: {} }), modRevision: 3 };
  assert.deepEqual(JSON.parse(storedJson(decodeShared(kv), 'K', 'v1')!), { kind: 'K', apiVersion: 'v1', metadata: { resourceVersion: '3' } });
});
