// Signature algorithms: identifying them in DER, choosing one for a key as Go does, and
// verifying with node:crypto (crypto.subtle is several times slower per call; stack.md).

import { sign, verify, type KeyObject } from 'node:crypto';
import { PkiError } from './errors.js';
import { DerReader } from './der/reader.js';
import { Tag } from './der/tags.js';
import { nullValue, sequence } from './der/writer.js';
import { encodeOid, Oid } from './der/oid.js';

/** A signature algorithm we can verify or sign with. */
export interface SignatureAlgorithm {
  readonly oid: string;
  /** Go's name (x509.SignatureAlgorithm.String), which cfssl certinfo prints. */
  readonly name: string;
  /** node:crypto digest name, or null for EdDSA. */
  readonly hash: string | null;
  readonly keyAlgorithm: 'rsa' | 'ecdsa' | 'ed25519';
  /** The AlgorithmIdentifier DER. RSA carries NULL parameters (RFC 4055 §5), the others none. */
  readonly der: Uint8Array;
}

function algorithm(oid: string, name: string, hash: string | null, keyAlgorithm: SignatureAlgorithm['keyAlgorithm']): SignatureAlgorithm {
  const der = keyAlgorithm === 'rsa' ? sequence(encodeOid(oid), nullValue) : sequence(encodeOid(oid));
  return { oid, name, hash, keyAlgorithm, der };
}

/** Every algorithm we accept, by OID. */
export const SignatureAlgorithms: Readonly<Record<string, SignatureAlgorithm>> = {
  [Oid.sha1WithRsa]: algorithm(Oid.sha1WithRsa, 'SHA1WithRSA', 'sha1', 'rsa'),
  [Oid.sha256WithRsa]: algorithm(Oid.sha256WithRsa, 'SHA256WithRSA', 'sha256', 'rsa'),
  [Oid.sha384WithRsa]: algorithm(Oid.sha384WithRsa, 'SHA384WithRSA', 'sha384', 'rsa'),
  [Oid.sha512WithRsa]: algorithm(Oid.sha512WithRsa, 'SHA512WithRSA', 'sha512', 'rsa'),
  [Oid.ecdsaWithSha1]: algorithm(Oid.ecdsaWithSha1, 'ECDSAWithSHA1', 'sha1', 'ecdsa'),
  [Oid.ecdsaWithSha256]: algorithm(Oid.ecdsaWithSha256, 'ECDSAWithSHA256', 'sha256', 'ecdsa'),
  [Oid.ecdsaWithSha384]: algorithm(Oid.ecdsaWithSha384, 'ECDSAWithSHA384', 'sha384', 'ecdsa'),
  [Oid.ecdsaWithSha512]: algorithm(Oid.ecdsaWithSha512, 'ECDSAWithSHA512', 'sha512', 'ecdsa'),
  [Oid.ed25519]: algorithm(Oid.ed25519, 'Ed25519', null, 'ed25519'),
};

/** Parses an AlgorithmIdentifier naming a signature algorithm. */
export function readSignatureAlgorithm(reader: DerReader, what: string): SignatureAlgorithm {
  const alg = reader.enter(Tag.Sequence, what);
  const oid = alg.readOid(what);
  const known = SignatureAlgorithms[oid];
  if (!known) {
    const label = oid === Oid.rsaPss ? 'RSASSA-PSS' : oid;
    throw new PkiError('signature', `${what}: unsupported signature algorithm ${label}`);
  }
  // RSA parameters are NULL, or absent from some old encoders; ECDSA and EdDSA have none.
  if (known.keyAlgorithm === 'rsa' && alg.hasMore()) alg.readNull(`${what} parameters`);
  alg.finish(what);
  return known;
}

/** The algorithm Go picks for a signing key: SHA-256 for RSA, by curve for ECDSA, Ed25519. */
export function signatureAlgorithmFor(key: KeyObject): SignatureAlgorithm {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return SignatureAlgorithms[Oid.sha256WithRsa]!;
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      if (curve === 'prime256v1') return SignatureAlgorithms[Oid.ecdsaWithSha256]!;
      if (curve === 'secp384r1') return SignatureAlgorithms[Oid.ecdsaWithSha384]!;
      if (curve === 'secp521r1') return SignatureAlgorithms[Oid.ecdsaWithSha512]!;
      throw new PkiError('key', `unsupported elliptic curve ${curve}`);
    }
    case 'ed25519':
      return SignatureAlgorithms[Oid.ed25519]!;
    default:
      throw new PkiError('key', `unsupported signing key type ${key.asymmetricKeyType}`);
  }
}

/** Signs `data`; ECDSA signatures come out DER-encoded, as X.509 wants them. */
export function signWith(alg: SignatureAlgorithm, key: KeyObject, data: Uint8Array): Uint8Array {
  return sign(alg.hash, data, key);
}

/** Whether `signature` over `data` verifies; a key of the wrong type is a mismatch, not a crash. */
export function verifyWith(alg: SignatureAlgorithm, key: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  const type = key.asymmetricKeyType;
  const expected = alg.keyAlgorithm === 'ecdsa' ? 'ec' : alg.keyAlgorithm;
  if (type !== expected) return false;
  try {
    return verify(alg.hash, data, key, signature);
  } catch {
    return false;
  }
}
