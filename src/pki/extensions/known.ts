// Decodes the extensions whose meaning signet acts on, from a parsed extension list.

import { Oid } from '../der/oid.js';
import { noAltNames, type SubjectAltNames } from '../general-name.js';
import { decodeExtensionValue, type Extension } from './extension.js';
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

/** Decodes the known extensions; a malformed one is an error that names it. */
export function decodeKnownExtensions(extensions: readonly Extension[]): KnownExtensions {
  let sans = noAltNames;
  let keyUsage: number | undefined;
  let extKeyUsage: string[] | undefined;
  let basicConstraints: BasicConstraints | undefined;
  let subjectKeyId: Uint8Array | undefined;
  let authorityKeyId: Uint8Array | undefined;
  for (const ext of extensions) {
    switch (ext.oid) {
      case Oid.subjectAltName:
        sans = decodeExtensionValue('subjectAltName', ext.value, readSubjectAltName);
        break;
      case Oid.keyUsage:
        keyUsage = decodeExtensionValue('keyUsage', ext.value, readKeyUsage);
        break;
      case Oid.extKeyUsage:
        extKeyUsage = decodeExtensionValue('extKeyUsage', ext.value, readExtKeyUsage);
        break;
      case Oid.basicConstraints:
        basicConstraints = decodeExtensionValue('basicConstraints', ext.value, readBasicConstraints);
        break;
      case Oid.subjectKeyIdentifier:
        subjectKeyId = decodeExtensionValue('subjectKeyIdentifier', ext.value, readSubjectKeyIdentifier);
        break;
      case Oid.authorityKeyIdentifier:
        authorityKeyId = decodeExtensionValue('authorityKeyIdentifier', ext.value, readAuthorityKeyIdentifier);
        break;
      // Others are kept raw on the parsed object; a CA decides what, if anything, to copy.
    }
  }
  return { sans, keyUsage, extKeyUsage, basicConstraints, subjectKeyId, authorityKeyId };
}
