import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEnvelope, decodeProtobuf as decodeWith, ProtobufError } from '../../../../src/api/serialize/protobuf.js';
import type { MessageShape } from '../../../../src/api/serialize/shape-kit.js';
import * as approvalPolicy from '../../../../src/api/approval-policy/shape.js';
import * as authentication from '../../../../src/api/authentication/shape.js';
import * as authorization from '../../../../src/api/authorization/shape.js';
import * as certificates from '../../../../src/api/certificates/shape.js';
import * as coordination from '../../../../src/api/coordination/shape.js';
import * as core from '../../../../src/api/core/shape.js';
import * as rbac from '../../../../src/api/rbac/shape.js';
import * as trustBundle from '../../../../src/api/trust-bundle/shape.js';

// The scheme of these tests: every kind shape the api layer defines, by kind; Pod has none.
const scheme = new Map([approvalPolicy, authentication, authorization, certificates, coordination, core, rbac, trustBundle]
  .flatMap((m) => Object.values(m as Record<string, MessageShape>)).map((s) => [s.go, s] as const));
const decodeProtobuf = (body: Uint8Array) => decodeWith(body, (kind) => scheme.get(kind));

// A minimal protobuf writer, enough to build the bodies kubectl sends.
function varint(n: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return out;
}
const bytesField = (num: number, payload: number[] | Uint8Array): number[] => [...varint((num << 3) | 2), ...varint(payload.length), ...payload];
const str = (num: number, s: string): number[] => bytesField(num, [...Buffer.from(s, 'utf8')]);
const int = (num: number, n: number): number[] => [...varint(num << 3), ...varint(n)];
const envelope = (apiVersion: string, kind: string, raw: number[]): Uint8Array =>
  Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...bytesField(1, [...str(1, apiVersion), ...str(2, kind)]), ...bytesField(2, raw), ...str(3, ''), ...str(4, '')]);
const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

describe('protobuf envelope', () => {
  test('decodes the captured `kubectl create namespace users` body', () => {
    const capture = hex(`6b387300 0a0f0a0276311209 4e616d657370616365
      121d 0a150a057573657273120 01a00220 02a003200380042 00 1200 1a020a00 1a002200`);
    assert.equal(capture.length, 56);
    assert.deepEqual(decodeProtobuf(capture).object, { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'users' }, spec: {}, status: {} });
  });
  test('refuses a body without the k8s prefix, in client-go words', () => {
    assert.throws(() => decodeEnvelope(Uint8Array.of(0x7b, 0x7d)), {
      message: 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    });
  });
  test('refuses a truncated message', () => {
    assert.throws(() => decodeProtobuf(envelope('v1', 'Namespace', [0x0a, 0x05, 0x0a])), (e: unknown) => e instanceof ProtobufError);
  });
  test('refuses a kind it has no shape for', () => {
    assert.throws(() => decodeProtobuf(envelope('v1', 'Pod', [])), { message: 'no kind "Pod" is registered for version "v1"' });
  });
});

describe('protobuf CSR', () => {
  const request = Buffer.from('-----BEGIN CERTIFICATE REQUEST-----\n');
  const time = (seconds: number): number[] => int(1, seconds);
  const condition = [
    ...str(1, 'Approved'), ...str(6, 'True'), ...str(2, 'KubectlApprove'), ...str(3, 'This CSR was approved by kubectl certificate approve.'),
    ...bytesField(4, time(1795391059)), ...bytesField(5, []),
  ];
  const metadata = [
    ...str(1, 'myuser'), ...str(2, ''), ...str(3, ''), ...str(4, ''), ...str(5, 'uid-1'), ...str(6, '42'), ...int(7, 0),
    ...bytesField(8, time(1795390000)), ...bytesField(11, [...str(1, 'team'), ...str(2, 'devs')]),
    ...bytesField(12, [...str(1, 'note'), ...str(2, '')]), ...str(14, 'example.com/f'),
    ...bytesField(17, [...str(1, 'kubectl'), ...str(2, 'Update'), ...bytesField(4, time(1795390000)), ...str(6, 'FieldsV1'), ...bytesField(7, str(1, '{"f:metadata":{}}'))]),
  ];
  const spec = [
    ...bytesField(1, request), ...str(2, 'myuser'), ...str(3, ''), ...str(4, 'devs'), ...str(4, 'system:authenticated'),
    ...str(5, 'client auth'), ...bytesField(6, [...str(1, 'scopes'), ...bytesField(2, [...str(1, 'a'), ...str(1, 'b')])]),
    ...str(7, 'kubernetes.io/kube-apiserver-client'), ...int(8, 86400), ...int(99, 7),
  ];
  const body = envelope('certificates.k8s.io/v1', 'CertificateSigningRequest', [
    ...bytesField(1, metadata), ...bytesField(2, spec), ...bytesField(3, [...bytesField(1, condition)]),
  ]);

  test('decodes the approval PUT into the JSON shape', () => {
    assert.deepEqual(decodeProtobuf(body).object, {
      kind: 'CertificateSigningRequest',
      apiVersion: 'certificates.k8s.io/v1',
      metadata: {
        name: 'myuser', uid: 'uid-1', resourceVersion: '42', creationTimestamp: '2026-11-22T23:26:40Z',
        labels: { team: 'devs' }, annotations: { note: '' }, finalizers: ['example.com/f'],
        managedFields: [{ manager: 'kubectl', operation: 'Update', time: '2026-11-22T23:26:40Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': {} } }],
      },
      spec: {
        request: request.toString('base64'), username: 'myuser', groups: ['devs', 'system:authenticated'], usages: ['client auth'],
        extra: { scopes: ['a', 'b'] }, signerName: 'kubernetes.io/kube-apiserver-client', expirationSeconds: 86400,
      },
      status: {
        conditions: [{
          type: 'Approved', status: 'True', reason: 'KubectlApprove', message: 'This CSR was approved by kubectl certificate approve.',
          lastUpdateTime: '2026-11-22T23:44:19Z',
        }],
      },
    });
  });
  test('decodes negative int64 values', () => {
    const out = decodeProtobuf(envelope('v1', 'Namespace', bytesField(1, [...str(1, 'n'), ...int(10, -5)]))).object;
    assert.deepEqual(out.metadata, { name: 'n', deletionGracePeriodSeconds: -5 });
  });
  test('rejects a field sent with the wrong wire type', () => {
    assert.throws(() => decodeProtobuf(envelope('v1', 'Namespace', bytesField(1, int(1, 3)))), { message: 'proto: wrong wireType = 0 for field name' });
  });
});

describe('protobuf typed commands', () => {
  test('decodes a SelfSubjectAccessReview from `kubectl auth can-i list pods`', () => {
    const attrs = [...str(1, 'default'), ...str(2, 'list'), ...str(3, ''), ...str(4, ''), ...str(5, 'pods'), ...str(6, ''), ...str(7, '')];
    const body = envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', [
      ...bytesField(1, []), ...bytesField(2, bytesField(1, attrs)), ...bytesField(3, [...int(1, 0), ...str(2, ''), ...str(3, '')]),
    ]);
    assert.deepEqual(decodeProtobuf(body).object, {
      kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: {},
      spec: { resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods' } }, status: {},
    });
  });
  test('keeps the empty core group in a role rule', () => {
    const rule = [...str(1, 'get'), ...str(2, ''), ...str(3, 'pods')];
    const body = envelope('rbac.authorization.k8s.io/v1', 'Role', [...bytesField(1, str(1, 'developer')), ...bytesField(2, rule)]);
    assert.deepEqual(decodeProtobuf(body).object.rules, [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]);
  });
  test('keeps a false automount flag, which is a pointer', () => {
    const body = envelope('v1', 'ServiceAccount', [...bytesField(1, str(1, 'sa')), ...int(4, 0)]);
    assert.equal(decodeProtobuf(body).object.automountServiceAccountToken, false);
  });
  test('decodes a TokenRequest with audiences and duration', () => {
    const body = envelope('authentication.k8s.io/v1', 'TokenRequest', [...bytesField(1, []), ...bytesField(2, [...str(1, 'https://example.com'), ...int(4, 600)])]);
    assert.deepEqual(decodeProtobuf(body).object.spec, { audiences: ['https://example.com'], expirationSeconds: 600 });
  });
});
