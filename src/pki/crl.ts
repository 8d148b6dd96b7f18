// X.509 v2 certificate revocation lists (RFC 5280 §5): the revoked serials of one CA, signed by it,
// with a CRL number and the CA's key identifier, as openssl and Go's x509.CreateRevocationList write them.

import type { KeyObject } from 'node:crypto';
import type { Certificate } from './certificate.js';
import { constructed, explicit, octetString, sequence, smallInteger, time, tlv, unsignedInteger, bitString } from './der/writer.js';
import { Oid } from './der/oid.js';
import { encodeExtension } from './extensions/extension.js';
import { encodeAuthorityKeyIdentifier } from './extensions/authority-key-identifier.js';
import { signatureAlgorithmFor, signWith } from './signature.js';

/** RFC 5280 §5.3.1 CRLReason codes by the names revocations use. */
export const crlReasonCodes: Readonly<Record<string, number>> = {
  unspecified: 0, keyCompromise: 1, cACompromise: 2, affiliationChanged: 3, superseded: 4, cessationOfOperation: 5, privilegeWithdrawn: 9,
};

/** One revoked certificate. */
export interface CrlEntry {
  /** The serial's INTEGER content octets. */
  readonly serialNumber: Uint8Array;
  readonly revokedAt: Date;
  /** A crlReasonCodes name; unspecified (or absent) writes no reasonCode, as RFC 5280 §5.3.1 asks. */
  readonly reason?: string;
}

/** What a CRL says. */
export interface CrlContents {
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
  /** The CRL number: larger for every newer CRL of the CA. */
  readonly number: bigint;
  readonly entries: readonly CrlEntry[];
}

/** An INTEGER of a non-negative bigint. */
function bigInteger(n: bigint): Uint8Array {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return unsignedInteger(Uint8Array.from(Buffer.from(hex, 'hex')));
}

function entry(e: CrlEntry): Uint8Array {
  const code = e.reason ? crlReasonCodes[e.reason] ?? 0 : 0;
  const parts = [unsignedInteger(e.serialNumber), time(e.revokedAt)];
  // reasonCode is an ENUMERATED (tag 10) in the extension's OCTET STRING.
  if (code !== 0) parts.push(sequence(encodeExtension(Oid.reasonCode, false, tlv(0x0a, Uint8Array.of(code)))));
  return sequence(...parts);
}

/** The CRL DER of `ca`, signed with its `key`. */
export function encodeCrl(ca: Certificate, key: KeyObject, crl: CrlContents): Uint8Array {
  const alg = signatureAlgorithmFor(key);
  const extensions = [
    ...(ca.subjectKeyId ? [encodeExtension(Oid.authorityKeyIdentifier, false, encodeAuthorityKeyIdentifier(ca.subjectKeyId))] : []),
    encodeExtension(Oid.cRLNumber, false, bigInteger(crl.number)),
  ];
  const tbs = sequence(
    smallInteger(1), // v2
    alg.der,
    ca.subject.raw,
    time(crl.thisUpdate),
    time(crl.nextUpdate),
    ...(crl.entries.length > 0 ? [sequence(...crl.entries.map(entry))] : []),
    explicit(0, sequence(...extensions)),
  );
  return constructed(0x30, [tbs, alg.der, bitString(signWith(alg, key, tbs))]);
}
