// KeyUsage (RFC 5280 §4.2.1.3): a named bit string, bit 0 first.

import { DerReader } from '../der/reader.js';
import { bitString } from '../der/writer.js';

/** Bit positions, as RFC 5280 numbers them. */
export const KeyUsageBit = {
  digitalSignature: 0,
  contentCommitment: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
  encipherOnly: 7,
  decipherOnly: 8,
} as const;

export type KeyUsageName = keyof typeof KeyUsageBit;

/** Parses the extension value to a bit mask (bit n of the mask = RFC bit n). */
export function readKeyUsage(reader: DerReader): number {
  const { bytes } = reader.readBitString('keyUsage');
  let mask = 0;
  for (let bit = 0; bit < 9 && bit < bytes.length * 8; bit++) {
    if (bytes[bit >> 3]! & (0x80 >> (bit & 7))) mask |= 1 << bit;
  }
  return mask;
}

/** Encodes a mask as the minimal named BIT STRING DER requires (trailing zero bits dropped). */
export function encodeKeyUsage(mask: number): Uint8Array {
  let highest = -1;
  for (let bit = 0; bit < 9; bit++) if (mask & (1 << bit)) highest = bit;
  if (highest < 0) return bitString(new Uint8Array(0));
  const bytes = new Uint8Array((highest >> 3) + 1);
  for (let bit = 0; bit <= highest; bit++) if (mask & (1 << bit)) bytes[bit >> 3]! |= 0x80 >> (bit & 7);
  return bitString(bytes, 7 - (highest & 7));
}

/** The names of the bits set in `mask`, in bit order. */
export function keyUsageNames(mask: number): KeyUsageName[] {
  return (Object.keys(KeyUsageBit) as KeyUsageName[]).filter((n) => mask & (1 << KeyUsageBit[n]));
}
