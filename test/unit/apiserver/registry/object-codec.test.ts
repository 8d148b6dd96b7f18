import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeShared, encodeObject, rawListBody, rememberStoredForm, sameStoredContent, storedJson, writeObject } from '../../../../src/apiserver/registry/object-codec.js';
import type { ApiObject } from '../../../../src/apiserver/registry/resource.js';

const object = (): ApiObject => ({
  metadata: { name: 'alice', uid: 'u-1', labels: { team: 'a"b' } },
  spec: { request: 'TUlJ', usages: ['client auth'] },
  status: {},
});

test('the stored form of a decoded object is its JSON with kind, apiVersion and resourceVersion', () => {
  const kv = { key: '/k/a', value: encodeObject(object()), modRevision: 42 };
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
  const kv = { key: '/k/b', value: encodeObject({ metadata: {} }), modRevision: 3 };
  assert.deepEqual(JSON.parse(storedJson(decodeShared(kv), 'K', 'v1')!), { kind: 'K', apiVersion: 'v1', metadata: { resourceVersion: '3' } });
});

test('the record of a write shares the written object once, even when read after the write settled; other bytes are parsed', async () => {
  const written = object();
  const value = encodeObject(written);
  let other: unknown;
  const revision = await writeObject('/k/w', value, written, async () => {
    other = decodeShared({ key: '/k/w', value: encodeObject({ ...written, spec: {} }), modRevision: 8 });
    return 7;
  });
  assert.equal(revision, 7);
  assert.notEqual(other, written);
  assert.equal(written.metadata.resourceVersion, '7', 'the written object carries the revision it was stored at');
  assert.ok(storedJson(written, 'K', 'v1')?.includes('"resourceVersion":"7"'), 'and its stored bytes are remembered');
  const event = decodeShared({ key: '/k/w', value: Buffer.from(value), modRevision: 7 });
  assert.equal(event, written);
  assert.equal(written.metadata.resourceVersion, '7');
  const again = decodeShared({ key: '/k/w', value: Buffer.from(value), modRevision: 7 });
  assert.notEqual(again, written);
  assert.deepEqual(again, written);
});

test('a write that fails leaves nothing behind for later records of its key', async () => {
  const written = object();
  const value = encodeObject(written);
  await assert.rejects(writeObject('/k/f', value, written, async () => { throw new Error('refused'); }), /refused/);
  assert.notEqual(decodeShared({ key: '/k/f', value, modRevision: 9 }), written);
});

test('same stored content: equal as JSON, whatever the key order, resourceVersion, kind and apiVersion aside', () => {
  const a = object();
  assert.equal(sameStoredContent(a, { ...object(), kind: 'X', apiVersion: 'v9', metadata: { ...object().metadata, resourceVersion: '9' } }), true);
  assert.equal(sameStoredContent(a, { status: {}, spec: { usages: ['client auth'], request: 'TUlJ' }, metadata: { labels: { team: 'a"b' }, uid: 'u-1', name: 'alice' } }), true);
  assert.equal(sameStoredContent(a, { ...object(), status: { certificate: undefined } }), true, 'undefined is no property');
  assert.equal(sameStoredContent(a, { ...object(), status: { certificate: '' } }), false);
  assert.equal(sameStoredContent(a, { ...object(), spec: { request: 'TUlJ', usages: ['client auth', 'server auth'] } }), false);
  assert.equal(sameStoredContent(a, { ...object(), spec: { request: 'TUlJ', usages: ['server auth'] } }), false);
  assert.equal(sameStoredContent(a, { ...object(), metadata: { ...object().metadata, labels: { team: 'b' } } }), false);
  assert.equal(sameStoredContent(a, { ...object(), metadata: { ...object().metadata, labels: {} } }), false);
  assert.equal(sameStoredContent(a, { ...object(), spec: { ...(object()['spec'] as object), usages: { 0: 'client auth' } } }), false, 'a list is no map');
});

test('a raw List body splices each resourceVersion into the stored bytes and parses only what is not in the stored shape', () => {
  const kvs = [
    { value: encodeObject(object()), modRevision: 5 },
    { value: encodeObject({ metadata: {} }), modRevision: 6 },
    { value: Buffer.from('{"spec":{"a":"é"},"metadata":{"name":"odd"}}'), modRevision: 7 },
  ];
  const body = rawListBody('{"kind":"XList","items":[', kvs, ']}');
  assert.deepEqual(JSON.parse(body.toString('utf8')), {
    kind: 'XList',
    items: [
      { ...object(), metadata: { resourceVersion: '5', ...object().metadata } },
      { metadata: { resourceVersion: '6' } },
      { spec: { a: 'é' }, metadata: { name: 'odd', resourceVersion: '7' } },
    ],
  });
  assert.ok(body.toString('utf8').includes('{"metadata":{"resourceVersion":"5","name":"alice"'), 'resourceVersion first, as the stored bytes follow it');
  assert.equal(rawListBody('[', [], ']').toString(), '[]');
});
