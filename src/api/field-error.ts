// Field-level validation errors, rendered byte-for-byte as Kubernetes 1.32 renders them.
// Mirrors `k8s.io/apimachinery/pkg/util/validation/field/errors.go` and `.../util/errors` (aggregate).

/** The machine-readable error types; they double as StatusCause `reason`s. */
export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

/**
 * A value as Go's `%#v` would print it, for values that are not plain strings, numbers or bools:
 * `{ bytes }` is a `[]byte` (`null` is a nil slice), `{ goSyntax }` is text already in Go syntax.
 */
export type GoValue = { readonly bytes: Uint8Array | null } | { readonly goSyntax: string };

/** The offending value. Strings print quoted, numbers and bools bare, `null` as `null`. */
export type BadValue = string | number | boolean | null | GoValue | typeof omitValue;

/** Marks a value that must not be printed (Go's `omitValue`). */
export const omitValue: unique symbol = Symbol('omitValue');

/** One validation failure at one field path. */
export interface FieldError {
  readonly type: FieldErrorType;
  /** Go's Path.String(): `spec.usages[2]`, `metadata.labels[app]`. */
  readonly field: string;
  readonly badValue: BadValue;
  readonly detail: string;
}

const typeText: Readonly<Record<FieldErrorType, string>> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** `parent.name`, or `name` at the root. */
export function child(parent: string, name: string): string {
  return parent === '' ? name : `${parent}.${name}`;
}

/** `parent[i]`. */
export function index(parent: string, i: number): string {
  return `${parent}[${i}]`;
}

/** `parent[key]` (map keys are printed unquoted, as Go's Path.Key does). */
export function key(parent: string, k: string): string {
  return `${parent}[${k}]`;
}

/** A required value is missing. */
export function required(field: string, detail = ''): FieldError {
  return { type: 'FieldValueRequired', field, badValue: '', detail };
}

/** A malformed value. */
export function invalid(field: string, value: BadValue, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, badValue: value, detail };
}

/** A value outside an enumeration; `validValues` are printed quoted, in the order given. */
export function notSupported(field: string, value: BadValue, validValues: readonly string[]): FieldError {
  const detail = validValues.length > 0 ? `supported values: ${validValues.map(goQuote).join(', ')}` : '';
  return { type: 'FieldValueNotSupported', field, badValue: value, detail };
}

/** A value that must be unique is repeated. */
export function duplicate(field: string, value: BadValue): FieldError {
  return { type: 'FieldValueDuplicate', field, badValue: value, detail: '' };
}

/** A well-formed value that is not allowed here. */
export function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, badValue: '', detail };
}

/** A value longer than `maxLength` bytes (1.32 wording; the value itself is never printed). */
export function tooLong(field: string, maxLength: number): FieldError {
  const detail = maxLength >= 0 ? `may not be more than ${maxLength} bytes` : 'value is too long';
  return { type: 'FieldValueTooLong', field, badValue: '<value omitted>', detail };
}

/** A list with more than `maxQuantity` items; a negative `actual` is not printed. */
export function tooMany(field: string, actual: number, maxQuantity: number): FieldError {
  const detail = maxQuantity >= 0 ? `must have at most ${maxQuantity} items` : 'has too many items';
  return { type: 'FieldValueTooMany', field, badValue: actual >= 0 ? actual : omitValue, detail };
}

/** A failure unrelated to the input. */
export function internalError(field: string, message: string): FieldError {
  return { type: 'InternalError', field, badValue: null, detail: message };
}

/** A referenced value does not exist. */
export function notFound(field: string, value: BadValue): FieldError {
  return { type: 'FieldValueNotFound', field, badValue: value, detail: '' };
}

/** The error without its field: `Invalid value: "x": detail`. Used as a StatusCause message. */
export function errorBody(e: FieldError): string {
  let s = typeText[e.type];
  const valueless =
    e.type === 'FieldValueRequired' || e.type === 'FieldValueForbidden' || e.type === 'FieldValueTooLong' || e.type === 'InternalError';
  if (!valueless && e.badValue !== omitValue) s += `: ${formatBadValue(e.badValue)}`;
  if (e.detail !== '') s += `: ${e.detail}`;
  return s;
}

/** `field: body`, as Go's `(*field.Error).Error()`. */
export function errorString(e: FieldError): string {
  return `${e.field}: ${errorBody(e)}`;
}

/**
 * The text Kubernetes puts after `is invalid: `: duplicates (by full text) dropped, a single error
 * bare, several as `[e1, e2]`. Empty input gives ''.
 */
export function aggregateMessage(errors: readonly FieldError[]): string {
  const seen = new Set<string>();
  for (const e of errors) seen.add(errorString(e));
  const msgs = [...seen];
  if (msgs.length <= 1) return msgs[0] ?? '';
  return `[${msgs.join(', ')}]`;
}

function formatBadValue(v: BadValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'symbol') return '';
  if ('bytes' in v) return goBytes(v.bytes);
  return v.goSyntax;
}

/** Go's `%#v` of a `[]byte`: `[]byte{0x2d, 0x2d}`, `[]byte{}`, or `[]byte(nil)`. */
export function goBytes(bytes: Uint8Array | null): string {
  if (bytes === null) return '[]byte(nil)';
  const parts: string[] = [];
  for (const b of bytes) parts.push(`0x${b.toString(16).padStart(2, '0')}`);
  return `[]byte{${parts.join(', ')}}`;
}

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const simpleEscapes: Readonly<Record<string, string>> = {
  '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\',
};

/** Go's strconv.Quote: printable Unicode kept, everything else escaped with lowercase hex. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const esc = simpleEscapes[ch];
    if (esc !== undefined) {
      out += esc;
      continue;
    }
    if (printable.test(ch)) {
      out += ch;
      continue;
    }
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return out + '"';
}
