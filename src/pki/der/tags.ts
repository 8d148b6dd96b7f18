// Universal and context tags used by X.509 and PKCS#10, as full identifier octets.

/** Identifier octets (class, constructed bit and number in one byte). */
export const Tag = {
  Boolean: 0x01,
  Integer: 0x02,
  BitString: 0x03,
  OctetString: 0x04,
  Null: 0x05,
  Oid: 0x06,
  Utf8String: 0x0c,
  PrintableString: 0x13,
  T61String: 0x14,
  Ia5String: 0x16,
  UtcTime: 0x17,
  GeneralizedTime: 0x18,
  UniversalString: 0x1c,
  BmpString: 0x1e,
  Sequence: 0x30,
  Set: 0x31,
} as const;

/** `[n]` with the constructed bit set: EXPLICIT tagging, or IMPLICIT over a constructed type. */
export function contextConstructed(n: number): number {
  return 0xa0 | n;
}

/** `[n]` primitive: IMPLICIT over a primitive type. */
export function contextPrimitive(n: number): number {
  return 0x80 | n;
}

const universalNames: Record<number, string> = {
  0x01: 'BOOLEAN',
  0x02: 'INTEGER',
  0x03: 'BIT STRING',
  0x04: 'OCTET STRING',
  0x05: 'NULL',
  0x06: 'OBJECT IDENTIFIER',
  0x0c: 'UTF8String',
  0x13: 'PrintableString',
  0x14: 'T61String',
  0x16: 'IA5String',
  0x17: 'UTCTime',
  0x18: 'GeneralizedTime',
  0x1c: 'UniversalString',
  0x1e: 'BMPString',
  0x30: 'SEQUENCE',
  0x31: 'SET',
};

/** A tag as a person reads it in an error message. */
export function describeTag(tag: number): string {
  const known = universalNames[tag];
  if (known) return known;
  const cls = tag >> 6;
  const number = tag & 0x1f;
  if (cls === 2) return `[${number}]`;
  return `tag 0x${tag.toString(16).padStart(2, '0')}`;
}
