import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { decodeYaml, parseYaml } from '../../../../src/api/serialize/yaml.js';
import { DecodeError } from '../../../../src/api/serialize/fields.js';
import { csrShape } from '../../../../src/api/certificates/shape.js';
import type { CertificateSigningRequest } from '../../../../src/api/certificates/types.js';

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
    assert.throws(() => parseYaml(bomb, { maxAliasedNodes: 20 }), { message: 'yaml: document contains excessive aliasing' });
  });
  test('caps nesting before composing', () => {
    assert.throws(() => parseYaml('['.repeat(50000) + ']'.repeat(50000)), { message: 'yaml: exceeded max depth of 1000' });
    assert.throws(() => parseYaml('a: ' + '['.repeat(10000) + ']'.repeat(10000)), { message: 'yaml: exceeded max depth of 1000' });
  });
  test('caps nesting at a chosen depth', () => {
    assert.throws(() => parseYaml('a:\n  b:\n    c: 1\n', { maxDepth: 2 }), { message: 'yaml: exceeded max depth of 2' });
  });
  test('refuses an alias that contains itself, instead of looping', () => {
    for (const text of ['a: &a [*a]', 'a: &a {b: *a}', 'a: &a\n  b: [1, {c: *a}]\n']) {
      assert.throws(() => parseYaml(text), { message: 'yaml: anchor value contains itself' }, text);
    }
  });
  test('copies an alias, so that changing one place leaves the other', () => {
    const { value } = parseYaml('a: &x {b: 1}\nc: *x\n') as { value: { a: { b: number }; c: { b: number } } };
    value.a.b = 2;
    assert.equal(value.c.b, 1);
  });
  test('refuses control characters as go-yaml does', () => {
    assert.throws(() => parseYaml('metadata:\n  name: a\u0000b\n'), { message: 'yaml: control characters are not allowed' });
  });
  test('resolves plain scalars as YAML 1.1 (go-yaml v2)', () => {
    assert.deepEqual(parseYaml('a: 0755\nb: 0x10\nc: 1_000\nd: 2026-01-01\ne: ~\nf: .inf\ng: "yes"\nh: 1.5\ni: 0b11\n').value,
      { a: 493, b: 16, c: 1000, d: '2026-01-01', e: null, f: Infinity, g: 'yes', h: 1.5, i: 3 });
  });
  test('merges << keys and reads !!binary as base64', () => {
    assert.deepEqual(parseYaml('base: &b {x: 1}\nc:\n  <<: *b\n  z: 2\nd: !!binary aGk=\n').value, { base: { x: 1 }, c: { x: 1, z: 2 }, d: 'aGk=' });
  });
  test('reads a body over 1 MiB only if it is JSON', () => {
    const items = Array.from({ length: 120_000 }, (_, i) => `k${i}`);
    assert.equal((parseYaml(JSON.stringify({ items })).value as { items: string[] }).items.length, 120_000);
    assert.throws(() => parseYaml(`items:\n${items.map((k) => `- ${k}`).join('\n')}\n`.repeat(1)), { message: /^yaml: a body over 1048576 bytes must be JSON: / });
  });
  test('reads a long list without exhausting the stack', () => {
    const text = `items:\n${Array.from({ length: 100_000 }, () => '- a').join('\n')}\n`;
    assert.equal((parseYaml(text).value as { items: string[] }).items.length, 100_000);
  });
  test('reads JSON duplicates with the YAML reader, which names their lines', () => {
    assert.deepEqual(parseYaml('{"a": 1,\n "a": 2}').duplicates, ['line 2: key "a" already set in map']);
  });
});
