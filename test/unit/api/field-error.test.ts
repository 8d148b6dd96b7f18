import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  aggregateMessage, duplicate, errorBody, errorString, forbidden, goBytes, goQuote, internalError, invalid, notFound,
  notSupported, required, tooLong, tooMany, type FieldError,
} from '../../../src/api/field-error.js';

describe('field error rendering', () => {
  const cases: Record<string, { err: FieldError; want: string }> = {
    'prints a required value without its value': { err: required('spec.usages'), want: 'spec.usages: Required value' },
    'appends the detail of a required value': {
      err: required('metadata.name', 'name or generateName is required'),
      want: 'metadata.name: Required value: name or generateName is required',
    },
    'quotes an invalid string value': {
      err: invalid('spec.signerName', 'kubernetes.io/legacy-unknown', 'the legacy signerName is not allowed via this API version'),
      want: 'spec.signerName: Invalid value: "kubernetes.io/legacy-unknown": the legacy signerName is not allowed via this API version',
    },
    'prints an invalid integer bare': {
      err: invalid('spec.expirationSeconds', 599, 'may not specify a duration less than 600 seconds (10 minutes)'),
      want: 'spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 600 seconds (10 minutes)',
    },
    'prints a byte slice in Go %#v form': {
      err: invalid('spec.request', { bytes: Uint8Array.of(0x2d, 0x0a) }, 'PEM block type must be CERTIFICATE REQUEST'),
      want: 'spec.request: Invalid value: []byte{0x2d, 0x0a}: PEM block type must be CERTIFICATE REQUEST',
    },
    'prints a nil byte slice as []byte(nil)': {
      err: invalid('spec.request', { bytes: null }, 'x'),
      want: 'spec.request: Invalid value: []byte(nil): x',
    },
    'lists supported values quoted': {
      err: notSupported('status.conditions[0].status', 'False', ['True']),
      want: 'status.conditions[0].status: Unsupported value: "False": supported values: "True"',
    },
    'prints a duplicate with its value': { err: duplicate('spec.usages[1]', 'client auth'), want: 'spec.usages[1]: Duplicate value: "client auth"' },
    'prints forbidden without a value': {
      err: forbidden('status.certificate', 'updates may not set certificate content'),
      want: 'status.certificate: Forbidden: updates may not set certificate content',
    },
    'words too long in bytes, without the value': { err: tooLong('spec.signerName', 571), want: 'spec.signerName: Too long: may not be more than 571 bytes' },
    'prints the count of too many': { err: tooMany('spec.groups', 5, 3), want: 'spec.groups: Too many: 5: must have at most 3 items' },
    'omits a negative count of too many': { err: tooMany('spec.groups', -1, 3), want: 'spec.groups: Too many: must have at most 3 items' },
    'prints an internal error without a value': { err: internalError('spec', 'boom'), want: 'spec: Internal error: boom' },
    'prints null for a null value': { err: notFound('x', null), want: 'x: Not found: null' },
  };
  for (const [name, tc] of Object.entries(cases)) test(name, () => assert.equal(errorString(tc.err), tc.want));

  test('the body leaves out the field path', () => {
    assert.equal(errorBody(required('spec.usages')), 'Required value');
  });
});

describe('goQuote', () => {
  const cases: Record<string, [string, string]> = {
    'keeps printable ASCII': ['abc', '"abc"'],
    'escapes quotes and backslashes': ['a"b\\c', '"a\\"b\\\\c"'],
    'uses short escapes for newline and tab': ['a\nb\tc', '"a\\nb\\tc"'],
    'uses \\x for other control characters': ['\x01\x7f', '"\\x01\\x7f"'],
    'keeps printable non-ASCII': ['héllo ✓', '"héllo ✓"'],
    'uses \\u for invisible format characters': ['\u200b', '"\\u200b"'],
  };
  for (const [name, [input, want]] of Object.entries(cases)) test(name, () => assert.equal(goQuote(input), want));

  test('renders an empty byte slice as []byte{}', () => assert.equal(goBytes(new Uint8Array()), '[]byte{}'));
});

describe('aggregateMessage', () => {
  test('prints a single error bare', () => {
    assert.equal(aggregateMessage([required('spec.usages')]), 'spec.usages: Required value');
  });
  test('brackets several errors', () => {
    assert.equal(aggregateMessage([required('a'), required('b')]), '[a: Required value, b: Required value]');
  });
  test('drops errors with identical text', () => {
    assert.equal(aggregateMessage([required('a'), required('a')]), 'a: Required value');
  });
  test('is empty for no errors', () => assert.equal(aggregateMessage([]), ''));
});
