import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCsr, parseCsr, parseCsrPem, verifyCsrSignature } from '../../../src/pki/csr.js';
import { generateKeyPair, keyTypes } from '../../../src/pki/keys.js';
import { buildName, commonName, encodeName, formatName, nameValues, NameAttr } from '../../../src/pki/name.js';
import { encodePem } from '../../../src/pki/pem.js';
import { PkiError } from '../../../src/pki/errors.js';
import { KeyUsageBit } from '../../../src/pki/extensions/key-usage.js';
import { ExtKeyUsageOid } from '../../../src/pki/usages.js';
import { bitString, constructed, sequence, setOf, tlv } from '../../../src/pki/der/writer.js';
import { encodeOid, Oid } from '../../../src/pki/der/oid.js';
import { encodeExtension } from '../../../src/pki/extensions/extension.js';
import { publicKeyInfoOf } from '../../../src/pki/keys.js';

const sans = { dns: ['node-1.example'], emails: ['ops@example.com'], ips: ['10.0.0.1', '2001:db8::1'], uris: ['spiffe://cluster/ns/a'] };

for (const type of keyTypes.filter((t) => t !== 'rsa-4096')) {
  test(`creates, parses and verifies a ${type} request`, () => {
    const { privateKey } = generateKeyPair(type);
    const der = createCsr({ subject: buildName({ CN: 'system:node:a', O: ['system:nodes'] }).raw, privateKey, sans });
    const csr = parseCsr(der);
    verifyCsrSignature(csr);
    assert.equal(commonName(csr.subject), 'system:node:a');
    assert.deepEqual(nameValues(csr.subject, NameAttr.O), ['system:nodes']);
    assert.deepEqual(csr.sans, sans);
    assert.equal(Buffer.compare(csr.raw, der), 0);
  });
}

test('keeps requested KeyUsage, ExtendedKeyUsage and BasicConstraints', () => {
  const { privateKey } = generateKeyPair('ecdsa-p256');
  const der = createCsr({
    subject: buildName({ CN: 'x' }).raw,
    privateKey,
    keyUsage: (1 << KeyUsageBit.digitalSignature) | (1 << KeyUsageBit.keyCertSign),
    extKeyUsage: [ExtKeyUsageOid.clientAuth],
    basicConstraints: { ca: true, pathLen: 1 },
  });
  const csr = parseCsr(der);
  assert.equal(csr.keyUsage, 0b100001);
  assert.deepEqual(csr.extKeyUsage, [ExtKeyUsageOid.clientAuth]);
  assert.deepEqual(csr.basicConstraints, { ca: true, pathLen: 1 });
});

test('parses a multi-valued RDN, DER-sorted, and prints it as openssl does', () => {
  const { privateKey } = generateKeyPair('ecdsa-p256');
  const subject = encodeName([[{ type: NameAttr.CN, value: 'jean.doe' }], [{ type: NameAttr.O, value: 'devs' }, { type: NameAttr.O, value: 'ops' }]]);
  const csr = parseCsr(createCsr({ subject: subject.raw, privateKey }));
  assert.deepEqual(nameValues(csr.subject, NameAttr.O).sort(), ['devs', 'ops']);
  assert.equal(csr.subject.rdns.length, 2);
  assert.equal(formatName(csr.subject), 'CN = jean.doe, O = ops + O = devs');
});

test('encodes non-printable subject values as UTF8String and reads them back', () => {
  const { privateKey } = generateKeyPair('ed25519');
  const csr = parseCsr(createCsr({ subject: buildName({ CN: 'José_ü*', O: ['東京'] }).raw, privateKey }));
  assert.equal(commonName(csr.subject), 'José_ü*');
  assert.deepEqual(nameValues(csr.subject, NameAttr.O), ['東京']);
  assert.equal(csr.subject.rdns[1]![0]!.tag, 0x0c);
});

test('detects a request whose signature was tampered with', () => {
  const { privateKey } = generateKeyPair('rsa-2048');
  const der = Buffer.from(createCsr({ subject: buildName({ CN: 'myuser' }).raw, privateKey }));
  der[der.length - 5] ^= 0x01;
  const csr = parseCsr(der);
  assert.throws(() => verifyCsrSignature(csr), (e: unknown) => e instanceof PkiError && e.kind === 'signature' && /does not verify/.test(e.message));
});

test('detects a request whose subject was changed after signing', () => {
  const { privateKey } = generateKeyPair('ecdsa-p256');
  const der = Buffer.from(createCsr({ subject: buildName({ CN: 'alice' }).raw, privateKey }));
  const at = der.indexOf(Buffer.from('alice'));
  der.write('mallo', at, 'latin1');
  assert.throws(() => verifyCsrSignature(parseCsr(der)), /does not verify/);
});

test('reads a request from PEM and rejects other PEM types by name', () => {
  const { privateKey } = generateKeyPair('ecdsa-p256');
  const der = createCsr({ subject: buildName({ CN: 'a' }).raw, privateKey });
  assert.equal(commonName(parseCsrPem(encodePem('CERTIFICATE REQUEST', der)).subject), 'a');
  assert.throws(() => parseCsrPem(encodePem('CERTIFICATE', der)), /expected PEM type "CERTIFICATE REQUEST" or "NEW CERTIFICATE REQUEST", found "CERTIFICATE"/);
  assert.throws(() => parseCsrPem('hello'), /no PEM data found/);
});

test('names the extension and the fault for a bad IP address SAN', () => {
  const { privateKey } = generateKeyPair('ecdsa-p256');
  const badSan = sequence(tlv(0x87, Uint8Array.of(10, 0, 0, 1, 9)));
  const info = sequence(
    Uint8Array.of(0x02, 0x01, 0x00),
    buildName({ CN: 'a' }).raw,
    publicKeyInfoOf(privateKey),
    constructed(0xa0, [sequence(encodeOid(Oid.extensionRequest), setOf([sequence(encodeExtension(Oid.subjectAltName, false, badSan))]))]),
  );
  const der = sequence(info, sequence(encodeOid(Oid.ecdsaWithSha256)), bitString(Uint8Array.of(0x30, 0)));
  assert.throws(() => parseCsr(der), (e: unknown) => e instanceof PkiError && e.message === 'csr: extensionRequest: subjectAltName: IP address of 5 bytes');
});
