// CertificateRevocations (certificates.signet.dev/v1alpha1): taking issued certificates back. A
// revocation names one selector, is resolved through the issued-certificate ledger when it is
// created, and is final: it cannot be changed, and stays until every certificate it revoked is
// 72 hours past its notAfter.

import type { ObjectMeta } from '../types.js';

/** RFC 5280 §5.3.1 reasons, as step-ca and Vault name them; certificateHold is left out: revocation is final. */
export const revocationReasons = ['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'privilegeWithdrawn'] as const;

export interface CertificateRevocationSpec {
  /** One certificate, by its serial in hex (as `openssl x509 -serial` prints it, any case). */
  readonly serialNumber?: string;
  /** Narrows serialNumber or username to one signer. */
  readonly signerName?: string;
  /** The certificate issued for this request, found through the ledger after the request is gone. */
  readonly certificateSigningRequestName?: string;
  /** Every unexpired certificate whose subject CN is this user. */
  readonly username?: string;
  readonly reason?: string;
}

/** A certificate a revocation took back. */
export interface RevokedCertificate {
  readonly serialNumber: string;
  readonly signerName: string;
  readonly notAfter: string;
}

export interface CertificateRevocationStatus {
  readonly revoked?: readonly RevokedCertificate[];
}

export interface CertificateRevocation {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: CertificateRevocationSpec;
  status?: CertificateRevocationStatus;
}

/** The latest notAfter (ms) of the certificates `r` revoked; -Infinity for none. */
export function lastNotAfter(r: CertificateRevocation): number {
  return Math.max(...(r.status?.revoked ?? []).map((c) => Date.parse(c.notAfter)));
}
