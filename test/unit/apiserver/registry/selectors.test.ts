import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFieldSelector, parseLabelSelector } from '../../../../src/apiserver/registry/selectors.js';
import { StatusError } from '../../../../src/api/errors.js';

const labels = { app: 'signet', tier: 'ca', 'example.com/team': 'devs' };

const labelCases: Record<string, [string, boolean]> = {
  equality: ['app=signet', true],
  'double equals': ['app==signet', true],
  inequality: ['app!=signet', false],
  'inequality of a missing key': ['zone!=a', true],
  'set membership': ['tier in (ca, web)', true],
  'set exclusion': ['tier notin (ca)', false],
  existence: ['example.com/team', true],
  'non-existence': ['!zone', true],
  conjunction: ['app=signet,tier=web', false],
};
for (const [name, [sel, want]] of Object.entries(labelCases)) {
  test(`label selector: ${name} (${sel})`, () => assert.equal(parseLabelSelector(sel).matches(labels), want));
}

test('an empty selector matches everything', () => {
  assert.equal(parseLabelSelector('').empty, true);
  assert.equal(parseLabelSelector(null).matches({}), true);
});

test('a malformed label selector is a 400', () => {
  assert.throws(() => parseLabelSelector('a=b=c=d in'), (e: unknown) => e instanceof StatusError && e.code === 400);
});

test('field selectors accept only supported fields', () => {
  const s = parseFieldSelector('metadata.name=myuser,spec.signerName!=x', ['metadata.name', 'spec.signerName']);
  assert.equal(s.matches({ 'metadata.name': 'myuser', 'spec.signerName': 'y' }), true);
  assert.equal(s.exactValue('metadata.name'), 'myuser');
  assert.throws(() => parseFieldSelector('spec.username=a', ['metadata.name']), (e: unknown) => e instanceof StatusError && e.message === '"spec.username" is not a known field selector: only "metadata.name", "metadata.namespace"');
  // A kind with field labels of its own (CSRs) refuses others as its conversion function does.
  assert.throws(() => parseFieldSelector('spec.username=a', ['metadata.name', 'spec.signerName']), (e: unknown) => e instanceof StatusError && e.message === 'field label not supported: spec.username');
});

test('field selector values are unescaped as fields.UnescapeValue does', () => {
  const s = parseFieldSelector('metadata.name=user\\=alice\\,x\\\\', ['metadata.name']);
  assert.equal(s.exactValue('metadata.name'), 'user=alice,x\\');
  assert.equal(s.matches({ 'metadata.name': 'user=alice,x\\' }), true);
  const refused = (text: string, message: string): void => {
    assert.throws(() => parseFieldSelector(text, ['metadata.name']), (e: unknown) => e instanceof StatusError && e.code === 400 && e.message === message);
  };
  refused('metadata.name=user=alice', 'invalid field selector: unescaped character in value: 61');
  refused('metadata.name=a\\b', 'invalid field selector: invalid escape sequence: \\b');
  refused('metadata.name=a\\', 'invalid field selector: invalid escape sequence: \\');
  refused('metadata.name', "invalid selector: 'metadata.name'; can't understand 'metadata.name'");
});
