// The ledger entry for a certificate just written into a request's status.certificate.

import { certificateSha256, parseCertificate, serialHex, type Certificate } from '../../pki/certificate.js';
import { commonName, nameValues, NameAttr } from '../../pki/name.js';
import { decodeAllPemGo } from '../go-encoding.js';
import { wireBytes } from '../certificates/request.js';
import { formatTime } from '../meta.js';
import type { CertificateSigningRequest } from '../certificates/types.js';
import { issuedCertificateGroup, issuedCertificateVersion, type IssuedCertificate } from './types.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

/**
 * The IssuedCertificate for the first certificate of `csr`'s status.certificate (the issued one;
 * the rest is its chain), or undefined when it holds none that parses (validation refuses those
 * before this is asked, unless the stored object already carried them).
 */
export function ledgerEntry(csr: CertificateSigningRequest): IssuedCertificate | undefined {
  const first = decodeAllPemGo(wireBytes(csr.status?.certificate) ?? new Uint8Array())[0];
  if (!first) return undefined;
  let cert: Certificate;
  try {
    cert = parseCertificate(first.bytes);
  } catch {
    return undefined;
  }
  const serialNumber = serialHex(cert.serialNumber);
  const groups = nameValues(cert.subject, NameAttr.O);
  const issuerKeyId = cert.authorityKeyId && hex(cert.authorityKeyId);
  return {
    apiVersion: `${issuedCertificateGroup}/${issuedCertificateVersion}`,
    kind: 'IssuedCertificate',
    metadata: { name: serialNumber },
    spec: {
      serialNumber,
      signerName: csr.spec.signerName ?? '',
      ...(issuerKeyId ? { issuerKeyId } : {}),
      username: commonName(cert.subject),
      ...(groups.length > 0 ? { groups } : {}),
      notBefore: formatTime(cert.notBefore),
      notAfter: formatTime(cert.notAfter),
      certificateSigningRequest: { name: csr.metadata.name ?? '', uid: csr.metadata.uid ?? '' },
      requestor: csr.spec.username ?? '',
      sha256: certificateSha256(first.bytes),
    },
  };
}
