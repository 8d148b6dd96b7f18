// An Issuer signs templates with one CA key. Everything that is the same for every
// certificate it issues (issuer name, algorithm identifier, AKI) is encoded once, here.

import type { KeyObject } from 'node:crypto';
import { randomOctets } from './random.js';
import { PkiError } from './errors.js';
import { bitString, constructed } from './der/writer.js';
import { bytesEqual, parseCertificate, type Certificate } from './certificate.js';
import { signatureAlgorithmFor, signWith, type SignatureAlgorithm } from './signature.js';
import { authorityKeyIdExtension, encodeTbsCertificate, type CertificateTemplate } from './template.js';
import { publicKeyInfoOf } from './keys.js';
import { computeKeyId } from './extensions/subject-key-identifier.js';
import { DerReader } from './der/reader.js';
import { readPublicKeyInfo } from './public-key.js';

/** Source of random octets; injected so tests can pin serials. */
export type RandomSource = (size: number) => Uint8Array;

/** A random positive serial of 20 octets at most (RFC 5280 §4.1.2.2), 159 bits of entropy. */
export function randomSerial(random: RandomSource = randomOctets): Uint8Array {
  const serial = random(20);
  serial[0]! &= 0x7f;
  if (serial.every((b) => b === 0)) serial[19] = 1;
  return serial;
}

function signCertificate(tbs: Uint8Array, alg: SignatureAlgorithm, key: KeyObject): Uint8Array {
  return constructed(0x30, [tbs, alg.der, bitString(signWith(alg, key, tbs))]);
}

/** Signs certificates with a CA certificate and its private key. */
export class Issuer {
  readonly signatureAlgorithm: SignatureAlgorithm;
  readonly #key: KeyObject;
  readonly #akiExtension: Uint8Array | undefined;

  /** Fails if the key does not belong to the certificate. */
  constructor(
    readonly certificate: Certificate,
    privateKey: KeyObject,
  ) {
    if (privateKey.type !== 'private') throw new PkiError('key', 'CA key is not a private key');
    if (!bytesEqual(publicKeyInfoOf(privateKey), certificate.publicKey.raw)) {
      throw new PkiError('key', 'CA private key does not match the CA certificate');
    }
    this.#key = privateKey;
    this.signatureAlgorithm = signatureAlgorithmFor(privateKey);
    // Go sets AKI from the issuer's SKID when it has one; so do we.
    this.#akiExtension = certificate.subjectKeyId ? authorityKeyIdExtension(certificate.subjectKeyId) : undefined;
  }

  /** Signs `template`; returns the certificate DER. */
  issue(template: CertificateTemplate): Uint8Array {
    const tbs = encodeTbsCertificate(template, this.signatureAlgorithm.der, this.certificate.subject.raw, this.#akiExtension);
    return signCertificate(tbs, this.signatureAlgorithm, this.#key);
  }
}

/**
 * Self-signs a template (a root CA): issuer = subject, signed by the subject's own key.
 * Like Go, a self-signed certificate carries no AKI. Returns the parsed certificate.
 */
export function selfSign(template: CertificateTemplate, privateKey: KeyObject): Certificate {
  const spki = publicKeyInfoOf(privateKey);
  if (!bytesEqual(spki, template.publicKeyInfo)) throw new PkiError('key', 'private key does not match the template\'s public key');
  const alg = signatureAlgorithmFor(privateKey);
  const tbs = encodeTbsCertificate(template, alg.der, template.subject, undefined);
  return parseCertificate(signCertificate(tbs, alg, privateKey));
}

/** The key identifier Go and cfssl would compute for an SPKI DER. */
export function keyIdOf(publicKeyInfo: Uint8Array): Uint8Array {
  return computeKeyId(readPublicKeyInfo(new DerReader(publicKeyInfo)).subjectPublicKey);
}
