// A strict DER reader: every length minimal and definite, nothing past the end, nothing left over.
// Mirrors the checks of Go's encoding/asn1 and cryptobyte, which Kubernetes relies on.

import { PkiError } from '../errors.js';
import { describeTag, Tag } from './tags.js';
import { decodeOid } from './oid.js';

/** One TLV: where its identifier, content and end lie in the underlying buffer. */
export interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  readonly end: number;
}

/** The largest length we accept; no X.509 structure comes near it and it keeps lengths in int32. */
const maxLength = 0x7fff_ffff;

function derError(message: string): PkiError {
  return new PkiError('der', message);
}

/** Reads consecutive TLVs from `buf[pos, end)`. Child readers share the buffer, never copy it. */
export class DerReader {
  constructor(
    readonly buf: Uint8Array,
    public pos = 0,
    readonly end = buf.length,
  ) {}

  /** Whether another TLV follows. */
  hasMore(): boolean {
    return this.pos < this.end;
  }

  /** The identifier octet of the next TLV, or -1 at the end. */
  peekTag(): number {
    return this.pos < this.end ? this.buf[this.pos]! : -1;
  }

  /** Reads the next TLV, whatever its tag. */
  read(): Tlv {
    const buf = this.buf;
    const start = this.pos;
    if (start >= this.end) throw derError('unexpected end of data');
    const tag = buf[start]!;
    if ((tag & 0x1f) === 0x1f) throw derError(`high-tag-number form at offset ${start} is not used by X.509`);
    if (start + 1 >= this.end) throw derError(`truncated length at offset ${start + 1}`);
    let length = buf[start + 1]!;
    let contentStart = start + 2;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0) throw derError(`indefinite length at offset ${start + 1} is not allowed in DER`);
      if (count > 4) throw derError(`length of ${count} octets at offset ${start + 1} is too large`);
      if (contentStart + count > this.end) throw derError(`truncated length at offset ${start + 1}`);
      if (buf[contentStart] === 0) throw derError(`non-minimal length at offset ${start + 1}`);
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + buf[contentStart + i]!;
      if (length < 0x80) throw derError(`non-minimal length at offset ${start + 1}`);
      if (length > maxLength) throw derError(`length ${length} at offset ${start + 1} is too large`);
      contentStart += count;
    }
    const end = contentStart + length;
    if (end > this.end) {
      throw derError(`${describeTag(tag)} at offset ${start} claims ${length} bytes but only ${this.end - contentStart} remain`);
    }
    this.pos = end;
    return { tag, start, contentStart, end };
  }

  /** Reads the next TLV and insists on its tag; `what` names the field for the error. */
  expect(tag: number, what: string): Tlv {
    const next = this.peekTag();
    if (next === -1) throw derError(`${what}: missing`);
    if (next !== tag) throw derError(`${what}: expected ${describeTag(tag)}, found ${describeTag(next)}`);
    return this.read();
  }

  /** Reads the next TLV only if it has this tag. */
  optional(tag: number): Tlv | undefined {
    return this.peekTag() === tag ? this.read() : undefined;
  }

  /** A reader over the content of `tlv`. */
  into(tlv: Tlv): DerReader {
    return new DerReader(this.buf, tlv.contentStart, tlv.end);
  }

  /** Reads a constructed TLV of this tag and returns a reader over its content. */
  enter(tag: number, what: string): DerReader {
    return this.into(this.expect(tag, what));
  }

  /** The raw encoding of `tlv`, header included, as a view (no copy). */
  raw(tlv: Tlv): Uint8Array {
    return this.buf.subarray(tlv.start, tlv.end);
  }

  /** The content octets of `tlv`, as a view (no copy). */
  content(tlv: Tlv): Uint8Array {
    return this.buf.subarray(tlv.contentStart, tlv.end);
  }

  /** Fails if anything is left: DER allows no trailing data inside a structure. */
  finish(what: string): void {
    if (this.pos !== this.end) throw derError(`${what}: ${this.end - this.pos} bytes of trailing data`);
  }

  // ---- typed readers ----

  /** An OBJECT IDENTIFIER in dotted form. */
  readOid(what: string): string {
    const tlv = this.expect(Tag.Oid, what);
    return decodeOid(this.buf, tlv.contentStart, tlv.end, what);
  }

  /** INTEGER content octets, checked for minimal two's-complement encoding. */
  readIntegerBytes(what: string): Uint8Array {
    const tlv = this.expect(Tag.Integer, what);
    return checkedInteger(this.content(tlv), what);
  }

  /** A small non-negative INTEGER (versions, path lengths). */
  readSmallInt(what: string): number {
    const bytes = this.readIntegerBytes(what);
    if (bytes[0]! & 0x80) throw derError(`${what}: negative integer`);
    if (bytes.length > 4) throw derError(`${what}: integer too large`);
    let value = 0;
    for (const b of bytes) value = value * 256 + b;
    return value;
  }

  /** A BOOLEAN, which DER encodes as exactly 0x00 or 0xff. */
  readBoolean(what: string): boolean {
    const tlv = this.expect(Tag.Boolean, what);
    if (tlv.end - tlv.contentStart !== 1) throw derError(`${what}: BOOLEAN of ${tlv.end - tlv.contentStart} bytes`);
    const v = this.buf[tlv.contentStart];
    if (v === 0) return false;
    if (v === 0xff) return true;
    throw derError(`${what}: BOOLEAN value 0x${v!.toString(16)} is not DER`);
  }

  /** A BIT STRING: its octets and how many trailing bits of the last octet are unused. */
  readBitString(what: string): { bytes: Uint8Array; unusedBits: number } {
    const tlv = this.expect(Tag.BitString, what);
    return checkedBitString(this.content(tlv), what);
  }

  /** An OCTET STRING's content, as a view. */
  readOctetString(what: string): Uint8Array {
    return this.content(this.expect(Tag.OctetString, what));
  }

  /** A NULL, which must be empty. */
  readNull(what: string): void {
    const tlv = this.expect(Tag.Null, what);
    if (tlv.end !== tlv.contentStart) throw derError(`${what}: NULL with content`);
  }

  /** UTCTime or GeneralizedTime, as X.509 restricts them (RFC 5280 §4.1.2.5). */
  readTime(what: string): Date {
    const tlv = this.read();
    if (tlv.tag !== Tag.UtcTime && tlv.tag !== Tag.GeneralizedTime) {
      throw derError(`${what}: expected UTCTime or GeneralizedTime, found ${describeTag(tlv.tag)}`);
    }
    return decodeTime(this.content(tlv), tlv.tag === Tag.UtcTime, what);
  }
}

/** Checks INTEGER content for the minimal encoding DER demands and returns it. */
export function checkedInteger(bytes: Uint8Array, what: string): Uint8Array {
  if (bytes.length === 0) throw derError(`${what}: empty INTEGER`);
  if (bytes.length > 1) {
    const a = bytes[0]!;
    const b = bytes[1]! & 0x80;
    if ((a === 0 && b === 0) || (a === 0xff && b !== 0)) throw derError(`${what}: non-minimal INTEGER`);
  }
  return bytes;
}

/** Checks BIT STRING content: a valid unused-bit count whose padding bits are zero. */
export function checkedBitString(content: Uint8Array, what: string): { bytes: Uint8Array; unusedBits: number } {
  if (content.length === 0) throw derError(`${what}: empty BIT STRING`);
  const unusedBits = content[0]!;
  if (unusedBits > 7) throw derError(`${what}: BIT STRING with ${unusedBits} unused bits`);
  if (content.length === 1 && unusedBits !== 0) throw derError(`${what}: empty BIT STRING with unused bits`);
  if (unusedBits !== 0 && (content[content.length - 1]! & ((1 << unusedBits) - 1)) !== 0) {
    throw derError(`${what}: BIT STRING padding bits are not zero`);
  }
  return { bytes: content.subarray(1), unusedBits };
}

function digits(bytes: Uint8Array, from: number, count: number, what: string): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const c = bytes[i]! - 0x30;
    if (c < 0 || c > 9) throw derError(`${what}: time contains a non-digit`);
    value = value * 10 + c;
  }
  return value;
}

/** Decodes `YYMMDDHHMMSSZ` or `YYYYMMDDHHMMSSZ`; RFC 5280 forbids fractions and offsets. */
export function decodeTime(bytes: Uint8Array, utc: boolean, what: string): Date {
  const yearDigits = utc ? 2 : 4;
  if (bytes.length !== yearDigits + 11 || bytes[bytes.length - 1] !== 0x5a) {
    throw derError(`${what}: ${utc ? 'UTCTime' : 'GeneralizedTime'} must be ${utc ? 'YYMMDDHHMMSSZ' : 'YYYYMMDDHHMMSSZ'}`);
  }
  let year = digits(bytes, 0, yearDigits, what);
  if (utc) year += year < 50 ? 2000 : 1900;
  const month = digits(bytes, yearDigits, 2, what);
  const day = digits(bytes, yearDigits + 2, 2, what);
  const hour = digits(bytes, yearDigits + 4, 2, what);
  const minute = digits(bytes, yearDigits + 6, 2, what);
  const second = digits(bytes, yearDigits + 8, 2, what);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  if (
    month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 ||
    check.getUTCDate() !== day || check.getUTCMonth() !== month - 1
  ) {
    throw derError(`${what}: not a valid date`);
  }
  return check;
}
