// The issued-certificate ledger: one IssuedCertificate (certificates.signet.dev/v1alpha1) per
// certificate a signer wrote into a CertificateSigningRequest, made by the API server in the same
// commit as that write and kept until 72 hours past the certificate's notAfter, whatever becomes
// of the request (the CSR cleaner removes issued requests after an hour).

import type { ObjectMeta } from '../types.js';

export const issuedCertificateGroup = 'certificates.signet.dev';
export const issuedCertificateVersion = 'v1alpha1';

/** How long an entry outlives its certificate (Vault's tidy safety buffer). */
export const ledgerRetentionMs = 72 * 3_600_000;

/** What was issued, to whom, by whom. */
export interface IssuedCertificateSpec {
  /** The serial number in lower-case hex, as the object is named. */
  readonly serialNumber: string;
  readonly signerName: string;
  /** The issuing CA's key identifier (the certificate's authorityKeyIdentifier) in lower-case hex, if it names one. */
  readonly issuerKeyId?: string;
  /** The subject's CN: the user a client certificate authenticates as. */
  readonly username: string;
  /** The subject's O values: the groups. */
  readonly groups?: readonly string[];
  readonly notBefore: string;
  readonly notAfter: string;
  /** The request the certificate was written into. */
  readonly certificateSigningRequest: { readonly name: string; readonly uid: string };
  /** Who made that request (its spec.username). */
  readonly requestor: string;
  /** The certificate's SHA-256 in hex: what the API server names a client certificate by (X509SHA256=...). */
  readonly sha256: string;
}

export interface IssuedCertificate {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: IssuedCertificateSpec;
}
