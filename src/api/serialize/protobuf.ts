// Decoding the Kubernetes protobuf bodies kubectl 1.32's typed clients send (`k8s\0` + runtime.Unknown
// wrapping the object message) into the same plain objects JSON decoding yields. Decode only: signet
// always answers in JSON. Field numbers come from each kind's shape (api/<group>/shape.ts).

import { encodeBase64Std } from '../go-encoding.js';
import type { FieldShape, MapShape, MessageShape, Shape } from './shape-kit.js';

/** The 4-byte prefix of every Kubernetes protobuf body: `k8s\0`. */
export const protobufMagic = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

/** The media type of Kubernetes protobuf bodies. */
export const protobufMediaType = 'application/vnd.kubernetes.protobuf';

/** A body that is not a well-formed Kubernetes protobuf message. */
export class ProtobufError extends Error {
  override readonly name = 'ProtobufError';
}

/** runtime.Unknown: the envelope around the object. */
export interface ProtobufEnvelope {
  readonly apiVersion: string;
  readonly kind: string;
  readonly raw: Uint8Array;
  readonly contentEncoding: string;
  readonly contentType: string;
}

const enum Wire {
  Varint = 0,
  Fixed64 = 1,
  Bytes = 2,
  Fixed32 = 5,
}

/** Reads protobuf wire-format fields from a byte range. */
class WireReader {
  pos: number;
  constructor(readonly buf: Uint8Array, start = 0, readonly end = buf.length) {
    this.pos = start;
  }

  hasMore(): boolean {
    return this.pos < this.end;
  }

  /** An unsigned varint as a bigint (int64 values may exceed 2^53). */
  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.end) throw new ProtobufError('unexpected EOF');
      const b = this.buf[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
    }
    throw new ProtobufError('proto: integer overflow');
  }

  tag(): { num: number; wire: number } {
    const t = this.varint();
    const num = Number(t >> 3n);
    if (num <= 0) throw new ProtobufError(`proto: illegal tag ${num} (wire type ${Number(t & 7n)})`);
    return { num, wire: Number(t & 7n) };
  }

  bytes(): Uint8Array {
    const len = Number(this.varint());
    if (len < 0 || this.pos + len > this.end) throw new ProtobufError('unexpected EOF');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  skip(wire: number): void {
    switch (wire) {
      case Wire.Varint:
        this.varint();
        return;
      case Wire.Fixed64:
        this.advance(8);
        return;
      case Wire.Bytes:
        this.bytes();
        return;
      case Wire.Fixed32:
        this.advance(4);
        return;
      default:
        throw new ProtobufError(`proto: illegal wireType ${wire}`);
    }
  }

  private advance(n: number): void {
    if (this.pos + n > this.end) throw new ProtobufError('unexpected EOF');
    this.pos += n;
  }
}

const utf8 = new TextDecoder('utf-8');

function expectWire(field: { name: string }, got: number, want: Wire): void {
  if (got !== want) throw new ProtobufError(`proto: wrong wireType = ${got} for field ${field.name}`);
}

/** Splits the `k8s\0` envelope. Throws ProtobufError (client-go's wording for a missing prefix). */
export function decodeEnvelope(body: Uint8Array): ProtobufEnvelope {
  if (body.length < 4 || !protobufMagic.every((b, i) => body[i] === b)) {
    throw new ProtobufError('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  }
  const r = new WireReader(body, 4);
  const env: { apiVersion: string; kind: string; raw: Uint8Array; contentEncoding: string; contentType: string } = { apiVersion: '', kind: '', raw: new Uint8Array(), contentEncoding: '', contentType: '' };
  while (r.hasMore()) {
    const { num, wire } = r.tag();
    if (num >= 1 && num <= 4) expectWire({ name: ['typeMeta', 'raw', 'contentEncoding', 'contentType'][num - 1]! }, wire, Wire.Bytes);
    if (num === 1) {
      const tm = new WireReader(r.bytes());
      while (tm.hasMore()) {
        const t = tm.tag();
        if (t.num === 1 && t.wire === Wire.Bytes) env.apiVersion = utf8.decode(tm.bytes());
        else if (t.num === 2 && t.wire === Wire.Bytes) env.kind = utf8.decode(tm.bytes());
        else tm.skip(t.wire);
      }
    } else if (num === 2) env.raw = r.bytes();
    else if (num === 3) env.contentEncoding = utf8.decode(r.bytes());
    else if (num === 4) env.contentType = utf8.decode(r.bytes());
    else r.skip(wire);
  }
  if (env.contentEncoding !== '') throw new ProtobufError(`unsupported content encoding ${JSON.stringify(env.contentEncoding)}`);
  return env;
}

function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false || v === null;
}

function setField(out: Record<string, unknown>, field: FieldShape, value: unknown): void {
  if (field.repeated) {
    const list = (out[field.name] as unknown[] | undefined) ?? [];
    list.push(value);
    out[field.name] = list;
    return;
  }
  // gogo writes unset non-pointer scalars as "", 0, false: treat those as absent.
  if (!field.presence && typeof field.shape === 'string' && field.shape !== 'bytes' && isZero(value)) {
    delete out[field.name];
    return;
  }
  if (value === null) {
    delete out[field.name];
    return;
  }
  out[field.name] = value;
}

function readScalar(r: WireReader, shape: Shape, wire: number, field: { name: string }): unknown {
  if (typeof shape !== 'string') {
    expectWire(field, wire, Wire.Bytes);
    const bytes = r.bytes();
    return shape.kind === 'message' ? decodeMessage(bytes, shape) : undefined;
  }
  switch (shape) {
    case 'string':
    case 'keyUsage':
      expectWire(field, wire, Wire.Bytes);
      return utf8.decode(r.bytes());
    case 'bytes':
      expectWire(field, wire, Wire.Bytes);
      return encodeBase64Std(r.bytes());
    case 'bool':
      expectWire(field, wire, Wire.Varint);
      return r.varint() !== 0n;
    case 'int32':
      expectWire(field, wire, Wire.Varint);
      return Number(BigInt.asIntN(32, r.varint()));
    case 'int64':
      expectWire(field, wire, Wire.Varint);
      return Number(BigInt.asIntN(64, r.varint()));
    case 'time':
      expectWire(field, wire, Wire.Bytes);
      return decodeTime(r.bytes());
    case 'raw': {
      expectWire(field, wire, Wire.Bytes);
      const raw = firstBytesField(r.bytes());
      try {
        return raw.length === 0 ? null : JSON.parse(utf8.decode(raw));
      } catch {
        throw new ProtobufError(`field ${field.name}: FieldsV1 is not valid JSON`);
      }
    }
    case 'extraValue': {
      expectWire(field, wire, Wire.Bytes);
      const items: string[] = [];
      const inner = new WireReader(r.bytes());
      while (inner.hasMore()) {
        const t = inner.tag();
        if (t.num === 1 && t.wire === Wire.Bytes) items.push(utf8.decode(inner.bytes()));
        else inner.skip(t.wire);
      }
      return items;
    }
  }
}

function firstBytesField(bytes: Uint8Array): Uint8Array {
  const r = new WireReader(bytes);
  let out: Uint8Array = new Uint8Array();
  while (r.hasMore()) {
    const t = r.tag();
    if (t.num === 1 && t.wire === Wire.Bytes) out = r.bytes();
    else r.skip(t.wire);
  }
  return out;
}

// metav1.Time {1: seconds, 2: nanos}; an empty message is a nil time.
function decodeTime(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return null;
  const r = new WireReader(bytes);
  let seconds = 0n;
  while (r.hasMore()) {
    const t = r.tag();
    if (t.num === 1 && t.wire === Wire.Varint) seconds = BigInt.asIntN(64, r.varint());
    else r.skip(t.wire);
  }
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) throw new ProtobufError('time out of range');
  return `${date.toISOString().slice(0, 19)}Z`;
}

function readMapEntry(bytes: Uint8Array, shape: MapShape, field: { name: string }): [string, unknown] {
  const r = new WireReader(bytes);
  let key = '';
  let value: unknown = shape.values === 'extraValue' ? [] : '';
  while (r.hasMore()) {
    const t = r.tag();
    if (t.num === 1) {
      expectWire(field, t.wire, Wire.Bytes);
      key = utf8.decode(r.bytes());
    } else if (t.num === 2) value = readScalar(r, shape.values, t.wire, field);
    else r.skip(t.wire);
  }
  return [key, value];
}

/** Decodes one message of `shape` into a plain object (JSON names, base64 bytes, RFC 3339 times). */
export function decodeMessage(bytes: Uint8Array, shape: MessageShape): Record<string, unknown> {
  const r = new WireReader(bytes);
  const out: Record<string, unknown> = {};
  while (r.hasMore()) {
    const { num, wire } = r.tag();
    const field = shape.fields.find((x) => x.num === num);
    if (!field) {
      r.skip(wire);
      continue;
    }
    if (typeof field.shape === 'object' && field.shape.kind === 'map') {
      expectWire(field, wire, Wire.Bytes);
      const [k, v] = readMapEntry(r.bytes(), field.shape, field);
      const map = (out[field.name] as Record<string, unknown> | undefined) ?? {};
      Object.defineProperty(map, k, { value: v, writable: true, enumerable: true, configurable: true });
      out[field.name] = map;
      continue;
    }
    setField(out, field, readScalar(r, field.shape, wire, field));
  }
  return out;
}

/** A decoded protobuf body. */
export interface DecodedProtobuf {
  readonly apiVersion: string;
  readonly kind: string;
  /** The object with `kind` and `apiVersion` set from the envelope. */
  readonly object: Record<string, unknown>;
}

/**
 * Decodes a whole protobuf request body. The kind comes from the envelope and its shape from
 * `shapeOf` (the scheme); a kind without one throws ProtobufError (`no kind "X" is registered ...`),
 * as does any malformed input.
 */
export function decodeProtobuf(body: Uint8Array, shapeOf: (kind: string) => MessageShape | undefined): DecodedProtobuf {
  const env = decodeEnvelope(body);
  const shape = shapeOf(env.kind);
  if (!shape) throw new ProtobufError(`no kind ${JSON.stringify(env.kind)} is registered for version ${JSON.stringify(env.apiVersion)}`);
  const fields = decodeMessage(env.raw, shape);
  return { apiVersion: env.apiVersion, kind: env.kind, object: { kind: env.kind, apiVersion: env.apiVersion, ...fields } };
}
