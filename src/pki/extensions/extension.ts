// The Extension envelope (RFC 5280 §4.1): OID, criticality, value. Unknown extensions are kept
// with their raw value so nothing a requester sent is silently lost from a parsed object.

import { PkiError, withContext } from '../errors.js';
import { DerReader } from '../der/reader.js';
import { Tag } from '../der/tags.js';
import { booleanTrue, octetString, sequence } from '../der/writer.js';
import { encodeOid } from '../der/oid.js';

/** One extension; `value` is the content of its extnValue OCTET STRING. */
export interface Extension {
  readonly oid: string;
  readonly critical: boolean;
  readonly value: Uint8Array;
}

/** Parses `Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension` from its content reader. */
export function readExtensions(reader: DerReader): Extension[] {
  const out: Extension[] = [];
  const seen = new Set<string>();
  while (reader.hasMore()) {
    const ext = reader.enter(Tag.Sequence, 'extension');
    const oid = ext.readOid('extension id');
    const critical = ext.peekTag() === Tag.Boolean ? ext.readBoolean(oid) : false;
    const value = ext.readOctetString(oid);
    ext.finish(oid);
    // RFC 5280 §4.2: "A certificate MUST NOT include more than one instance of a particular extension."
    if (seen.has(oid)) throw new PkiError('der', `duplicate extension ${oid}`);
    seen.add(oid);
    out.push({ oid, critical, value });
  }
  return out;
}

/** Encodes one extension around already-encoded value DER. */
export function encodeExtension(oid: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical
    ? sequence(encodeOid(oid), booleanTrue, octetString(value))
    : sequence(encodeOid(oid), octetString(value));
}

/** Decodes an extension's value with `parse`, naming the extension in any error. */
export function decodeExtensionValue<T>(name: string, value: Uint8Array, parse: (r: DerReader) => T): T {
  return withContext(name, () => {
    const reader = new DerReader(value);
    const result = parse(reader);
    reader.finish(name);
    return result;
  });
}
