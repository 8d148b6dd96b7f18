// X.501 distinguished names: parsing every attribute openssl and cfssl emit, building them in
// the order Go (and so cfssl and Kubernetes) writes them, and printing them for people.

import { PkiError, withContext } from './errors.js';
import { DerReader } from './der/reader.js';
import { Tag } from './der/tags.js';
import { directoryString, ia5String, sequence, setOf } from './der/writer.js';
import { encodeOid } from './der/oid.js';

/** One attribute of a relative distinguished name. */
export interface NameAttribute {
  /** Dotted OID. */
  readonly type: string;
  readonly value: string;
  /** The string type it was encoded with (Tag.Utf8String, Tag.PrintableString, ...). */
  readonly tag: number;
}

/** A distinguished name: RDNs in encoded order, each one or more attributes, plus its DER. */
export interface Name {
  readonly rdns: readonly (readonly NameAttribute[])[];
  readonly raw: Uint8Array;
}

/** Attribute OIDs by the short names openssl prints and `-subj` accepts. */
export const NameAttr = {
  C: '2.5.4.6',
  ST: '2.5.4.8',
  L: '2.5.4.7',
  street: '2.5.4.9',
  postalCode: '2.5.4.17',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
  serialNumber: '2.5.4.5',
  SN: '2.5.4.4',
  GN: '2.5.4.42',
  title: '2.5.4.12',
  initials: '2.5.4.43',
  generationQualifier: '2.5.4.44',
  dnQualifier: '2.5.4.46',
  pseudonym: '2.5.4.65',
  organizationIdentifier: '2.5.4.97',
  businessCategory: '2.5.4.15',
  emailAddress: '1.2.840.113549.1.9.1',
  DC: '0.9.2342.19200300.100.1.25',
  UID: '0.9.2342.19200300.100.1.1',
} as const;

const shortNames = new Map<string, string>(Object.entries(NameAttr).map(([k, v]) => [v, k]));

/** `CN`, `O`, ... for a known attribute OID, else the dotted OID. */
export function attributeShortName(oid: string): string {
  return shortNames.get(oid) ?? oid;
}

function decodeUtf16be(bytes: Uint8Array, what: string): string {
  if (bytes.length % 2 !== 0) throw new PkiError('der', `${what}: BMPString of odd length`);
  let s = '';
  for (let i = 0; i < bytes.length; i += 2) s += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
  return s;
}

function decodeUtf32be(bytes: Uint8Array, what: string): string {
  if (bytes.length % 4 !== 0) throw new PkiError('der', `${what}: UniversalString of bad length`);
  let s = '';
  for (let i = 0; i < bytes.length; i += 4) {
    const cp = ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0;
    if (cp > 0x10ffff) throw new PkiError('der', `${what}: UniversalString code point out of range`);
    s += String.fromCodePoint(cp);
  }
  return s;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes the directory-string types found in names. */
export function decodeDirectoryString(tag: number, bytes: Uint8Array, what: string): string {
  switch (tag) {
    case Tag.Utf8String:
      try {
        return utf8.decode(bytes);
      } catch {
        throw new PkiError('der', `${what}: UTF8String is not valid UTF-8`);
      }
    case Tag.PrintableString:
    case Tag.Ia5String:
    case Tag.T61String:
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    case Tag.BmpString:
      return decodeUtf16be(bytes, what);
    case Tag.UniversalString:
      return decodeUtf32be(bytes, what);
    default:
      throw new PkiError('der', `${what}: unsupported string type 0x${tag.toString(16)}`);
  }
}

/** Parses a Name whose SEQUENCE starts at the reader's position. */
export function readName(reader: DerReader, what: string): Name {
  const outer = reader.expect(Tag.Sequence, what);
  return withContext(what, () => {
    const rdnsReader = reader.into(outer);
    const rdns: NameAttribute[][] = [];
    while (rdnsReader.hasMore()) {
      const set = rdnsReader.enter(Tag.Set, 'relative distinguished name');
      const rdn: NameAttribute[] = [];
      while (set.hasMore()) {
        const atv = set.enter(Tag.Sequence, 'attribute');
        const type = atv.readOid('attribute type');
        const valueTlv = atv.read();
        atv.finish('attribute');
        const name = attributeShortName(type);
        rdn.push({ type, value: decodeDirectoryString(valueTlv.tag, atv.content(valueTlv), name), tag: valueTlv.tag });
      }
      if (rdn.length === 0) throw new PkiError('der', 'empty relative distinguished name');
      rdns.push(rdn);
    }
    return { rdns, raw: reader.raw(outer) };
  });
}

/** All values of one attribute type, in order. */
export function nameValues(name: Name, type: string): string[] {
  const out: string[] = [];
  for (const rdn of name.rdns) for (const atv of rdn) if (atv.type === type) out.push(atv.value);
  return out;
}

/** The last common name, which is the one Go (and so Kubernetes) uses. */
export function commonName(name: Name): string {
  const all = nameValues(name, NameAttr.CN);
  return all[all.length - 1] ?? '';
}

/**
 * openssl's one-line quoting (XN_FLAG_ONELINE): a value holding a separator or with leading or
 * trailing space is put in double quotes, and inside it only `"` and `\` are escaped.
 */
function quoteValue(v: string): string {
  const escaped = v.replace(/(["\\])/g, '\\$1');
  return /[,+;<>]|^[ #]|[ ]$/.test(v) ? `"${escaped}"` : escaped;
}

/** openssl's one-line form, `C = US, O = system:nodes, CN = system:node:a`, in encoded order. */
export function formatName(name: Name): string {
  return name.rdns
    .map((rdn) => rdn.map((a) => `${attributeShortName(a.type)} = ${quoteValue(a.value)}`).join(' + '))
    .join(', ');
}

/** An attribute to encode: type OID and value; the string type is chosen as Go chooses it. */
export interface NameEntry {
  readonly type: string;
  readonly value: string;
}

function encodeAttribute(entry: NameEntry): Uint8Array {
  // PKCS#9 emailAddress and RFC 4519 domainComponent are IA5String by definition.
  const isIa5 = entry.type === NameAttr.emailAddress || entry.type === NameAttr.DC;
  return sequence(encodeOid(entry.type), isIa5 ? ia5String(entry.value) : directoryString(entry.value));
}

/** Encodes RDNs; each inner array is one (possibly multi-valued) RDN. */
export function encodeName(rdns: readonly (readonly NameEntry[])[]): Name {
  const raw = sequence(...rdns.map((rdn) => setOf(rdn.map(encodeAttribute))));
  return readName(new DerReader(raw), 'name');
}

/** The subject fields cfssl's CSR JSON and Go's pkix.Name carry. */
export interface SubjectFields {
  readonly C?: readonly string[];
  readonly ST?: readonly string[];
  readonly L?: readonly string[];
  readonly street?: readonly string[];
  readonly postalCode?: readonly string[];
  readonly O?: readonly string[];
  readonly OU?: readonly string[];
  readonly CN?: string;
  readonly serialNumber?: string;
  /** Extra attributes, appended after the named ones, one RDN each. */
  readonly extra?: readonly NameEntry[];
}

/**
 * Builds a Name in Go's order (C, ST, L, street, postalCode, O, OU, CN, serialNumber), one
 * attribute per RDN, as cfssl does; empty values are skipped.
 */
export function buildName(fields: SubjectFields): Name {
  const rdns: NameEntry[][] = [];
  const add = (type: string, values: readonly string[] | undefined): void => {
    for (const value of values ?? []) if (value !== '') rdns.push([{ type, value }]);
  };
  add(NameAttr.C, fields.C);
  add(NameAttr.ST, fields.ST);
  add(NameAttr.L, fields.L);
  add(NameAttr.street, fields.street);
  add(NameAttr.postalCode, fields.postalCode);
  add(NameAttr.O, fields.O);
  add(NameAttr.OU, fields.OU);
  if (fields.CN) add(NameAttr.CN, [fields.CN]);
  if (fields.serialNumber) add(NameAttr.serialNumber, [fields.serialNumber]);
  for (const e of fields.extra ?? []) rdns.push([e]);
  return encodeName(rdns);
}

/**
 * The name re-encoded as Go's crypto/x509 writes a pkix.Name, which is what Kubernetes' signer
 * issues: C, ST, L, street, postalCode, O, OU, CN, serialNumber, each type one RDN holding all
 * its values; only the last CN and serialNumber survive; attributes Go does not model (e-mail
 * address, UID, DC, ...) are dropped.
 */
export function reencodeAsGo(name: Name): Name {
  const rdns: NameEntry[][] = [];
  for (const type of [NameAttr.C, NameAttr.ST, NameAttr.L, NameAttr.street, NameAttr.postalCode, NameAttr.O, NameAttr.OU]) {
    const values = nameValues(name, type);
    if (values.length > 0) rdns.push(values.map((value) => ({ type, value })));
  }
  for (const type of [NameAttr.CN, NameAttr.serialNumber]) {
    const values = nameValues(name, type).filter((v) => v !== '');
    if (values.length > 0) rdns.push([{ type, value: values[values.length - 1]! }]);
  }
  return encodeName(rdns);
}
