// A corpus of malformed inputs, one per failure mode, plus a property test over random and
// mutated DER: every one must end in a PkiError — never another exception, never a hang.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCsr, parseCsr, parseCsrPem, verifyCsrSignature } from '../../../src/pki/csr.js';
import { parseCertificate, parseCertificatePem } from '../../../src/pki/certificate.js';
import { Issuer, randomSerial, selfSign } from '../../../src/pki/issuer.js';
import { initCaTemplate } from '../../../src/pki/cfssl/profile.js';
import { decodePrivateKeyPem, generateKeyPair } from '../../../src/pki/keys.js';
import { buildName } from '../../../src/pki/name.js';
import { encodePem } from '../../../src/pki/pem.js';
import { PkiError } from '../../../src/pki/errors.js';

const now = new Date('2026-11-23T00:00:00Z');
const { privateKey } = generateKeyPair('ecdsa-p256');
const csrDer = Buffer.from(createCsr({
  subject: buildName({ CN: 'system:node:a', O: ['system:nodes'] }).raw,
  privateKey,
  sans: { dns: ['a.example'], emails: ['a@example.com'], ips: ['10.0.0.1'], uris: ['spiffe://x/y'] },
}));
const caKey = generateKeyPair('ecdsa-p256').privateKey;
const caCsr = parseCsr(createCsr({ subject: buildName({ CN: 'ca' }).raw, privateKey: caKey }));
const ca = selfSign(initCaTemplate(caCsr.subject.raw, caCsr.publicKey.raw, [], undefined, now), caKey);
const certDer = Buffer.from(new Issuer(ca, caKey).issue({
  serialNumber: randomSerial(), subject: caCsr.subject.raw, publicKeyInfo: caCsr.publicKey.raw,
  notBefore: now, notAfter: new Date(now.getTime() + 3600e3), keyUsage: 1, extKeyUsage: ['1.3.6.1.5.5.7.3.2'],
  basicConstraints: { ca: false }, sans: { dns: ['b.example'], emails: [], ips: ['::1'], uris: [] },
}));

function expectPkiError(fn: () => unknown, message?: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof PkiError, `expected PkiError, got ${(err as Error)?.constructor?.name}: ${(err as Error)?.message}`);
    if (message) assert.match(err.message, message);
    return true;
  });
}

const mutate = (der: Buffer, f: (b: Buffer) => Buffer): Buffer => f(Buffer.from(der));

const corpus: Record<string, { run: () => unknown; message: RegExp }> = {
  'a truncated request': { run: () => parseCsr(csrDer.subarray(0, csrDer.length - 10)), message: /^csr: .*claims \d+ bytes but only \d+ remain/ },
  'a request with trailing garbage': { run: () => parseCsr(Buffer.concat([csrDer, Buffer.from([0, 0])])), message: /^csr: CertificationRequest: 2 bytes of trailing data/ },
  'a request with an indefinite length': { run: () => parseCsr(mutate(csrDer, (b) => Buffer.concat([Buffer.from([0x30, 0x80]), b.subarray(csrDer[1]! & 0x80 ? 2 + (csrDer[1]! & 0x7f) : 2), Buffer.from([0, 0])]))), message: /indefinite length/ },
  'a request claiming a huge length': { run: () => parseCsr(Buffer.from([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x00])), message: /claims 2147483647 bytes/ },
  'a request of zero bytes': { run: () => parseCsr(Buffer.alloc(0)), message: /^csr: CertificationRequest: missing/ },
  'a certificate given as a request': { run: () => parseCsr(certDer), message: /^csr: / },
  'a request given as a certificate': { run: () => parseCertificate(csrDer), message: /^certificate: / },
  'a request with a wrong signature': { run: () => verifyCsrSignature(parseCsr(mutate(csrDer, (b) => { b[b.length - 3] ^= 0xff; return b; }))), message: /signature does not verify/ },
  'a certificate with trailing garbage': { run: () => parseCertificate(Buffer.concat([certDer, Buffer.from([5, 0])])), message: /trailing data/ },
  'a truncated certificate': { run: () => parseCertificate(certDer.subarray(0, 100)), message: /^certificate: / },
  'PEM with the wrong label': { run: () => parseCsrPem(encodePem('PUBLIC KEY', csrDer)), message: /found "PUBLIC KEY"/ },
  'PEM with a broken body': { run: () => parseCsrPem('-----BEGIN CERTIFICATE REQUEST-----\nMIIB*x==\n-----END CERTIFICATE REQUEST-----\n'), message: /not valid base64/ },
  'PEM without an end line': { run: () => parseCertificatePem('-----BEGIN CERTIFICATE-----\nMIIB\n'), message: /missing "-----END CERTIFICATE-----"/ },
  'PEM of an empty body': { run: () => parseCsrPem('-----BEGIN CERTIFICATE REQUEST-----\n-----END CERTIFICATE REQUEST-----\n'), message: /empty body/ },
  'text that is not PEM': { run: () => parseCertificatePem('just some text'), message: /no "CERTIFICATE" PEM block/ },
  'an encrypted private key': { run: () => decodePrivateKeyPem('-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n'), message: /encrypted private keys are not supported/ },
  'a private key with garbage inside': { run: () => decodePrivateKeyPem(encodePem('EC PRIVATE KEY', Buffer.from('garbage'))), message: /not a valid EC PRIVATE KEY/ },
};

for (const [name, tc] of Object.entries(corpus)) {
  test(`rejects ${name} with a typed error`, () => expectPkiError(tc.run, tc.message));
}

/** A small deterministic PRNG (mulberry32) so failures reproduce from the printed seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutateRandomly(input: Buffer, rand: () => number): Buffer {
  const out = Buffer.from(input);
  const edits = 1 + Math.floor(rand() * 4);
  let cur: Buffer = out;
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * cur.length);
    switch (Math.floor(rand() * 5)) {
      case 0: cur[at] = Math.floor(rand() * 256); break;
      case 1: cur[at] ^= 1 << Math.floor(rand() * 8); break;
      case 2: cur = cur.subarray(0, at); break;
      case 3: cur = Buffer.concat([cur.subarray(0, at), Buffer.from([Math.floor(rand() * 256)]), cur.subarray(at)]); break;
      default: cur = Buffer.concat([cur.subarray(0, at), cur.subarray(at + 1 + Math.floor(rand() * 8))]);
    }
  }
  return cur;
}

/** 'ok' or 'error' for a PkiError; anything else escaping `parse` fails the test. */
function outcome(parse: (b: Buffer) => unknown, input: Buffer): 'ok' | 'error' {
  try {
    parse(input);
    return 'ok';
  } catch (err) {
    if (err instanceof PkiError) return 'error';
    throw new Error(`non-PkiError for input ${input.toString('hex')}: ${(err as Error).stack}`);
  }
}

/** Parses, then verifies the signature of whatever parsed (a mutated tail may still parse). */
function parseCsrAny(b: Buffer): void {
  const csr = parseCsr(b);
  try {
    verifyCsrSignature(csr);
  } catch (err) {
    if (!(err instanceof PkiError)) throw err;
  }
}

test('mutated requests and certificates only ever fail with PkiError', () => {
  const seed = 20261123;
  const rand = prng(seed);
  let errors = 0;
  for (let i = 0; i < 4000; i++) {
    if (outcome(parseCsrAny, mutateRandomly(csrDer, rand)) === 'error') errors++;
    if (outcome((b) => parseCertificate(b), mutateRandomly(certDer, rand)) === 'error') errors++;
  }
  // Most mutations must be caught by the strict parser; a loose one would accept them.
  assert.ok(errors > 4000, `only ${errors} of 8000 mutations were rejected (seed ${seed})`);
});

test('random bytes only ever fail with PkiError', () => {
  const rand = prng(7);
  for (let i = 0; i < 3000; i++) {
    const len = Math.floor(rand() * 64);
    const bytes = Buffer.alloc(len);
    for (let j = 0; j < len; j++) bytes[j] = Math.floor(rand() * 256);
    if (len > 0 && rand() < 0.5) bytes[0] = 0x30;
    assert.equal(outcome(parseCsrAny, bytes), 'error');
    assert.equal(outcome((b) => parseCertificate(b), bytes), 'error');
  }
});
