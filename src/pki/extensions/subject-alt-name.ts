// SubjectAltName (RFC 5280 §4.2.1.6).

import { DerReader } from '../der/reader.js';
import { Tag } from '../der/tags.js';
import { encodeGeneralNames, readGeneralNames, type SubjectAltNames } from '../general-name.js';

/** Parses the extension value. */
export function readSubjectAltName(reader: DerReader): SubjectAltNames {
  return readGeneralNames(reader.enter(Tag.Sequence, 'subjectAltName'));
}

/** Encodes the extension value. */
export function encodeSubjectAltName(sans: SubjectAltNames): Uint8Array {
  return encodeGeneralNames(sans);
}
