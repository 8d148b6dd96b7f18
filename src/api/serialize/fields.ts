// Typed decoding of a parsed JSON/YAML tree against a kind's shape, as Go's encoding/json would decode
// it into the typed struct: unknown fields dropped (and reported for fieldValidation), nulls as zero
// values, type mismatches and bad base64 refused with Go's texts.
// Mirrors `sigs.k8s.io/json` strict decoding and `metav1.Time.UnmarshalJSON`.

import { Base64Error, decodeBase64Std } from '../go-encoding.js';
import { goQuote } from '../field-error.js';
import type { FieldShape, MapShape, MessageShape, Shape } from './shape-kit.js';

/** kube-apiserver's `fieldValidation` query parameter. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Source texts of fractional/exponent numbers, by container and key. */
export type NumberTexts = WeakMap<object, Map<string | number, string>>;

/**
 * A body that cannot be decoded. `strict` is true when only unknown or duplicate fields are the
 * problem (the message then starts `strict decoding error: `).
 */
/** The kind, group and version a body's kind and apiVersion name. */
export interface SentType {
  readonly kind: string;
  readonly group: string;
  readonly version: string;
}

export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  /** The type the body named ('' where it named none), when it could be read that far (for the error's wording). */
  sent: SentType | undefined;

  /** `syntax`: the body is not well-formed JSON at all (before any field could be read). */
  constructor(message: string, readonly strict: boolean, readonly syntax = false) {
    super(message);
  }
}

/** A decoded object and the warnings to send (`fieldValidation=Warn`). */
export interface Decoded<T> {
  readonly object: T;
  readonly warnings: readonly string[];
}

/** Options for `checkFields`. */
export interface CheckOptions {
  readonly fieldValidation: FieldValidation;
  readonly numberTexts?: NumberTexts;
  /** Strict problems found earlier (duplicate keys), reported before unknown fields. */
  readonly preErrors?: readonly string[];
}

const int32Range = [-2147483648, 2147483647] as const;
const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

class Walker {
  readonly strict: string[] = [];
  constructor(readonly numberTexts: NumberTexts | undefined) {}

  message(value: unknown, shape: MessageShape, path: string, goPath: string): Record<string, unknown> {
    const obj = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj)) {
      const field = shape.fields.find((f) => f.name === key);
      const fieldPath = path === '' ? key : `${path}.${key}`;
      if (!field) {
        this.strict.push(`unknown field ${goQuote(fieldPath)}`);
        continue;
      }
      const v = obj[key];
      if (v === null || v === undefined) continue; // null decodes to Go's zero value
      const goFieldPath = goPath === '' ? key : `${goPath}.${key}`;
      const decoded = this.field(v, field, { container: obj, slot: key, path: fieldPath, goPath: goFieldPath, struct: shape.go });
      Object.defineProperty(out, key, { value: decoded, writable: true, enumerable: true, configurable: true });
    }
    return out;
  }

  field(v: unknown, field: FieldShape, at: Site): unknown {
    if (!field.repeated) return this.value(v, field.shape, at);
    if (!Array.isArray(v)) throw typeError(jsonType(v), at, `[]${goTypeName(field.shape)}`);
    return v.map((item, i) => (item === null ? zeroOf(field.shape) : this.value(item, field.shape, { ...at, container: v, slot: i, path: `${at.path}[${i}]` })));
  }

  value(v: unknown, shape: Shape, at: Site): unknown {
    if (typeof shape === 'string') return this.leaf(v, shape, at);
    if (!isObject(v)) throw typeError(jsonType(v), at, goTypeName(shape));
    if (shape.kind === 'message') return this.message(v, shape, at.path, at.goPath);
    return this.map(v, shape, at);
  }

  map(v: Record<string, unknown>, shape: MapShape, at: Site): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      const item = v[key];
      // Go names the map field, not the key, in type errors.
      const site: Site = { ...at, container: v, slot: key, path: `${at.path}.${key}` };
      const decoded = item === null ? zeroOf(shape.values) : this.value(item, shape.values, site);
      Object.defineProperty(out, key, { value: decoded, writable: true, enumerable: true, configurable: true });
    }
    return out;
  }

  leaf(v: unknown, leaf: Exclude<Shape, object>, at: Site): unknown {
    switch (leaf) {
      case 'string':
      case 'keyUsage':
        if (typeof v !== 'string') throw typeError(jsonType(v), at, goTypeName(leaf));
        return v;
      case 'bool':
        if (typeof v !== 'boolean') throw typeError(jsonType(v), at, 'bool');
        return v;
      case 'int32':
      case 'int64':
        return this.integer(v, leaf, at);
      case 'bytes':
        if (typeof v !== 'string') throw typeError(jsonType(v), at, '[]uint8');
        try {
          decodeBase64Std(v);
        } catch (err) {
          if (err instanceof Base64Error) throw new DecodeError(err.message, false);
          throw err;
        }
        return v;
      case 'time':
        if (typeof v !== 'string') throw new DecodeError(`json: cannot unmarshal ${jsonType(v)} into Go value of type string`, false);
        if (!rfc3339.test(v) || Number.isNaN(Date.parse(v))) {
          throw new DecodeError(`parsing time ${goQuote(v)} as "2006-01-02T15:04:05Z07:00": cannot parse ${goQuote(v)} as "2006"`, false);
        }
        return v;
      case 'extraValue':
        if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw typeError(jsonType(v), at, 'v1.ExtraValue');
        return v;
      case 'raw':
        return v;
    }
  }

  integer(v: unknown, leaf: 'int32' | 'int64', at: Site): number {
    if (typeof v !== 'number') throw typeError(jsonType(v), at, leaf);
    const text = this.numberTexts?.get(at.container as object)?.get(at.slot);
    const [lo, hi] = leaf === 'int32' ? int32Range : [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
    if (text !== undefined || !Number.isInteger(v) || v < lo || v > hi) {
      throw typeError(`number ${text ?? String(v)}`, at, leaf);
    }
    return v;
  }
}

interface Site {
  readonly container: unknown;
  readonly slot: string | number;
  /** Path for unknown-field reports, with list indices (`spec.rules[6].x`). */
  readonly path: string;
  /** Path for Go type errors: JSON names only, no indices. */
  readonly goPath: string;
  /** The Go struct holding the field. */
  readonly struct: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v; // string, number
}

function goTypeName(shape: Shape): string {
  if (typeof shape === 'string') {
    const names: Record<string, string> = { bytes: '[]uint8', time: 'v1.Time', raw: 'v1.FieldsV1', extraValue: 'v1.ExtraValue', keyUsage: 'v1.KeyUsage' };
    return names[shape] ?? shape;
  }
  return shape.kind === 'message' ? `v1.${shape.go}` : shape.go;
}

function zeroOf(shape: Shape): unknown {
  if (shape === 'string' || shape === 'keyUsage' || shape === 'bytes') return '';
  if (shape === 'int32' || shape === 'int64') return 0;
  if (shape === 'bool') return false;
  if (shape === 'extraValue') return [];
  return typeof shape === 'object' ? {} : null;
}

function typeError(what: string, at: Site, type: string): DecodeError {
  return new DecodeError(`json: cannot unmarshal ${what} into Go struct field ${at.struct}.${at.goPath} of type ${type}`, false);
}

/** The kind and version (without group) a decoded body names, if it names a kind. */
function typeMetaOf(value: Record<string, unknown>): SentType {
  const { kind, apiVersion } = value;
  const gv = typeof apiVersion === 'string' ? apiVersion : '';
  const slash = gv.indexOf('/');
  return { kind: typeof kind === 'string' ? kind : '', group: slash < 0 ? '' : gv.slice(0, slash), version: gv.slice(slash + 1) };
}

/**
 * Decodes a parsed tree into a plain object of `shape` (see `decodeJson`). Throws DecodeError for
 * type errors, and for strict problems under `Strict`.
 */
export function checkFields<T>(value: unknown, shape: MessageShape, opts: CheckOptions): Decoded<T> {
  if (value === null) return { object: {} as T, warnings: [] };
  if (!isObject(value)) {
    throw new DecodeError(`json: cannot unmarshal ${jsonType(value)} into Go value of type v1.${shape.go}`, false);
  }
  const walker = new Walker(opts.numberTexts);
  let object: T;
  try {
    object = walker.message(value, shape, '', '') as T;
  } catch (err) {
    if (err instanceof DecodeError) err.sent ??= typeMetaOf(value);
    throw err;
  }
  const strict = [...(opts.preErrors ?? []), ...walker.strict];
  if (strict.length === 0 || opts.fieldValidation === 'Ignore') return { object, warnings: [] };
  if (opts.fieldValidation === 'Warn') return { object, warnings: strict };
  const err = new DecodeError(`strict decoding error: ${strict.join(', ')}`, true);
  err.sent = typeMetaOf(value);
  throw err;
}
