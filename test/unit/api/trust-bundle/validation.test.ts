import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateClusterTrustBundle, validateClusterTrustBundleUpdate, type ClusterTrustBundle } from '../../../../src/api/trust-bundle/validation.js';
import { aggregateMessage } from '../../../../src/api/field-error.js';
import { selfSign, Issuer, randomSerial } from '../../../../src/pki/issuer.js';
import { initCaTemplate } from '../../../../src/pki/cfssl/profile.js';
import { createCsr, parseCsr } from '../../../../src/pki/csr.js';
import { generateKeyPair } from '../../../../src/pki/keys.js';
import { buildName } from '../../../../src/pki/name.js';
import { encodePem } from '../../../../src/pki/pem.js';

const key = generateKeyPair('ecdsa-p256').privateKey;
const csr = parseCsr(createCsr({ subject: buildName({ CN: 'ca' }).raw, privateKey: key }));
const ca = selfSign(initCaTemplate(csr.subject.raw, csr.publicKey.raw, [], undefined, new Date()), key);
const caPem = encodePem('CERTIFICATE', ca.raw);
const leafPem = encodePem('CERTIFICATE', new Issuer(ca, key).issue({
  serialNumber: randomSerial(), subject: buildName({ CN: 'leaf' }).raw, publicKeyInfo: csr.publicKey.raw,
  notBefore: new Date(), notAfter: new Date(Date.now() + 3600e3), keyUsage: 0, extKeyUsage: [], basicConstraints: { ca: false },
}));

const bundle = (name: string, trustBundle: string, signerName?: string): ClusterTrustBundle => ({ metadata: { name }, spec: { signerName, trustBundle } });
const msg = (b: ClusterTrustBundle) => aggregateMessage(validateClusterTrustBundle(b));

const cases: Record<string, [ClusterTrustBundle, string | RegExp]> = {
  'a bundle for a signer with the right prefix': [bundle('example.com:foo:abc', caPem, 'example.com/foo'), ''],
  'a bundle without a signer': [bundle('plain', caPem), ''],
  'a signer bundle without the prefix': [bundle('abc', caPem, 'example.com/foo'), /ClusterTrustBundle for signerName example.com\/foo must be named with prefix example.com:foo:/],
  'a bundle without a signer whose name has a colon': [bundle('a:b', caPem), /ClusterTrustBundle without signer name must not have ":" in its name/],
  'a leaf certificate': [bundle('plain', leafPem), /entry 0 does not have the CA bit set/],
  'a key instead of a certificate': [bundle('plain', encodePem('PRIVATE KEY', Buffer.from('x'))), /entry 0 has bad block type: PRIVATE KEY/],
  'the same CA twice': [bundle('plain', caPem + caPem), /duplicate trust anchor \(indices \[0 1\]\)/],
  'no certificate at all': [bundle('plain', 'hello'), /at least one trust anchor must be provided/],
};
for (const [name, [b, want]] of Object.entries(cases)) {
  test(`trust bundle validation: ${name}`, () => {
    if (want === '') assert.deepEqual(validateClusterTrustBundle(b), []);
    else assert.match(msg(b), want as RegExp);
  });
}

test('the signer name of a bundle is immutable', () => {
  const old = { ...bundle('example.com:foo:abc', caPem, 'example.com/foo'), metadata: { name: 'example.com:foo:abc', resourceVersion: '2' } };
  const next = { ...bundle('example.com:foo:abc', caPem, 'example.com/bar'), metadata: { name: 'example.com:foo:abc', resourceVersion: '2' } };
  assert.match(aggregateMessage(validateClusterTrustBundleUpdate(next, old)), /spec.signerName: Invalid value: "example.com\/bar": field is immutable/);
});
