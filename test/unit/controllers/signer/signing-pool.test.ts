import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, X509Certificate } from 'node:crypto';
import { SigningPool } from '../../../../src/controllers/signer/signing-pool.js';
import { kubernetesTemplate } from '../../../../src/controllers/signer/kubernetes-template.js';
import { selfSign } from '../../../../src/pki/issuer.js';
import { initCaTemplate } from '../../../../src/pki/cfssl/profile.js';
import { createCsr, parseCsr } from '../../../../src/pki/csr.js';
import { encodePrivateKeyPem, generateKeyPair } from '../../../../src/pki/keys.js';
import { buildName } from '../../../../src/pki/name.js';
import { encodePem } from '../../../../src/pki/pem.js';

const now = new Date();
const caKey = generateKeyPair('ecdsa-p256').privateKey;
const caPublic = parseCsr(createCsr({ subject: buildName({ CN: 'pool-ca' }).raw, privateKey: caKey })).publicKey.raw;
const ca = selfSign(initCaTemplate(buildName({ CN: 'pool-ca' }).raw, caPublic, [], undefined, now), caKey);
const pool = new SigningPool(encodePem('CERTIFICATE', ca.raw), encodePrivateKeyPem(caKey), 2);
after(() => pool.close());

function request(tamper: boolean): Uint8Array {
  const der = Buffer.from(createCsr({ subject: buildName({ CN: 'pool-user' }).raw, privateKey: generateKeyPair('ecdsa-p256').privateKey }));
  if (tamper) der[der.indexOf(Buffer.from('pool-user'))] = 'P'.charCodeAt(0);
  return der;
}
const templateFor = (der: Uint8Array) => kubernetesTemplate(parseCsr(der), ['client auth'], 3600, 86_400_000, ca.notAfter, now, randomBytes);

test('a request whose signature verifies is signed on a thread, by the CA', async () => {
  const der = request(false);
  const cert = new X509Certificate(await pool.issueFor(der, templateFor(der)));
  assert.ok(cert.verify(new X509Certificate(ca.raw).publicKey));
  assert.match(cert.subject, /CN=pool-user/);
});

test('a request whose signature does not verify is refused with the in-tree signer\'s text', async () => {
  const der = request(true);
  await assert.rejects(pool.issueFor(der, templateFor(der)), /^Error: unable to verify certificate request signature: csr: signature does not verify/);
});

test('concurrent requests each get their own answer', async () => {
  const ders = Array.from({ length: 12 }, (_, i) => request(i % 3 === 0));
  const results = await Promise.allSettled(ders.map((d) => pool.issueFor(d, templateFor(d))));
  assert.deepEqual(results.map((r) => r.status), ders.map((_, i) => (i % 3 === 0 ? 'rejected' : 'fulfilled')));
});
