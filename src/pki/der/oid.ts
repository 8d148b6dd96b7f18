// OBJECT IDENTIFIER encoding and decoding, with both directions cached: the same few dozen
// OIDs recur in every certificate, so the hot path never re-runs the base-128 arithmetic.

import { PkiError } from '../errors.js';

const decodeCache = new Map<string, string>();
const encodeCache = new Map<string, Uint8Array>();

/** Decodes OID content octets `buf[start, end)` to dotted form. */
export function decodeOid(buf: Uint8Array, start: number, end: number, what: string): string {
  if (end <= start) throw new PkiError('der', `${what}: empty OBJECT IDENTIFIER`);
  if (end - start <= 24) {
    let key = '';
    for (let i = start; i < end; i++) key += String.fromCharCode(buf[i]!);
    const hit = decodeCache.get(key);
    if (hit !== undefined) return hit;
    const dotted = decodeOidSlow(buf, start, end, what);
    if (decodeCache.size < 4096) decodeCache.set(key, dotted);
    return dotted;
  }
  return decodeOidSlow(buf, start, end, what);
}

function decodeOidSlow(buf: Uint8Array, start: number, end: number, what: string): string {
  const arcs: string[] = [];
  let value = 0n;
  let small = 0;
  let useBig = false;
  let first = true;
  for (let i = start; i < end; i++) {
    const byte = buf[i]!;
    if ((small === 0 && !useBig) && byte === 0x80) {
      throw new PkiError('der', `${what}: non-minimal OBJECT IDENTIFIER arc`);
    }
    if (!useBig && small > 0x00ff_ffff) {
      useBig = true;
      value = BigInt(small);
    }
    if (useBig) value = (value << 7n) | BigInt(byte & 0x7f);
    else small = small * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      const arc = useBig ? value : BigInt(small);
      if (first) {
        const top = arc < 40n ? 0n : arc < 80n ? 1n : 2n;
        arcs.push(top.toString(), (arc - top * 40n).toString());
        first = false;
      } else {
        arcs.push(arc.toString());
      }
      small = 0;
      value = 0n;
      useBig = false;
    } else if (i === end - 1) {
      throw new PkiError('der', `${what}: truncated OBJECT IDENTIFIER`);
    }
  }
  return arcs.join('.');
}

/** Encodes a dotted OID to its full TLV (tag 0x06 included). */
export function encodeOid(dotted: string): Uint8Array {
  const hit = encodeCache.get(dotted);
  if (hit) return hit;
  const parts = dotted.split('.');
  if (parts.length < 2 || parts.some((p) => !/^(0|[1-9][0-9]*)$/.test(p))) {
    throw new PkiError('template', `not an object identifier: ${dotted}`);
  }
  const arcs = parts.map((p) => BigInt(p));
  if (arcs[0]! > 2n || (arcs[0]! < 2n && arcs[1]! >= 40n)) {
    throw new PkiError('template', `not an object identifier: ${dotted}`);
  }
  const body: number[] = [];
  const pushArc = (arc: bigint): void => {
    const groups: number[] = [Number(arc & 0x7fn)];
    arc >>= 7n;
    while (arc > 0n) {
      groups.unshift(Number(arc & 0x7fn) | 0x80);
      arc >>= 7n;
    }
    body.push(...groups);
  };
  pushArc(arcs[0]! * 40n + arcs[1]!);
  for (const arc of arcs.slice(2)) pushArc(arc);
  if (body.length > 127) throw new PkiError('template', `object identifier too long: ${dotted}`);
  const out = new Uint8Array(2 + body.length);
  out[0] = 0x06;
  out[1] = body.length;
  out.set(body, 2);
  encodeCache.set(dotted, out);
  return out;
}

/** The OIDs this code base names. */
export const Oid = {
  // public keys
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  p256: '1.2.840.10045.3.1.7',
  p384: '1.3.132.0.34',
  p521: '1.3.132.0.35',
  // signatures
  sha1WithRsa: '1.2.840.113549.1.1.5',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',
  rsaPss: '1.2.840.113549.1.1.10',
  ecdsaWithSha1: '1.2.840.10045.4.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
  // PKCS#9 attributes
  extensionRequest: '1.2.840.113549.1.9.14',
  challengePassword: '1.2.840.113549.1.9.7',
  // extensions
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  // CRL extensions (RFC 5280 §5.2.3, §5.3.1)
  cRLNumber: '2.5.29.20',
  cRLDistributionPoints: '2.5.29.31',
  reasonCode: '2.5.29.21',
} as const;
