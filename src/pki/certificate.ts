// X.509 certificates (RFC 5280): parsing enough for certinfo and client authentication,
// keeping the raw DER, and verification of a certificate against its issuer.

import { createHash } from 'node:crypto';
import { PkiError, withContext } from './errors.js';
import { DerReader } from './der/reader.js';
import { Tag } from './der/tags.js';
import { readName, type Name } from './name.js';
import { publicKeyObject, readPublicKeyInfo, type PublicKeyInfo } from './public-key.js';
import { readSignatureAlgorithm, verifyWith, type SignatureAlgorithm } from './signature.js';
import { readExtensions, type Extension } from './extensions/extension.js';
import { decodeKnownExtensions, type KnownExtensions } from './extensions/known.js';
import { KeyUsageBit } from './extensions/key-usage.js';
import { decodePemBlocks } from './pem.js';
import { Oid } from './der/oid.js';

/** A parsed certificate. Views point into `raw`. */
export interface Certificate extends KnownExtensions {
  readonly raw: Uint8Array;
  readonly tbsRaw: Uint8Array;
  /** 1, 2 or 3. */
  readonly version: number;
  /** The serial's INTEGER content octets (two's complement, as encoded). */
  readonly serialNumber: Uint8Array;
  readonly signatureAlgorithm: SignatureAlgorithm;
  readonly issuer: Name;
  readonly subject: Name;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKey: PublicKeyInfo;
  readonly extensions: readonly Extension[];
  readonly signature: Uint8Array;
}

/** Extensions whose criticality we honour when verifying; any other critical one fails. */
const understoodExtensions = new Set<string>([
  Oid.keyUsage, Oid.extKeyUsage, Oid.basicConstraints, Oid.subjectAltName, Oid.subjectKeyIdentifier,
  Oid.authorityKeyIdentifier, '2.5.29.30' /* nameConstraints: checked by openssl, not needed here */,
]);

/** Parses a DER certificate. Errors read `certificate: <where>: <what>`. */
export function parseCertificate(der: Uint8Array): Certificate {
  return withContext('certificate', () => {
    const top = new DerReader(der);
    const outer = top.expect(Tag.Sequence, 'Certificate');
    top.finish('Certificate');
    const cert = top.into(outer);
    const tbsTlv = cert.expect(Tag.Sequence, 'tbsCertificate');
    const signatureAlgorithm = readSignatureAlgorithm(cert, 'signatureAlgorithm');
    const { bytes: signature, unusedBits } = cert.readBitString('signature');
    if (unusedBits !== 0) throw new PkiError('der', 'signature: BIT STRING has unused bits');
    cert.finish('Certificate');

    const tbs = cert.into(tbsTlv);
    let version = 1;
    const versionTlv = tbs.optional(0xa0);
    if (versionTlv) {
      const v = tbs.into(versionTlv);
      version = v.readSmallInt('version') + 1;
      v.finish('version');
      if (version > 3) throw new PkiError('certificate', `version: unknown version ${version}`);
    }
    const serialNumber = tbs.readIntegerBytes('serialNumber');
    const innerAlgorithm = readSignatureAlgorithm(tbs, 'signature');
    if (innerAlgorithm !== signatureAlgorithm) {
      throw new PkiError('certificate', 'signature algorithm in tbsCertificate differs from the outer one');
    }
    const issuer = readName(tbs, 'issuer');
    const validity = tbs.enter(Tag.Sequence, 'validity');
    const notBefore = validity.readTime('notBefore');
    const notAfter = validity.readTime('notAfter');
    validity.finish('validity');
    const subject = readName(tbs, 'subject');
    const publicKey = withContext('subjectPublicKeyInfo', () => readPublicKeyInfo(tbs));
    tbs.optional(0x81); // issuerUniqueID
    tbs.optional(0x82); // subjectUniqueID
    let extensions: Extension[] = [];
    const extsTlv = tbs.optional(0xa3);
    if (extsTlv) {
      if (version !== 3) throw new PkiError('certificate', 'extensions in a certificate that is not version 3');
      extensions = withContext('extensions', () => {
        const wrapper = tbs.into(extsTlv);
        const exts = wrapper.enter(Tag.Sequence, 'extensions');
        wrapper.finish('extensions');
        return readExtensions(exts);
      });
    }
    tbs.finish('tbsCertificate');
    const known = withContext('extensions', () => decodeKnownExtensions(extensions));
    return {
      raw: top.raw(outer),
      tbsRaw: cert.raw(tbsTlv),
      version,
      serialNumber,
      signatureAlgorithm,
      issuer,
      subject,
      notBefore,
      notAfter,
      publicKey,
      extensions,
      signature,
      ...known,
    };
  });
}

/** Parses the first CERTIFICATE block of PEM text. */
export function parseCertificatePem(text: string, what = 'certificate'): Certificate {
  const all = parseCertificatesPem(text, what);
  return all[0]!;
}

/** Parses every CERTIFICATE block of PEM text (a bundle); at least one must be there. */
export function parseCertificatesPem(text: string, what = 'certificate'): Certificate[] {
  const blocks = decodePemBlocks(text).filter((b) => b.label === 'CERTIFICATE');
  if (blocks.length === 0) throw new PkiError('pem', `${what}: no "CERTIFICATE" PEM block found`);
  return blocks.map((b) => parseCertificate(b.der));
}

/** The serial number as a decimal string, as cfssl and Go print it. */
export function serialDecimal(serial: Uint8Array): string {
  let n = 0n;
  for (const b of serial) n = (n << 8n) | BigInt(b);
  if (serial.length > 0 && serial[0]! & 0x80) n -= 1n << BigInt(serial.length * 8);
  return n.toString();
}

/**
 * The serial number in lower-case hex, without the zero octet DER puts before a high bit: how
 * the issued-certificate ledger and revocations name a certificate.
 */
export function serialHex(serial: Uint8Array): string {
  return Buffer.from(serial.buffer, serial.byteOffset, serial.byteLength).toString('hex').replace(/^(00)+(?=.)/, '');
}

/** Why a certificate does not chain to an issuer; undefined means it does. */
export function checkIssuedBy(cert: Certificate, issuer: Certificate, now?: Date): string | undefined {
  if (!bytesEqual(cert.issuer.raw, issuer.subject.raw)) return 'issuer name does not match the CA subject';
  if (!issuer.basicConstraints?.ca) return 'the issuing certificate is not a CA';
  if (issuer.keyUsage !== undefined && !(issuer.keyUsage & (1 << KeyUsageBit.keyCertSign))) {
    return 'the issuing certificate may not sign certificates (no keyCertSign)';
  }
  if (!verifyWith(cert.signatureAlgorithm, publicKeyObject(issuer.publicKey), cert.tbsRaw, cert.signature)) {
    return 'signature does not verify with the CA key';
  }
  const critical = cert.extensions.find((e) => e.critical && !understoodExtensions.has(e.oid));
  if (critical) return `unhandled critical extension ${critical.oid}`;
  if (now) {
    if (now < cert.notBefore) return `certificate is not yet valid (notBefore ${cert.notBefore.toISOString()})`;
    if (now > cert.notAfter) return `certificate has expired (notAfter ${cert.notAfter.toISOString()})`;
  }
  return undefined;
}

/** Byte equality. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/** A certificate's SHA-256 in hex: how Kubernetes names a client certificate credential (X509SHA256=...). */
export function certificateSha256(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}
