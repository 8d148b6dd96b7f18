// DER encoding by composition: each function returns a finished TLV, and a constructed value
// is one allocation plus one copy of its children. Certificates are a few hundred bytes deep
// five levels, so this costs far less than the signature it precedes (bench/pki.bench.ts).

import { Tag } from './tags.js';

function headerLength(length: number): number {
  if (length < 0x80) return 2;
  if (length < 0x100) return 3;
  if (length < 0x10000) return 4;
  if (length < 0x1000000) return 5;
  return 6;
}

function writeHeader(out: Uint8Array, tag: number, length: number): number {
  out[0] = tag;
  if (length < 0x80) {
    out[1] = length;
    return 2;
  }
  const n = headerLength(length) - 2;
  out[1] = 0x80 | n;
  for (let i = n; i > 0; i--) {
    out[1 + i] = length & 0xff;
    length = Math.floor(length / 256);
  }
  return 2 + n;
}

/** A primitive or constructed TLV around `content`. */
export function tlv(tag: number, content: Uint8Array): Uint8Array {
  const out = Buffer.allocUnsafe(headerLength(content.length) + content.length);
  const h = writeHeader(out, tag, content.length);
  out.set(content, h);
  return out;
}

/** A constructed TLV whose content is the concatenation of `parts`. */
export function constructed(tag: number, parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = Buffer.allocUnsafe(headerLength(length) + length);
  let off = writeHeader(out, tag, length);
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** SEQUENCE of already-encoded elements. */
export function sequence(...parts: Uint8Array[]): Uint8Array {
  return constructed(Tag.Sequence, parts);
}

/** SET OF: DER sorts the elements by their encodings (X.690 §11.6). */
export function setOf(parts: readonly Uint8Array[]): Uint8Array {
  const sorted = parts.length > 1 ? [...parts].sort((a, b) => Buffer.compare(a, b)) : parts;
  return constructed(Tag.Set, sorted);
}

/** `[n] EXPLICIT` around one encoded element. */
export function explicit(n: number, inner: Uint8Array): Uint8Array {
  return tlv(0xa0 | n, inner);
}

/** INTEGER from unsigned big-endian magnitude octets (leading zeros stripped, sign octet added). */
export function unsignedInteger(magnitude: Uint8Array): Uint8Array {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  const trimmed = magnitude.subarray(i);
  if (trimmed.length === 0) return Uint8Array.of(Tag.Integer, 1, 0);
  if (trimmed[0]! & 0x80) {
    const out = Buffer.allocUnsafe(trimmed.length + 1);
    out[0] = 0;
    out.set(trimmed, 1);
    return tlv(Tag.Integer, out);
  }
  return tlv(Tag.Integer, trimmed);
}

/** INTEGER from a small non-negative number. */
export function smallInteger(value: number): Uint8Array {
  const bytes: number[] = [];
  do {
    bytes.unshift(value & 0xff);
    value = Math.floor(value / 256);
  } while (value > 0);
  return unsignedInteger(Uint8Array.from(bytes));
}

/** BIT STRING with the given number of unused trailing bits. */
export function bitString(bytes: Uint8Array, unusedBits = 0): Uint8Array {
  const out = Buffer.allocUnsafe(headerLength(bytes.length + 1) + bytes.length + 1);
  const h = writeHeader(out, Tag.BitString, bytes.length + 1);
  out[h] = unusedBits;
  out.set(bytes, h + 1);
  return out;
}

/** OCTET STRING. */
export function octetString(bytes: Uint8Array): Uint8Array {
  return tlv(Tag.OctetString, bytes);
}

/** BOOLEAN TRUE (FALSE is the DEFAULT everywhere we write one, and DER omits defaults). */
export const booleanTrue = Uint8Array.of(Tag.Boolean, 1, 0xff);

/** NULL. */
export const nullValue = Uint8Array.of(Tag.Null, 0);

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * A validity time: UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5),
 * to the second.
 */
export function time(date: Date): Uint8Array {
  const year = date.getUTCFullYear();
  const rest =
    two(date.getUTCMonth() + 1) + two(date.getUTCDate()) + two(date.getUTCHours()) +
    two(date.getUTCMinutes()) + two(date.getUTCSeconds()) + 'Z';
  if (year >= 1950 && year < 2050) {
    return tlv(Tag.UtcTime, Buffer.from(two(year % 100) + rest, 'latin1'));
  }
  return tlv(Tag.GeneralizedTime, Buffer.from(String(year).padStart(4, '0') + rest, 'latin1'));
}

/** Whether `s` fits PrintableString (X.680 §41.4). */
export function isPrintableString(s: string): boolean {
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(s);
}

/** A directory string as Go writes it: PrintableString when it fits, else UTF8String. */
export function directoryString(s: string): Uint8Array {
  return isPrintableString(s)
    ? tlv(Tag.PrintableString, Buffer.from(s, 'latin1'))
    : tlv(Tag.Utf8String, Buffer.from(s, 'utf8'));
}

/** IA5String (ASCII), used for DNS names, e-mail addresses and URIs. */
export function ia5String(s: string, tag: number = Tag.Ia5String): Uint8Array {
  return tlv(tag, Buffer.from(s, 'latin1'));
}
