import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJson, defaultMaxDepth, parseJson } from '../../../../src/api/serialize/json.js';
import { DecodeError } from '../../../../src/api/serialize/fields.js';
import { csrShape } from '../../../../src/api/certificates/shape.js';
import type { CertificateSigningRequest } from '../../../../src/api/certificates/types.js';

const body = (spec: string, extra = ''): string =>
  `{"apiVersion":"certificates.k8s.io/v1","kind":"CertificateSigningRequest","metadata":{"name":"myuser"${extra}},"spec":${spec}}`;

describe('JSON syntax errors use Go wording', () => {
  const cases: Record<string, [string, string]> = {
    'an unfinished object': ['{', 'unexpected end of JSON input'],
    'a missing colon': ['{"a" 1}', "invalid character '1' after object key"],
    'a trailing comma in an array': ['[1,]', "invalid character ']' looking for beginning of value"],
    'a trailing comma in an object': ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    'a missing comma in an object': ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
    'a missing comma in an array': ['[1 2]', "invalid character '2' after array element"],
    'text after the value': ['{} x', "invalid character 'x' after top-level value"],
    'a misspelt literal': ['trux', "invalid character 'x' in literal true (expecting 'e')"],
    'a control character in a string': ['"a\u0001"', "invalid character '\\x01' in string literal"],
    'a bad escape': ['"\\q"', "invalid character 'q' in string escape code"],
    'a bad unicode escape': ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
    'a lone minus': ['-a', "invalid character 'a' in numeric literal"],
    'a dot without digits': ['1.x', "invalid character 'x' after decimal point in numeric literal"],
    'an empty body': ['', 'unexpected end of JSON input'],
    'a single quote': ["{'a':1}", "invalid character '\\'' looking for beginning of object key string"],
  };
  for (const [name, [input, msg]] of Object.entries(cases)) test(`reports ${name}`, () => assert.throws(() => parseJson(input), { message: msg }));
});

describe('JSON parsing', () => {
  test('parses what JSON.parse parses', () => {
    const text = '{"a":[1,-2.5e3,true,false,null,"x\\n\\u00e9"],"b":{"c":{}}}';
    assert.deepEqual(parseJson(text).value, JSON.parse(text));
  });
  test('stops at the depth cap without exhausting the stack', () => {
    assert.throws(() => parseJson('['.repeat(200000)), { message: "invalid character '[' exceeded max depth" });
  });
  test('accepts nesting up to the cap', () => {
    const n = defaultMaxDepth;
    assert.doesNotThrow(() => parseJson('['.repeat(n) + ']'.repeat(n)));
    assert.throws(() => parseJson('['.repeat(n + 1) + ']'.repeat(n + 1)), { message: "invalid character '[' exceeded max depth" });
  });
  test('keeps __proto__ as an ordinary key', () => {
    const v = parseJson('{"__proto__":{"polluted":true}}').value as Record<string, unknown>;
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.keys(v), ['__proto__']);
  });
  test('records duplicate keys with their path', () => {
    assert.deepEqual(parseJson('{"metadata":{"name":"a","name":"b"},"l":[{"x":1,"x":2}]}').duplicates, ['metadata.name', 'l[0].x']);
  });
});

describe('typed JSON decoding', () => {
  test('decodes a CSR and drops nulls', () => {
    const { object, warnings } = decodeJson<CertificateSigningRequest>(body('{"request":"aGk=","usages":["client auth"],"uid":null}'), csrShape);
    assert.deepEqual(object.spec, { request: 'aGk=', usages: ['client auth'] });
    assert.deepEqual(warnings, []);
  });
  const strict: Record<string, [string, string]> = {
    'an unknown spec field': [body('{"foo":1}'), 'strict decoding error: unknown field "spec.foo"'],
    'an unknown field inside a list item': [
      `{"metadata":{"name":"a"},"spec":{},"status":{"conditions":[{"type":"A","bar":1}]}}`,
      'strict decoding error: unknown field "status.conditions[0].bar"',
    ],
    'a duplicate field': [body('{}', ',"name":"b"'), 'strict decoding error: duplicate field "metadata.name"'],
    'several problems at once': [body('{"a":1,"b":2}'), 'strict decoding error: unknown field "spec.a", unknown field "spec.b"'],
  };
  for (const [name, [input, msg]] of Object.entries(strict)) {
    test(`refuses ${name} under Strict`, () => assert.throws(() => decodeJson(input, csrShape), (e: unknown) => e instanceof DecodeError && e.strict && e.message === msg));
  }
  test('turns strict problems into warnings under Warn', () => {
    const { object, warnings } = decodeJson<CertificateSigningRequest>(body('{"foo":1,"usages":["a"]}'), csrShape, { fieldValidation: 'Warn' });
    assert.deepEqual(warnings, ['unknown field "spec.foo"']);
    assert.deepEqual(object.spec, { usages: ['a'] });
  });
  test('drops strict problems silently under Ignore', () => {
    assert.deepEqual(decodeJson(body('{"foo":1}'), csrShape, { fieldValidation: 'Ignore' }).warnings, []);
  });
  const typeErrors: Record<string, [string, string]> = {
    'a string for an int32': ['{"expirationSeconds":"600"}', 'json: cannot unmarshal string into Go struct field CertificateSigningRequestSpec.spec.expirationSeconds of type int32'],
    'a fraction for an int32': ['{"expirationSeconds":1.5}', 'json: cannot unmarshal number 1.5 into Go struct field CertificateSigningRequestSpec.spec.expirationSeconds of type int32'],
    'a number written with a fraction': ['{"expirationSeconds":600.0}', 'json: cannot unmarshal number 600.0 into Go struct field CertificateSigningRequestSpec.spec.expirationSeconds of type int32'],
    'an int32 out of range': ['{"expirationSeconds":3000000000}', 'json: cannot unmarshal number 3000000000 into Go struct field CertificateSigningRequestSpec.spec.expirationSeconds of type int32'],
    'a string for a list': ['{"usages":"client auth"}', 'json: cannot unmarshal string into Go struct field CertificateSigningRequestSpec.spec.usages of type []v1.KeyUsage'],
    'a number for a usage': ['{"usages":[1]}', 'json: cannot unmarshal number into Go struct field CertificateSigningRequestSpec.spec.usages of type v1.KeyUsage'],
    'URL-safe base64': ['{"request":"a-_="}', 'illegal base64 data at input byte 1'],
    'unpadded base64': ['{"request":"aGk"}', 'illegal base64 data at input byte 0'],
  };
  for (const [name, [spec, msg]] of Object.entries(typeErrors)) {
    test(`refuses ${name}`, () => assert.throws(() => decodeJson(body(spec), csrShape), (e: unknown) => e instanceof DecodeError && !e.strict && e.message === msg));
  }
  test('refuses a malformed timestamp', () => {
    assert.throws(() => decodeJson(body('{}', ',"creationTimestamp":"yesterday"'), csrShape), {
      message: 'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
    });
  });
  test('refuses a body that is not an object', () => {
    assert.throws(() => decodeJson('[]', csrShape), { message: 'json: cannot unmarshal array into Go value of type v1.CertificateSigningRequest' });
  });
  test('reports syntax errors as non-strict decode errors', () => {
    assert.throws(() => decodeJson('{', csrShape), (e: unknown) => e instanceof DecodeError && !e.strict && e.message === 'unexpected end of JSON input');
  });
  test('keeps arbitrary managedFields content', () => {
    const { object } = decodeJson<CertificateSigningRequest>(body('{}', ',"managedFields":[{"manager":"m","fieldsV1":{"f:spec":{}}}]'), csrShape);
    assert.deepEqual(object.metadata.managedFields, [{ manager: 'm', fieldsV1: { 'f:spec': {} } }]);
  });
});

describe('typed JSON decoding of maps', () => {
  test('names the map field, not the key, in a type error', () => {
    assert.throws(() => decodeJson(body('{}', ',"labels":{"a":1}'), csrShape), {
      message: 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
    });
  });
});
