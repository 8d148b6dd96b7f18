// Private keys: generation, and the PEM forms openssl and cfssl read and write
// (PKCS#1 "RSA PRIVATE KEY", SEC1 "EC PRIVATE KEY", PKCS#8 "PRIVATE KEY").

import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { PkiError } from './errors.js';
import { decodePem } from './pem.js';

/** The key types signet generates. */
export type KeyType = 'rsa-2048' | 'rsa-3072' | 'rsa-4096' | 'ecdsa-p256' | 'ecdsa-p384' | 'ecdsa-p521' | 'ed25519';

/** All key types, strongest-last within each family. */
export const keyTypes: readonly KeyType[] = ['rsa-2048', 'rsa-3072', 'rsa-4096', 'ecdsa-p256', 'ecdsa-p384', 'ecdsa-p521', 'ed25519'];

/** Whether `s` names a key type. */
export function isKeyType(s: string): s is KeyType {
  return (keyTypes as readonly string[]).includes(s);
}

const curveByType: Readonly<Record<string, string>> = {
  'ecdsa-p256': 'prime256v1',
  'ecdsa-p384': 'secp384r1',
  'ecdsa-p521': 'secp521r1',
};

/**
 * cfssl's `"key": {"algo": "rsa", "size": 2048}` as a key type. cfssl's defaults apply when
 * size is 0 or absent: RSA 2048, ECDSA 256.
 */
export function keyTypeFromAlgo(algo: string, size: number | undefined): KeyType {
  const a = algo.toLowerCase();
  if (a === 'rsa') {
    const type = `rsa-${size || 2048}`;
    if (isKeyType(type)) return type;
    throw new PkiError('key', `unsupported RSA key size ${size} (use 2048, 3072 or 4096)`);
  }
  if (a === 'ecdsa') {
    const type = `ecdsa-p${size || 256}`;
    if (isKeyType(type)) return type;
    throw new PkiError('key', `unsupported ECDSA key size ${size} (use 256, 384 or 521)`);
  }
  if (a === 'ed25519') return 'ed25519';
  throw new PkiError('key', `unsupported key algorithm "${algo}" (use rsa, ecdsa or ed25519)`);
}

/** A fresh key pair. */
export function generateKeyPair(type: KeyType): { privateKey: KeyObject; publicKey: KeyObject } {
  if (type.startsWith('rsa-')) {
    return generateKeyPairSync('rsa', { modulusLength: Number(type.slice(4)), publicExponent: 0x10001 });
  }
  if (type === 'ed25519') return generateKeyPairSync('ed25519');
  return generateKeyPairSync('ec', { namedCurve: curveByType[type]! });
}

/** The key type of a key, or a description of one signet does not generate. */
export function keyTypeOf(key: KeyObject): string {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return `rsa-${key.asymmetricKeyDetails?.modulusLength}`;
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      const type = Object.keys(curveByType).find((t) => curveByType[t] === curve);
      return type ?? `ec-${curve}`;
    }
    default:
      return String(key.asymmetricKeyType);
  }
}

/** The PEM form openssl and cfssl write for each key type: PKCS#1, SEC1, or PKCS#8 for EdDSA. */
export type PrivateKeyForm = 'pkcs1' | 'sec1' | 'pkcs8';

/** Encodes a private key as PEM; the default form is the one cfssl writes for its type. */
export function encodePrivateKeyPem(key: KeyObject, form?: PrivateKeyForm): string {
  const chosen = form ?? (key.asymmetricKeyType === 'rsa' ? 'pkcs1' : key.asymmetricKeyType === 'ec' ? 'sec1' : 'pkcs8');
  try {
    return key.export({ format: 'pem', type: chosen }) as string;
  } catch (err) {
    throw new PkiError('key', `cannot write a ${key.asymmetricKeyType} key as ${chosen}: ${(err as Error).message}`);
  }
}

const privateKeyLabels = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY'];

/** Reads a private key from PEM in any of the three forms. Encrypted keys are refused by name. */
export function decodePrivateKeyPem(text: string, what = 'private key'): KeyObject {
  if (text.includes('ENCRYPTED PRIVATE KEY') || /Proc-Type: 4,ENCRYPTED/.test(text)) {
    throw new PkiError('key', `${what}: encrypted private keys are not supported; decrypt it first (openssl pkey -in KEY -out PLAIN)`);
  }
  const block = decodePem(text, privateKeyLabels, what);
  const type = block.label === 'RSA PRIVATE KEY' ? 'pkcs1' : block.label === 'EC PRIVATE KEY' ? 'sec1' : 'pkcs8';
  try {
    return createPrivateKey({ key: Buffer.from(block.der), format: 'der', type });
  } catch (err) {
    throw new PkiError('key', `${what}: not a valid ${block.label}: ${(err as Error).message}`);
  }
}

/** The SubjectPublicKeyInfo DER of a private or public key. */
export function publicKeyInfoOf(key: KeyObject): Uint8Array {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return pub.export({ format: 'der', type: 'spki' });
}
