import { test } from 'node:test';
import assert from 'node:assert/strict';
import { issuedCertificates } from '../../../src/pki/issued-certificates.js';
import { checkCertificateChain } from '../../../src/api/certificates/request.js';
import { encodePem } from '../../../src/pki/pem.js';

// Not a certificate: a SEQUENCE holding one INTEGER. Only the memory can let it pass.
const notACertificate = (n: number): Uint8Array => new Uint8Array([0x30, 0x04, 0x02, 0x02, n >> 8, n & 0xff]);
const chain = (der: Uint8Array): Uint8Array => Buffer.from(encodePem('CERTIFICATE', der));

test('status validation takes a certificate this process issued without parsing it, once', () => {
  const der = notACertificate(1);
  assert.notEqual(checkCertificateChain(chain(der)), undefined, 'parsed and refused while not issued here');
  issuedCertificates.remember(der);
  assert.equal(checkCertificateChain(chain(der)), undefined, 'issued here: taken as it is');
  assert.notEqual(checkCertificateChain(chain(der)), undefined, 'written again: parsed again');
});

test('the oldest issued certificates give way beyond 1024, so a signer writing to another server stays bounded', () => {
  for (let i = 0; i < 1100; i++) issuedCertificates.remember(notACertificate(2000 + i));
  assert.equal(issuedCertificates.take(notACertificate(2000)), false);
  assert.equal(issuedCertificates.take(notACertificate(2000 + 1099)), true);
});
