import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { Issuer, randomSerial, selfSign } from '../../../src/pki/issuer.js';
import { checkIssuedBy, parseCertificate, serialDecimal } from '../../../src/pki/certificate.js';
import { createCsr, parseCsr } from '../../../src/pki/csr.js';
import { generateKeyPair, keyTypes, type KeyType } from '../../../src/pki/keys.js';
import { buildName, commonName } from '../../../src/pki/name.js';
import { encodePem } from '../../../src/pki/pem.js';
import { initCaTemplate } from '../../../src/pki/cfssl/profile.js';
import { resolveUsages, ExtKeyUsageOid } from '../../../src/pki/usages.js';
import { kubernetesValidity } from '../../../src/pki/validity.js';
import { KeyUsageBit } from '../../../src/pki/extensions/key-usage.js';
import { PkiError } from '../../../src/pki/errors.js';

const now = new Date('2026-11-23T12:00:00Z');

function makeCa(type: KeyType, name = `ca-${type}`) {
  const { privateKey } = generateKeyPair(type);
  const csr = parseCsr(createCsr({ subject: buildName({ CN: name, O: ['signet'] }).raw, privateKey }));
  const cert = selfSign(initCaTemplate(csr.subject.raw, csr.publicKey.raw, [], undefined, now), privateKey);
  return { cert, issuer: new Issuer(cert, privateKey), privateKey };
}

function leafRequest() {
  const { privateKey } = generateKeyPair('ecdsa-p256');
  return parseCsr(
    createCsr({
      subject: buildName({ CN: 'myuser', O: ['devs', 'ops'] }).raw,
      privateKey,
      sans: { dns: ['a.example'], emails: [], ips: ['127.0.0.1'], uris: [] },
    }),
  );
}

for (const type of keyTypes.filter((t) => t !== 'rsa-4096' && t !== 'rsa-3072')) {
  test(`issues a client certificate with a ${type} CA that node:crypto verifies`, () => {
    const ca = makeCa(type);
    const csr = leafRequest();
    const usages = resolveUsages(['client auth', 'digital signature', 'key encipherment', 'server auth']);
    const der = ca.issuer.issue({
      serialNumber: randomSerial(),
      subject: csr.subject.raw,
      publicKeyInfo: csr.publicKey.raw,
      ...kubernetesValidity(now, 365 * 86400e3, 86400, ca.cert.notAfter),
      keyUsage: usages.keyUsage,
      extKeyUsage: usages.extKeyUsage,
      basicConstraints: { ca: false },
      sans: csr.sans,
    });
    const cert = parseCertificate(der);
    assert.equal(checkIssuedBy(cert, ca.cert, now), undefined);
    assert.equal(commonName(cert.subject), 'myuser');
    assert.deepEqual(cert.extKeyUsage, [ExtKeyUsageOid.serverAuth, ExtKeyUsageOid.clientAuth]);
    assert.equal(cert.keyUsage, (1 << KeyUsageBit.digitalSignature) | (1 << KeyUsageBit.keyEncipherment));
    assert.deepEqual(cert.basicConstraints, { ca: false });
    assert.deepEqual(cert.authorityKeyId, ca.cert.subjectKeyId);
    assert.equal(cert.subjectKeyId, undefined);
    assert.equal(cert.notAfter.getTime() - cert.notBefore.getTime(), 86400e3);

    const x = new X509Certificate(encodePem('CERTIFICATE', der));
    const xca = new X509Certificate(encodePem('CERTIFICATE', ca.cert.raw));
    assert.ok(x.verify(xca.publicKey));
    assert.ok(x.checkIssued(xca));
    assert.equal(x.ca, false);
    assert.equal(xca.ca, true);
    assert.equal(x.subjectAltName, 'DNS:a.example, IP Address:127.0.0.1');
    assert.equal(BigInt('0x' + x.serialNumber).toString(), serialDecimal(cert.serialNumber));
    assert.equal(new Date(x.validFrom).getTime(), cert.notBefore.getTime());
  });
}

test('makes serials positive and at most 20 octets', () => {
  for (let i = 0; i < 200; i++) {
    const s = randomSerial();
    assert.ok(s.length <= 20);
    assert.equal(s[0]! & 0x80, 0);
  }
  assert.deepEqual([...randomSerial(() => new Uint8Array(20))].slice(-1), [1]);
});

test('refuses a CA key that does not belong to the CA certificate', () => {
  const ca = makeCa('ecdsa-p256');
  const other = generateKeyPair('ecdsa-p256').privateKey;
  assert.throws(() => new Issuer(ca.cert, other), (e: unknown) => e instanceof PkiError && /does not match/.test(e.message));
});

test('reports why a certificate does not chain to another CA', () => {
  const a = makeCa('ecdsa-p256');
  const b = makeCa('ecdsa-p256', 'other-ca');
  const impostor = makeCa('ecdsa-p256');
  const csr = leafRequest();
  const der = a.issuer.issue({
    serialNumber: randomSerial(), subject: csr.subject.raw, publicKeyInfo: csr.publicKey.raw,
    notBefore: now, notAfter: new Date(now.getTime() + 3600e3), keyUsage: 0, extKeyUsage: [],
  });
  const cert = parseCertificate(der);
  assert.match(checkIssuedBy(cert, b.cert) ?? '', /issuer name does not match/);
  assert.match(checkIssuedBy(cert, impostor.cert) ?? '', /signature does not verify/);
  assert.match(checkIssuedBy(cert, a.cert, new Date(now.getTime() + 7200e3)) ?? '', /expired/);
  assert.match(checkIssuedBy(cert, a.cert, new Date(now.getTime() - 60e3)) ?? '', /not yet valid/);
});

test('writes the SAN extension critical when the subject is empty', () => {
  const ca = makeCa('ecdsa-p256');
  const { privateKey } = generateKeyPair('ecdsa-p256');
  const csr = parseCsr(createCsr({ subject: buildName({}).raw, privateKey }));
  const cert = parseCertificate(ca.issuer.issue({
    serialNumber: randomSerial(), subject: csr.subject.raw, publicKeyInfo: csr.publicKey.raw,
    notBefore: now, notAfter: new Date(now.getTime() + 3600e3), keyUsage: 0, extKeyUsage: [],
    sans: { dns: ['only.example'], emails: [], ips: [], uris: [] },
  }));
  assert.equal(cert.extensions.find((e) => e.oid === '2.5.29.17')?.critical, true);
});
