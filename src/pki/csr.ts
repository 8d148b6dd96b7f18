// PKCS#10 certification requests (RFC 2986): strict parsing that keeps the raw DER,
// signature verification, and creation.

import type { KeyObject } from 'node:crypto';
import { PkiError, withContext } from './errors.js';
import { DerReader } from './der/reader.js';
import { Tag } from './der/tags.js';
import { bitString, constructed, sequence, setOf } from './der/writer.js';
import { encodeOid, Oid } from './der/oid.js';
import { readName, type Name } from './name.js';
import { publicKeyObject, readPublicKeyInfo, type PublicKeyInfo } from './public-key.js';
import { readSignatureAlgorithm, signatureAlgorithmFor, signWith, verifyWith, type SignatureAlgorithm } from './signature.js';
import { encodeExtension, readExtensions, type Extension } from './extensions/extension.js';
import { decodeKnownExtensions, type KnownExtensions } from './extensions/known.js';
import { publicKeyInfoOf } from './keys.js';
import { decodePem } from './pem.js';
import { encodeSubjectAltName } from './extensions/subject-alt-name.js';
import { hasAltNames, type SubjectAltNames } from './general-name.js';
import { encodeKeyUsage } from './extensions/key-usage.js';
import { encodeExtKeyUsage } from './extensions/ext-key-usage.js';
import { encodeBasicConstraints, type BasicConstraints } from './extensions/basic-constraints.js';

/** A PKCS#9 attribute other than extensionRequest, kept raw. */
export interface CsrAttribute {
  readonly type: string;
  readonly values: readonly Uint8Array[];
}

/** A parsed request. Every view points into `raw`; nothing is re-encoded. */
export interface CertificateRequest extends KnownExtensions {
  readonly raw: Uint8Array;
  readonly tbsRaw: Uint8Array;
  readonly subject: Name;
  readonly publicKey: PublicKeyInfo;
  readonly signatureAlgorithm: SignatureAlgorithm;
  readonly signature: Uint8Array;
  /** The extensionRequest attribute's extensions, unknown ones included. */
  readonly extensions: readonly Extension[];
  readonly attributes: readonly CsrAttribute[];
}

/** Parses a DER request. Errors read `csr: <where>: <what>`. */
export function parseCsr(der: Uint8Array): CertificateRequest {
  return withContext('csr', () => {
    const top = new DerReader(der);
    const outer = top.expect(Tag.Sequence, 'CertificationRequest');
    top.finish('CertificationRequest');
    const req = top.into(outer);
    const tbsTlv = req.expect(Tag.Sequence, 'certificationRequestInfo');
    const signatureAlgorithm = readSignatureAlgorithm(req, 'signatureAlgorithm');
    const { bytes: signature, unusedBits } = req.readBitString('signature');
    if (unusedBits !== 0) throw new PkiError('der', 'signature: BIT STRING has unused bits');
    req.finish('CertificationRequest');

    const info = req.into(tbsTlv);
    const version = info.readSmallInt('version');
    if (version !== 0) throw new PkiError('csr', `version: ${version} is not 0 (v1)`);
    const subject = readName(info, 'subject');
    const publicKey = withContext('subjectPublicKeyInfo', () => readPublicKeyInfo(info));
    let extensions: Extension[] = [];
    const attributes: CsrAttribute[] = [];
    // RFC 2986 makes [0] mandatory, but some encoders omit it when empty; Go accepts that too.
    const attrsTlv = info.optional(0xa0);
    if (attrsTlv) {
      const attrs = info.into(attrsTlv);
      while (attrs.hasMore()) {
        const attr = attrs.enter(Tag.Sequence, 'attribute');
        const type = attr.readOid('attribute type');
        const values = attr.enter(Tag.Set, type);
        attr.finish('attribute');
        if (type === Oid.extensionRequest) {
          extensions = withContext('extensionRequest', () => {
            const exts = values.enter(Tag.Sequence, 'extensions');
            values.finish('extensionRequest');
            return readExtensions(exts);
          });
        } else {
          const raw: Uint8Array[] = [];
          while (values.hasMore()) raw.push(values.raw(values.read()));
          attributes.push({ type, values: raw });
        }
      }
    }
    info.finish('certificationRequestInfo');
    const known = withContext('extensionRequest', () => decodeKnownExtensions(extensions));
    return {
      raw: top.raw(outer),
      tbsRaw: req.raw(tbsTlv),
      subject,
      publicKey,
      signatureAlgorithm,
      signature,
      extensions,
      attributes,
      ...known,
    };
  });
}

/** PEM labels a request may carry: the standard one, and the one old Netscape tools wrote. */
export const csrPemLabels = ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST'];

/** Parses the first request in PEM text. */
export function parseCsrPem(text: string): CertificateRequest {
  return parseCsr(decodePem(text, csrPemLabels, 'certificate request').der);
}

/** Throws unless the request's signature verifies with its own public key. */
export function verifyCsrSignature(csr: CertificateRequest): void {
  const key = publicKeyObject(csr.publicKey);
  if (!verifyWith(csr.signatureAlgorithm, key, csr.tbsRaw, csr.signature)) {
    throw new PkiError('signature', 'csr: signature does not verify with the request\'s public key');
  }
}

/** What to put into a new request. */
export interface CsrOptions {
  /** Encoded subject Name DER (see name.ts buildName / encodeName). */
  readonly subject: Uint8Array;
  readonly privateKey: KeyObject;
  readonly sans?: SubjectAltNames;
  readonly keyUsage?: number;
  readonly extKeyUsage?: readonly string[];
  readonly basicConstraints?: BasicConstraints;
}

/** Creates and signs a request; returns its DER. */
export function createCsr(opts: CsrOptions): Uint8Array {
  const exts: Uint8Array[] = [];
  if (opts.keyUsage) exts.push(encodeExtension(Oid.keyUsage, true, encodeKeyUsage(opts.keyUsage)));
  if (opts.extKeyUsage?.length) exts.push(encodeExtension(Oid.extKeyUsage, false, encodeExtKeyUsage(opts.extKeyUsage)));
  if (opts.basicConstraints) exts.push(encodeExtension(Oid.basicConstraints, true, encodeBasicConstraints(opts.basicConstraints)));
  if (opts.sans && hasAltNames(opts.sans)) {
    const emptySubject = opts.subject.length === 2;
    exts.push(encodeExtension(Oid.subjectAltName, emptySubject, encodeSubjectAltName(opts.sans)));
  }
  const attributes =
    exts.length > 0
      ? [sequence(encodeOid(Oid.extensionRequest), setOf([sequence(...exts)]))]
      : [];
  const info = sequence(
    Uint8Array.of(Tag.Integer, 1, 0),
    opts.subject,
    publicKeyInfoOf(opts.privateKey),
    constructed(0xa0, attributes),
  );
  const alg = signatureAlgorithmFor(opts.privateKey);
  return sequence(info, alg.der, bitString(signWith(alg, opts.privateKey, info)));
}
