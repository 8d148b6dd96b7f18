// AuthorityKeyIdentifier (RFC 5280 §4.2.1.1): we write and read only the keyIdentifier [0].

import { DerReader } from '../der/reader.js';
import { Tag } from '../der/tags.js';
import { sequence, tlv } from '../der/writer.js';

/** Parses the extension value; returns the keyIdentifier if present. */
export function readAuthorityKeyIdentifier(reader: DerReader): Uint8Array | undefined {
  const seq = reader.enter(Tag.Sequence, 'authorityKeyIdentifier');
  let keyId: Uint8Array | undefined;
  while (seq.hasMore()) {
    const field = seq.read();
    if (field.tag === 0x80) keyId = seq.content(field);
  }
  return keyId;
}

/** Encodes the extension value with only the keyIdentifier, as Go does. */
export function encodeAuthorityKeyIdentifier(keyId: Uint8Array): Uint8Array {
  return sequence(tlv(0x80, keyId));
}
