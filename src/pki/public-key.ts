// SubjectPublicKeyInfo (RFC 5280 §4.1.2.7): what kind of key, how large, and its raw DER,
// which is reused unchanged when a certificate is built from a request.

import { createPublicKey, type KeyObject } from 'node:crypto';
import { PkiError } from './errors.js';
import { DerReader } from './der/reader.js';
import { Tag } from './der/tags.js';
import { Oid } from './der/oid.js';

/** The key algorithms Kubernetes and cfssl issue for. */
export type PublicKeyAlgorithm = 'rsa' | 'ecdsa' | 'ed25519' | 'ed448';

/** Named curves by OID, with Go's names. */
const curveNames: Readonly<Record<string, string>> = {
  [Oid.p256]: 'P-256',
  [Oid.p384]: 'P-384',
  [Oid.p521]: 'P-521',
};

/** A parsed SubjectPublicKeyInfo. */
export interface PublicKeyInfo {
  /** The whole SPKI DER. */
  readonly raw: Uint8Array;
  readonly algorithm: PublicKeyAlgorithm;
  /** `P-256`, `P-384`, `P-521` for ECDSA. */
  readonly curve?: string;
  /** Modulus size for RSA, curve size for ECDSA, 256/456 for EdDSA. */
  readonly bits: number;
  /** The subjectPublicKey BIT STRING's octets (the input of the key identifier). */
  readonly subjectPublicKey: Uint8Array;
}

/** Parses an SPKI at the reader's position. */
export function readPublicKeyInfo(reader: DerReader): PublicKeyInfo {
  const outer = reader.expect(Tag.Sequence, 'subjectPublicKeyInfo');
  const spki = reader.into(outer);
  const alg = spki.enter(Tag.Sequence, 'algorithm');
  const oid = alg.readOid('algorithm');
  const { bytes, unusedBits } = spki.readBitString('subjectPublicKey');
  spki.finish('subjectPublicKeyInfo');
  if (unusedBits !== 0) throw new PkiError('der', 'subjectPublicKey has unused bits');
  const raw = reader.raw(outer);
  switch (oid) {
    case Oid.rsaEncryption: {
      if (alg.hasMore()) alg.readNull('RSA parameters');
      alg.finish('algorithm');
      const key = new DerReader(bytes).enter(Tag.Sequence, 'RSA public key');
      const modulus = key.readIntegerBytes('modulus');
      key.readIntegerBytes('publicExponent');
      key.finish('RSA public key');
      if (modulus[0]! & 0x80) throw new PkiError('der', 'RSA modulus is negative');
      let start = modulus[0] === 0 ? 1 : 0;
      const bits = (modulus.length - start) * 8 - Math.clz32(modulus[start] ?? 0) + 24;
      return { raw, algorithm: 'rsa', bits, subjectPublicKey: bytes };
    }
    case Oid.ecPublicKey: {
      const curveOid = alg.readOid('named curve');
      alg.finish('algorithm');
      const curve = curveNames[curveOid];
      if (!curve) throw new PkiError('key', `unsupported elliptic curve ${curveOid}`);
      return { raw, algorithm: 'ecdsa', curve, bits: Number(curve.slice(2)), subjectPublicKey: bytes };
    }
    case Oid.ed25519:
      alg.finish('algorithm');
      if (bytes.length !== 32) throw new PkiError('der', `Ed25519 public key of ${bytes.length} bytes`);
      return { raw, algorithm: 'ed25519', bits: 256, subjectPublicKey: bytes };
    case Oid.ed448:
      alg.finish('algorithm');
      return { raw, algorithm: 'ed448', bits: 456, subjectPublicKey: bytes };
    default:
      throw new PkiError('key', `unsupported public key algorithm ${oid}`);
  }
}

/**
 * A node:crypto key for the SPKI; openssl validates the key material here. OpenSSL 3 decodes a
 * SubjectPublicKeyInfo through its generic decoder, which costs more than an RSA-2048
 * verification (bench/pki.bench.ts); the same key imported as PKCS#1 (RSA) or JWK (EC, EdDSA)
 * skips that decoder, so those forms are used where the key allows.
 */
export function publicKeyObject(info: PublicKeyInfo): KeyObject {
  try {
    switch (info.algorithm) {
      case 'rsa':
        // The subjectPublicKey of an RSA key is exactly a PKCS#1 RSAPublicKey.
        return createPublicKey({ key: info.subjectPublicKey as Buffer, format: 'der', type: 'pkcs1' });
      case 'ecdsa': {
        const point = info.subjectPublicKey;
        const size = (point.length - 1) / 2;
        if (point[0] !== 0x04 || !Number.isInteger(size)) break; // compressed: let the decoder handle it
        const b64 = (a: Uint8Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64url');
        return createPublicKey({ key: { kty: 'EC', crv: info.curve!, x: b64(point.subarray(1, 1 + size)), y: b64(point.subarray(1 + size)) }, format: 'jwk' });
      }
      case 'ed25519':
        return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(info.subjectPublicKey).toString('base64url') }, format: 'jwk' });
    }
    return createPublicKey({ key: Buffer.from(info.raw.buffer, info.raw.byteOffset, info.raw.byteLength), format: 'der', type: 'spki' });
  } catch (err) {
    throw new PkiError('key', `public key is not valid: ${(err as Error).message}`);
  }
}

/** `rsa-2048`, `ecdsa-p256`, `ed25519`: how signet names key types everywhere. */
export function describePublicKey(info: PublicKeyInfo): string {
  if (info.algorithm === 'ecdsa') return `ecdsa-${info.curve!.toLowerCase().replace('-', '')}`;
  if (info.algorithm === 'rsa') return `rsa-${info.bits}`;
  return info.algorithm;
}
