// Real CSRs and certificates for the API-layer tests, made with signet's own PKI layer.

import { createCsr } from '../../../src/pki/csr.js';
import { generateKeyPair, publicKeyInfoOf, type KeyType } from '../../../src/pki/keys.js';
import { buildName, type SubjectFields } from '../../../src/pki/name.js';
import { encodePem } from '../../../src/pki/pem.js';
import { selfSign } from '../../../src/pki/issuer.js';
import type { SubjectAltNames } from '../../../src/pki/general-name.js';
import type { CertificateSigningRequest } from '../../../src/api/certificates/types.js';

const keys = new Map<KeyType, ReturnType<typeof generateKeyPair>>();

/** One cached key pair per type, so tests stay fast. */
export function keyOf(type: KeyType = 'ecdsa-p256'): ReturnType<typeof generateKeyPair> {
  let k = keys.get(type);
  if (!k) {
    k = generateKeyPair(type);
    keys.set(type, k);
  }
  return k;
}

/** A PEM CERTIFICATE REQUEST. */
export function csrPem(subject: SubjectFields = { CN: 'myuser', O: ['devs'] }, opts: { type?: KeyType; sans?: SubjectAltNames } = {}): string {
  const der = createCsr({ subject: buildName(subject).raw, privateKey: keyOf(opts.type).privateKey, sans: opts.sans });
  return encodePem('CERTIFICATE REQUEST', der);
}

/** Base64 of text, as `spec.request` / `status.certificate` carry it. */
export function b64(text: string | Uint8Array): string {
  return Buffer.from(text).toString('base64');
}

/** A self-signed certificate in PEM. */
export function certPem(cn = 'issued', opts: { serial?: Uint8Array; O?: string[]; notBefore?: Date; notAfter?: Date } = {}): string {
  const { privateKey } = keyOf('ecdsa-p256');
  const cert = selfSign(
    {
      serialNumber: opts.serial ?? Uint8Array.of(1),
      subject: buildName({ CN: cn, ...(opts.O ? { O: opts.O } : {}) }).raw,
      publicKeyInfo: publicKeyInfoOf(privateKey),
      notBefore: opts.notBefore ?? new Date('2026-01-01T00:00:00Z'),
      notAfter: opts.notAfter ?? new Date('2027-01-01T00:00:00Z'),
      keyUsage: 0,
      extKeyUsage: [],
    },
    privateKey,
  );
  return encodePem('CERTIFICATE', cert.raw);
}

/** A valid v1 CSR object. */
export function validCsr(overrides: Partial<CertificateSigningRequest['spec']> = {}): CertificateSigningRequest {
  return {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name: 'myuser', resourceVersion: '1', uid: 'u-1', creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: {
      request: b64(csrPem()),
      signerName: 'kubernetes.io/kube-apiserver-client',
      usages: ['client auth'],
      username: 'alice',
      ...overrides,
    },
    status: {},
  };
}
