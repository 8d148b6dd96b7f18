// CertificateTemplate -> TBSCertificate DER. A template is plain data: policy code (a signer,
// a cfssl profile) decides its fields; this file only encodes them, in Go's extension order.

import { PkiError } from './errors.js';
import { constructed, explicit, sequence, time, tlv, unsignedInteger } from './der/writer.js';
import { Oid } from './der/oid.js';
import { encodeExtension } from './extensions/extension.js';
import { encodeKeyUsage } from './extensions/key-usage.js';
import { encodeExtKeyUsage } from './extensions/ext-key-usage.js';
import { encodeBasicConstraints, type BasicConstraints } from './extensions/basic-constraints.js';
import { encodeSubjectKeyIdentifier } from './extensions/subject-key-identifier.js';
import { encodeAuthorityKeyIdentifier } from './extensions/authority-key-identifier.js';
import { encodeSubjectAltName } from './extensions/subject-alt-name.js';
import { hasAltNames, type SubjectAltNames } from './general-name.js';

/** Everything a certificate says about its subject. Issuer fields come from the Issuer. */
export interface CertificateTemplate {
  /** Unsigned magnitude; at most 20 octets (RFC 5280 §4.1.2.2). */
  readonly serialNumber: Uint8Array;
  /** Subject Name DER, reused as given (e.g. a request's raw subject). */
  readonly subject: Uint8Array;
  /** SubjectPublicKeyInfo DER, reused as given. */
  readonly publicKeyInfo: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** KeyUsage mask; 0 leaves the extension out. */
  readonly keyUsage: number;
  /** EKU OIDs in the order to write; empty leaves the extension out. */
  readonly extKeyUsage: readonly string[];
  /** Absent leaves the extension out. */
  readonly basicConstraints?: BasicConstraints;
  readonly sans?: SubjectAltNames;
  readonly subjectKeyId?: Uint8Array;
  /** URLs of the CRL that will list the certificate if it is revoked; absent or empty leaves the extension out. */
  readonly crlDistributionPoints?: readonly string[];
}

// [0] EXPLICIT INTEGER 2 (v3): constant.
const versionV3 = explicit(0, Uint8Array.of(0x02, 0x01, 0x02));

/** An empty Name: SEQUENCE {}. */
const emptyNameLength = 2;

/**
 * Encodes the TBSCertificate. `signatureAlgorithm` and `issuer` are DER that the Issuer
 * precomputes once; `authorityKeyIdExtension` likewise (or undefined for none).
 */
export function encodeTbsCertificate(
  t: CertificateTemplate,
  signatureAlgorithm: Uint8Array,
  issuer: Uint8Array,
  authorityKeyIdExtension: Uint8Array | undefined,
): Uint8Array {
  if (t.serialNumber.length === 0 || t.serialNumber.length > 20) {
    throw new PkiError('template', `serial number of ${t.serialNumber.length} octets (1 to 20 allowed)`);
  }
  if (!(t.notBefore.getTime() < t.notAfter.getTime())) {
    throw new PkiError('template', 'notAfter must be later than notBefore');
  }
  const exts: Uint8Array[] = [];
  if (t.keyUsage) exts.push(encodeExtension(Oid.keyUsage, true, encodeKeyUsage(t.keyUsage)));
  if (t.extKeyUsage.length > 0) exts.push(encodeExtension(Oid.extKeyUsage, false, encodeExtKeyUsage(t.extKeyUsage)));
  if (t.basicConstraints) exts.push(encodeExtension(Oid.basicConstraints, true, encodeBasicConstraints(t.basicConstraints)));
  if (t.subjectKeyId) exts.push(encodeExtension(Oid.subjectKeyIdentifier, false, encodeSubjectKeyIdentifier(t.subjectKeyId)));
  if (authorityKeyIdExtension) exts.push(authorityKeyIdExtension);
  if (t.sans && hasAltNames(t.sans)) {
    // RFC 5280 §4.2.1.6: the SAN extension is critical when the subject is empty.
    exts.push(encodeExtension(Oid.subjectAltName, t.subject.length === emptyNameLength, encodeSubjectAltName(t.sans)));
  }
  if (t.crlDistributionPoints && t.crlDistributionPoints.length > 0) {
    exts.push(encodeExtension(Oid.cRLDistributionPoints, false, encodeCrlDistributionPoints(t.crlDistributionPoints)));
  }
  const parts = [
    versionV3,
    unsignedInteger(t.serialNumber),
    signatureAlgorithm,
    issuer,
    sequence(time(t.notBefore), time(t.notAfter)),
    t.subject,
    t.publicKeyInfo,
  ];
  if (exts.length > 0) parts.push(explicit(3, constructed(0x30, exts)));
  return constructed(0x30, parts);
}

/** The authorityKeyIdentifier extension for an issuer's key id. */
export function authorityKeyIdExtension(keyId: Uint8Array): Uint8Array {
  return encodeExtension(Oid.authorityKeyIdentifier, false, encodeAuthorityKeyIdentifier(keyId));
}

/**
 * RFC 5280 §4.2.1.13: one DistributionPoint per URL, each a fullName of one
 * uniformResourceIdentifier ([0] { [0] { [6] IA5String } }), as Go writes them.
 */
function encodeCrlDistributionPoints(urls: readonly string[]): Uint8Array {
  return sequence(...urls.map((url) => sequence(constructed(0xa0, [constructed(0xa0, [tlv(0x86, new TextEncoder().encode(url))])]))));
}
