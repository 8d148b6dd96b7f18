// SubjectKeyIdentifier (RFC 5280 §4.2.1.2), computed as Go and cfssl compute it.

import { createHash } from 'node:crypto';
import { DerReader } from '../der/reader.js';
import { octetString } from '../der/writer.js';

/** Parses the extension value: the key identifier octets. */
export function readSubjectKeyIdentifier(reader: DerReader): Uint8Array {
  return reader.readOctetString('subjectKeyIdentifier');
}

/** Encodes the extension value. */
export function encodeSubjectKeyIdentifier(keyId: Uint8Array): Uint8Array {
  return octetString(keyId);
}

/**
 * RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING's value (no tag,
 * length or unused-bits octet). Go's crypto/x509 and cfssl both do exactly this.
 */
export function computeKeyId(subjectPublicKey: Uint8Array): Uint8Array {
  return createHash('sha1').update(subjectPublicKey).digest();
}
