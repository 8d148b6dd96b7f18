// Decodes the extensions whose meaning signet acts on, from a parsed extension list.

import { Oid } from '../der/oid.js';
import { noAltNames, type SubjectAltNames } from '../general-name.js';
import { decodeExtensionValue, type Extension } from './extension.js';
import type { DerReader } from '../der/reader.js';
import { readKeyUsage } from './key-usage.js';
import { readExtKeyUsage } from './ext-key-usage.js';
import { readBasicConstraints, type BasicConstraints } from './basic-constraints.js';
import { readSubjectAltName } from './subject-alt-name.js';
import { readSubjectKeyIdentifier } from './subject-key-identifier.js';
import { readAuthorityKeyIdentifier } from './authority-key-identifier.js';

/** The decoded form of the extensions we understand; absent ones are undefined. */
export interface KnownExtensions {
  readonly sans: SubjectAltNames;
  readonly keyUsage?: number;
  readonly extKeyUsage?: readonly string[];
  readonly basicConstraints?: BasicConstraints;
  readonly subjectKeyId?: Uint8Array;
  readonly authorityKeyId?: Uint8Array;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Each extension signet acts on: its OID, the name errors use, and where its decoded value goes. */
const known: readonly { readonly oid: string; readonly name: string; readonly decode: (r: DerReader, out: Mutable<KnownExtensions>) => void }[] = [
  { oid: Oid.subjectAltName, name: 'subjectAltName', decode: (r, out) => { out.sans = readSubjectAltName(r); } },
  { oid: Oid.keyUsage, name: 'keyUsage', decode: (r, out) => { out.keyUsage = readKeyUsage(r); } },
  { oid: Oid.extKeyUsage, name: 'extKeyUsage', decode: (r, out) => { out.extKeyUsage = readExtKeyUsage(r); } },
  { oid: Oid.basicConstraints, name: 'basicConstraints', decode: (r, out) => { out.basicConstraints = readBasicConstraints(r); } },
  { oid: Oid.subjectKeyIdentifier, name: 'subjectKeyIdentifier', decode: (r, out) => { out.subjectKeyId = readSubjectKeyIdentifier(r); } },
  { oid: Oid.authorityKeyIdentifier, name: 'authorityKeyIdentifier', decode: (r, out) => { out.authorityKeyId = readAuthorityKeyIdentifier(r); } },
];
const byOid = new Map(known.map((k) => [k.oid, k]));

/** Decodes the known extensions; a malformed one is an error that names it. */
export function decodeKnownExtensions(extensions: readonly Extension[]): KnownExtensions {
  const out: Mutable<KnownExtensions> = { sans: noAltNames, keyUsage: undefined, extKeyUsage: undefined, basicConstraints: undefined, subjectKeyId: undefined, authorityKeyId: undefined };
  for (const ext of extensions) {
    // Others are kept raw on the parsed object; a CA decides what, if anything, to copy.
    const k = byOid.get(ext.oid);
    if (k) decodeExtensionValue(k.name, ext.value, (r) => k.decode(r, out));
  }
  return out;
}
