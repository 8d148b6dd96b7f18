import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DerReader } from '../../../../src/pki/der/reader.js';
import { PkiError } from '../../../../src/pki/errors.js';
import { decodeOid, encodeOid } from '../../../../src/pki/der/oid.js';
import { bitString, sequence, smallInteger, time, unsignedInteger } from '../../../../src/pki/der/writer.js';

const hex = (s: string): Uint8Array => Buffer.from(s.replace(/\s+/g, ''), 'hex');

const rejects: Record<string, { input: string; read: (r: DerReader) => unknown; message: RegExp }> = {
  'rejects an indefinite length': { input: '30 80 00 00', read: (r) => r.read(), message: /indefinite length/ },
  'rejects a long-form length that fits the short form': { input: '04 81 05 0102030405', read: (r) => r.read(), message: /non-minimal length/ },
  'rejects a long-form length with a leading zero octet': { input: '04 82 0081' + '00'.repeat(129), read: (r) => r.read(), message: /non-minimal length/ },
  'rejects a length beyond the input': { input: '04 05 0102', read: (r) => r.read(), message: /claims 5 bytes but only 2 remain/ },
  'rejects a truncated length': { input: '04 82 01', read: (r) => r.read(), message: /truncated length/ },
  'rejects a huge length': { input: '04 85 0100000000', read: (r) => r.read(), message: /too large/ },
  'rejects the high-tag-number form': { input: '1f 81 00 00', read: (r) => r.read(), message: /high-tag-number/ },
  'rejects an empty input': { input: '', read: (r) => r.read(), message: /unexpected end/ },
  'rejects a non-minimal positive INTEGER': { input: '02 02 0001', read: (r) => r.readIntegerBytes('serial'), message: /serial: non-minimal INTEGER/ },
  'rejects a non-minimal negative INTEGER': { input: '02 02 ff80', read: (r) => r.readIntegerBytes('n'), message: /non-minimal INTEGER/ },
  'rejects an empty INTEGER': { input: '02 00', read: (r) => r.readIntegerBytes('n'), message: /empty INTEGER/ },
  'rejects a BOOLEAN that is not 00 or ff': { input: '01 01 01', read: (r) => r.readBoolean('critical'), message: /critical: BOOLEAN value 0x1 is not DER/ },
  'rejects a BIT STRING with more than 7 unused bits': { input: '03 02 08 00', read: (r) => r.readBitString('ku'), message: /8 unused bits/ },
  'rejects a BIT STRING with non-zero padding': { input: '03 02 01 01', read: (r) => r.readBitString('ku'), message: /padding bits are not zero/ },
  'rejects a UTCTime with seconds missing': { input: '17 0b 3236313132333132303030', read: (r) => r.readTime('notBefore'), message: /notBefore: UTCTime must be YYMMDDHHMMSSZ/ },
  'rejects a UTCTime with an impossible date': { input: '17 0d 323631333331313230303030 5a', read: (r) => r.readTime('notAfter'), message: /not a valid date/ },
  'rejects a non-minimal OID arc': { input: '06 03 2a 80 01', read: (r) => r.readOid('type'), message: /non-minimal OBJECT IDENTIFIER/ },
  'rejects a truncated OID': { input: '06 02 2a 86', read: (r) => r.readOid('type'), message: /truncated OBJECT IDENTIFIER/ },
  'rejects a wrong tag and names the field': { input: '04 00', read: (r) => r.expect(0x30, 'tbsCertificate'), message: /tbsCertificate: expected SEQUENCE, found OCTET STRING/ },
  'rejects trailing data inside a structure': {
    input: '30 04 05 00 05 00',
    read: (r) => {
      const inner = r.enter(0x30, 'outer');
      inner.readNull('first');
      inner.finish('outer');
    },
    message: /outer: 2 bytes of trailing data/,
  },
};

for (const [name, tc] of Object.entries(rejects)) {
  test(name, () => {
    assert.throws(() => tc.read(new DerReader(hex(tc.input))), (err: unknown) => {
      assert.ok(err instanceof PkiError, `expected PkiError, got ${err}`);
      assert.match(err.message, tc.message);
      return true;
    });
  });
}

test('reads nested structures as views without copying', () => {
  const der = sequence(smallInteger(5), bitString(Uint8Array.of(0xa0), 5));
  const r = new DerReader(der);
  const seq = r.enter(0x30, 'seq');
  assert.equal(seq.readSmallInt('n'), 5);
  const bits = seq.readBitString('bits');
  assert.deepEqual([...bits.bytes], [0xa0]);
  assert.equal(bits.unusedBits, 5);
  assert.equal(bits.bytes.buffer, der.buffer);
  seq.finish('seq');
});

test('encodes and decodes lengths on every boundary', () => {
  for (const n of [0, 1, 127, 128, 255, 256, 65535, 65536, 70000]) {
    const der = sequence(new Uint8Array(n));
    const tlv = new DerReader(der).read();
    assert.equal(tlv.end - tlv.contentStart, n, `length ${n}`);
    assert.equal(tlv.end, der.length);
  }
});

test('round-trips OIDs, including large arcs', () => {
  for (const oid of ['1.2.840.113549.1.1.11', '2.5.29.17', '0.9.2342.19200300.100.1.25', '2.999.3', '1.3.6.1.4.1.311.60.2.1.3', '2.25.329800735698586629295641978511506172918']) {
    const der = encodeOid(oid);
    assert.equal(decodeOid(der, 2, der.length, 'oid'), oid);
  }
});

test('refuses to encode something that is not an OID', () => {
  assert.throws(() => encodeOid('1.45.3'), PkiError);
  assert.throws(() => encodeOid('abc'), PkiError);
});

test('encodes INTEGERs minimally with a sign octet when needed', () => {
  assert.deepEqual([...unsignedInteger(Uint8Array.of(0, 0, 0x7f))], [2, 1, 0x7f]);
  assert.deepEqual([...unsignedInteger(Uint8Array.of(0x80))], [2, 2, 0, 0x80]);
  assert.deepEqual([...unsignedInteger(new Uint8Array(3))], [2, 1, 0]);
  assert.deepEqual([...smallInteger(256)], [2, 2, 1, 0]);
});

test('writes UTCTime until 2049 and GeneralizedTime from 2050', () => {
  const utc = time(new Date(Date.UTC(2049, 11, 31, 23, 59, 59)));
  assert.equal(utc[0], 0x17);
  assert.equal(Buffer.from(utc.subarray(2)).toString(), '491231235959Z');
  const gen = time(new Date(Date.UTC(2050, 0, 1, 0, 0, 0)));
  assert.equal(gen[0], 0x18);
  assert.equal(Buffer.from(gen.subarray(2)).toString(), '20500101000000Z');
  const back = new DerReader(gen).readTime('t');
  assert.equal(back.toISOString(), '2050-01-01T00:00:00.000Z');
  assert.equal(new DerReader(time(new Date(Date.UTC(1999, 0, 2, 3, 4, 5)))).readTime('t').toISOString(), '1999-01-02T03:04:05.000Z');
});
