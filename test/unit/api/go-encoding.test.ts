import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { decodeAllPemGo, decodeBase64Std, decodePemGo } from '../../../src/api/go-encoding.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

describe('Go base64', () => {
  const ok: Record<string, [string, string]> = {
    'decodes padded input': ['aGk=', 'hi'],
    'skips CR and LF anywhere': ['aG\r\nk=\n', 'hi'],
    'decodes the empty string': ['', ''],
  };
  for (const [name, [input, want]] of Object.entries(ok)) test(name, () => assert.equal(text(decodeBase64Std(input)), want));
  const bad: Record<string, [string, number]> = {
    'names the offset of an illegal character': ['aGk*', 3],
    'refuses the URL-safe alphabet': ['a-_=', 1],
    'refuses missing padding': ['aGk', 0],
    'refuses a lone padding character in place of two': ['aG=', 3],
    'refuses data after padding': ['aGk=aGk=', 4],
    'refuses a space': ['aG k', 2],
  };
  for (const [name, [input, offset]] of Object.entries(bad)) {
    test(name, () => assert.throws(() => decodeBase64Std(input), { message: `illegal base64 data at input byte ${offset}` }));
  }
});

describe('Go PEM', () => {
  const block = '-----BEGIN X-----\naGk=\n-----END X-----\n';
  test('finds a block after leading text', () => {
    const r = decodePemGo(bytes(`junk\n${block}tail`))!;
    assert.equal(r.block.type, 'X');
    assert.equal(text(r.block.bytes), 'hi');
    assert.equal(text(r.rest), 'tail');
  });
  test('skips a block whose END does not match and takes the next', () => {
    const r = decodePemGo(bytes(`-----BEGIN A-----\naGk=\n-----END B-----\n-----BEGIN C-----\naGk=\n-----END C-----\n`))!;
    assert.equal(r.block.type, 'C');
  });
  test('skips a block with bad base64', () => {
    assert.equal(decodePemGo(bytes('-----BEGIN A-----\n!!!!\n-----END A-----\n')), null);
  });
  test('reads headers', () => {
    const r = decodePemGo(bytes('-----BEGIN A-----\nProc-Type: 4,ENCRYPTED\n\naGk=\n-----END A-----\n'))!;
    assert.equal(r.block.headers.get('Proc-Type'), '4,ENCRYPTED');
  });
  test('allows an empty body', () => assert.equal(decodePemGo(bytes('-----BEGIN A-----\n-----END A-----\n'))!.block.bytes.length, 0));
  test('finds every block in turn', () => assert.deepEqual(decodeAllPemGo(bytes(block + 'x\n' + block)).map((b) => b.type), ['X', 'X']));
  test('accepts CRLF line ends', () => assert.equal(text(decodePemGo(bytes(block.replace(/\n/g, '\r\n')))!.block.bytes), 'hi'));
});
