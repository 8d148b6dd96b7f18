// BasicConstraints (RFC 5280 §4.2.1.9).

import { PkiError } from '../errors.js';
import { DerReader } from '../der/reader.js';
import { Tag } from '../der/tags.js';
import { booleanTrue, sequence, smallInteger } from '../der/writer.js';

/** Whether the subject is a CA, and how many CAs may follow it in a path. */
export interface BasicConstraints {
  readonly ca: boolean;
  readonly pathLen?: number;
}

/** Parses the extension value. */
export function readBasicConstraints(reader: DerReader): BasicConstraints {
  const seq = reader.enter(Tag.Sequence, 'basicConstraints');
  const ca = seq.peekTag() === Tag.Boolean ? seq.readBoolean('cA') : false;
  const pathLen = seq.peekTag() === Tag.Integer ? seq.readSmallInt('pathLenConstraint') : undefined;
  seq.finish('basicConstraints');
  if (pathLen !== undefined && !ca) throw new PkiError('der', 'pathLenConstraint without cA');
  return pathLen === undefined ? { ca } : { ca, pathLen };
}

/** Encodes the extension value; cA FALSE is the default and so omitted (an empty SEQUENCE). */
export function encodeBasicConstraints(bc: BasicConstraints): Uint8Array {
  if (!bc.ca) return sequence();
  return bc.pathLen === undefined ? sequence(booleanTrue) : sequence(booleanTrue, smallInteger(bc.pathLen));
}
