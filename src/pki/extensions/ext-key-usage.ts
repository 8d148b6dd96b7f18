// ExtendedKeyUsage (RFC 5280 §4.2.1.12): a sequence of purpose OIDs.

import { DerReader } from '../der/reader.js';
import { sequence } from '../der/writer.js';
import { encodeOid } from '../der/oid.js';

/** Parses the extension value to the list of purpose OIDs. */
export function readExtKeyUsage(reader: DerReader): string[] {
  const seq = reader.enter(0x30, 'extKeyUsage');
  const out: string[] = [];
  while (seq.hasMore()) out.push(seq.readOid('key purpose'));
  return out;
}

/** Encodes purpose OIDs in the order given. */
export function encodeExtKeyUsage(oids: readonly string[]): Uint8Array {
  return sequence(...oids.map(encodeOid));
}
