import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { decodeYaml, parseYaml } from '../../../../src/api/serialize/yaml.js';
import { DecodeError } from '../../../../src/api/serialize/fields.js';
import { csrShape } from '../../../../src/api/serialize/shapes.js';
import type { CertificateSigningRequest } from '../../../../src/api/types.js';

const csrYaml = `apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: myuser
  creationTimestamp: 2026-01-01T00:00:00Z
spec:
  request: aGk=
  signerName: kubernetes.io/kube-apiserver-client
  expirationSeconds: 86400
  usages:
  - client auth
`;

describe('YAML decoding', () => {
  test('yields the same object a JSON body would', () => {
    const { object } = decodeYaml<CertificateSigningRequest>(csrYaml, csrShape);
    assert.deepEqual(object, {
      apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest',
      metadata: { name: 'myuser', creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: { request: 'aGk=', signerName: 'kubernetes.io/kube-apiserver-client', expirationSeconds: 86400, usages: ['client auth'] },
    });
  });
  test('reports unknown fields like JSON', () => {
    assert.throws(() => decodeYaml(`${csrYaml}  foo: 1\n`, csrShape), { message: 'strict decoding error: unknown field "spec.foo"' });
  });
  test('reports duplicate keys with their line', () => {
    const text = 'metadata:\n  name: a\n  name: b\n';
    assert.throws(() => decodeYaml(text, csrShape), (e: unknown) => e instanceof DecodeError && e.strict &&
      e.message === 'strict decoding error: error converting YAML to JSON: yaml: unmarshal errors:\n  line 3: key "name" already set in map');
  });
  test('names line and column of a syntax error', () => {
    assert.throws(() => decodeYaml('metadata:\n  name: [a, b\nspec: {}\n', csrShape), (e: unknown) =>
      e instanceof DecodeError && !e.strict && /^error converting YAML to JSON: yaml: line \d+, column \d+: /.test(e.message));
  });
  test('reads YAML 1.1 booleans as sigs.k8s.io/yaml does', () => assert.deepEqual(parseYaml('a: yes\nb: off\n').value, { a: true, b: false }));
  test('takes only the first document', () => assert.deepEqual(parseYaml('a: 1\n---\nb: 2\n').value, { a: 1 }));
  test('caps alias expansion', () => {
    const bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n';
    assert.throws(() => parseYaml(bomb, { maxAliasCount: 20 }), /yaml: /);
  });
  test('caps nesting before composing', () => {
    assert.throws(() => parseYaml('['.repeat(50000) + ']'.repeat(50000)), { message: 'yaml: exceeded max depth of 10000' });
  });
  test('caps nesting at a chosen depth', () => {
    assert.throws(() => parseYaml('a:\n  b:\n    c: 1\n', { maxDepth: 2 }), { message: 'yaml: exceeded max depth of 2' });
  });
});
