import { test } from 'node:test';
import assert from 'node:assert/strict';
import { garbageReason } from '../../../../src/controllers/cleaner/garbage.js';
import type { CertificateSigningRequest, CertificateSigningRequestCondition } from '../../../../src/api/certificates/types.js';
import { Issuer, randomSerial, selfSign } from '../../../../src/pki/issuer.js';
import { initCaTemplate } from '../../../../src/pki/cfssl/profile.js';
import { createCsr, parseCsr } from '../../../../src/pki/csr.js';
import { generateKeyPair } from '../../../../src/pki/keys.js';
import { buildName } from '../../../../src/pki/name.js';
import { encodePem } from '../../../../src/pki/pem.js';

const now = new Date('2026-11-23T12:00:00Z');
const ago = (ms: number): string => new Date(now.getTime() - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const hour = 3_600_000;

const key = generateKeyPair('ecdsa-p256').privateKey;
const ca = selfSign(initCaTemplate(buildName({ CN: 'ca' }).raw, parseCsr(createCsr({ subject: buildName({ CN: 'ca' }).raw, privateKey: key })).publicKey.raw, [], undefined, new Date('2026-01-01T00:00:00Z')), key);
function certificate(notAfter: Date): string {
  const der = new Issuer(ca, key).issue({
    serialNumber: randomSerial(), subject: buildName({ CN: 'u' }).raw, publicKeyInfo: ca.publicKey.raw,
    notBefore: new Date(notAfter.getTime() - 3600e3), notAfter, keyUsage: 0, extKeyUsage: [],
  });
  return Buffer.from(encodePem('CERTIFICATE', der)).toString('base64');
}

function csr(created: string, conditions: Partial<CertificateSigningRequestCondition>[] = [], cert?: string): CertificateSigningRequest {
  return {
    metadata: { name: 'x', creationTimestamp: created },
    spec: { request: '', signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] },
    status: { conditions: conditions.map((c) => ({ status: 'True', ...c }) as CertificateSigningRequestCondition), ...(cert ? { certificate: cert } : {}) },
  };
}

const valid = certificate(new Date(now.getTime() + 10 * hour));
const cases: Record<string, [CertificateSigningRequest, string | undefined]> = {
  'an issued request approved over an hour ago': [csr(ago(2 * hour), [{ type: 'Approved', lastUpdateTime: ago(hour + 1000) }], valid), 'issued past deadline'],
  'an issued request approved just now': [csr(ago(2 * hour), [{ type: 'Approved', lastUpdateTime: ago(60_000) }], valid), undefined],
  'a request denied over an hour ago': [csr(ago(2 * hour), [{ type: 'Denied', lastUpdateTime: ago(hour + 1000) }]), 'denied past deadline'],
  'a request that failed over an hour ago': [csr(ago(2 * hour), [{ type: 'Approved', lastUpdateTime: ago(60_000) }, { type: 'Failed', lastUpdateTime: ago(hour + 1000) }]), 'failed past deadline'],
  'a pending request older than a day': [csr(ago(24 * hour + 1000)), 'pending past deadline'],
  'a pending request younger than a day': [csr(ago(23 * hour)), undefined],
  'an approved request whose certificate expired': [csr(ago(2 * hour), [{ type: 'Approved', lastUpdateTime: ago(60_000) }], certificate(new Date(now.getTime() - 1000))), 'issued and expired'],
  'an approved, unissued request (a custom signer that never signs)': [csr(ago(48 * hour), [{ type: 'Approved', lastUpdateTime: ago(47 * hour) }]), undefined],
  'a denied request with no lastUpdateTime': [csr(ago(48 * hour), [{ type: 'Denied' }]), undefined],
  'a request with only a custom condition': [csr(ago(48 * hour), [{ type: 'Reviewed', lastUpdateTime: ago(47 * hour) }]), undefined],
};
for (const [name, [c, want]] of Object.entries(cases)) {
  test(`the cleaner ${want ? 'deletes' : 'keeps'} ${name}`, () => assert.equal(garbageReason(c, now), want));
}
