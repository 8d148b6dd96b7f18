// A strict JSON reader: iterative (a hostile body cannot exhaust the stack), capped in depth, reporting
// duplicate keys, with Go's encoding/json error texts; then typed decoding against a kind's shape.
// Mirrors the behaviour of `sigs.k8s.io/json` UnmarshalStrict as kube-apiserver's JSON serializer uses it.

import { goQuote } from '../field-error.js';
import { checkFields, DecodeError, type FieldValidation, type Decoded, type NumberTexts } from './fields.js';
import type { MessageShape } from './shape-kit.js';

/**
 * Nesting allowed in a request body, with Go's error text. Go's encoding/json allows 10,000; here
 * what is decoded is later cloned, patched and serialized by code that recurses (V8's own
 * JSON.stringify gives out near 9,000 levels), so bodies stop at 1,000, far beyond any
 * Kubernetes object, and the same cap as YAML's.
 */
export const defaultMaxDepth = 1000;

/** A syntax error, worded as Go's encoding/json words it. */
export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** Options for `parseJson`. */
export interface ParseOptions {
  readonly maxDepth?: number;
}

/** A parsed document with what strict decoding needs to know about it. */
export interface ParsedJson {
  readonly value: unknown;
  /** Paths of repeated object keys (`metadata.name`), in document order; the last value wins. */
  readonly duplicates: readonly string[];
  /** Source text of numbers written with a fraction or exponent, so `1.0` is not mistaken for an int. */
  readonly numberTexts: NumberTexts;
}

type Frame =
  | { readonly kind: 'object'; readonly value: Record<string, unknown>; readonly path: string; readonly keys: Set<string>; key: string }
  | { readonly kind: 'array'; readonly value: unknown[]; readonly path: string };

const utf8 = new TextDecoder('utf-8');
const ws = new Set([' ', '\t', '\n', '\r']);
const numberRe = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

// Go's quoteChar: the offending character in single quotes.
function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  return `'${goQuote(c).slice(1, -1)}'`;
}

class Reader {
  pos = 0;
  constructor(readonly s: string) {}

  skipWs(): void {
    while (this.pos < this.s.length && ws.has(this.s[this.pos]!)) this.pos++;
  }

  fail(context: string): never {
    if (this.pos >= this.s.length) throw new JsonSyntaxError('unexpected end of JSON input', this.pos);
    const c = String.fromCodePoint(this.s.codePointAt(this.pos)!);
    throw new JsonSyntaxError(`invalid character ${quoteChar(c)} ${context}`, this.pos);
  }

  string(): string {
    const s = this.s;
    let out = '';
    this.pos++; // opening quote
    for (;;) {
      if (this.pos >= s.length) this.fail('in string literal');
      const c = s[this.pos]!;
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c < ' ') this.fail('in string literal');
      if (c !== '\\') {
        out += c;
        this.pos++;
        continue;
      }
      this.pos++;
      out += this.escape();
    }
  }

  escape(): string {
    const e = this.s[this.pos];
    const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
    if (e !== undefined && simple[e] !== undefined) {
      this.pos++;
      return simple[e]!;
    }
    if (e !== 'u') this.fail('in string escape code');
    this.pos++;
    for (let k = 0; k < 4; k++) {
      if (!/[0-9a-fA-F]/.test(this.s[this.pos + k] ?? '')) {
        this.pos += k;
        this.fail('in \\u hexadecimal character escape');
      }
    }
    const code = parseInt(this.s.slice(this.pos, this.pos + 4), 16);
    this.pos += 4;
    return String.fromCharCode(code);
  }

  number(): { value: number; text: string } {
    numberRe.lastIndex = this.pos;
    const m = numberRe.exec(this.s);
    if (!m) {
      this.pos++; // past '-'
      this.fail('in numeric literal');
    }
    const text = m[0];
    const next = this.s[this.pos + text.length];
    if (next === '.') {
      this.pos += text.length + 1;
      this.fail('after decimal point in numeric literal');
    }
    if (next === 'e' || next === 'E') {
      this.pos += text.length + 1;
      if (this.s[this.pos] === '+' || this.s[this.pos] === '-') this.pos++;
      this.fail('in exponent of numeric literal');
    }
    this.pos += text.length;
    return { value: Number(text), text };
  }

  literal(word: 'true' | 'false' | 'null'): void {
    for (let k = 0; k < word.length; k++) {
      if (this.s[this.pos] !== word[k]) this.fail(`in literal ${word} (expecting ${quoteChar(word[k]!)})`);
      this.pos++;
    }
  }
}

function childPath(frame: Frame | undefined): string {
  if (!frame) return '';
  if (frame.kind === 'array') return `${frame.path}[${frame.value.length}]`;
  return frame.path === '' ? frame.key : `${frame.path}.${frame.key}`;
}

// Plain assignment of "__proto__" would change the prototype instead of adding a key.
function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

type ObjectFrame = Extract<Frame, { kind: 'object' }>;

// The parse loop: an explicit stack of open containers instead of recursion.
class Parser {
  readonly stack: Frame[] = [];
  readonly duplicates: string[] = [];
  readonly numberTexts: NumberTexts = new WeakMap();
  constructor(readonly r: Reader, readonly maxDepth: number) {}

  readKey(frame: ObjectFrame): void {
    const r = this.r;
    r.skipWs();
    if (r.s[r.pos] !== '"') r.fail('looking for beginning of object key string');
    frame.key = r.string();
    if (frame.keys.has(frame.key)) this.duplicates.push(childPath(frame));
    frame.keys.add(frame.key);
    r.skipWs();
    if (r.s[r.pos] !== ':') r.fail('after object key');
    r.pos++;
  }

  // Reads a scalar or an empty container; opens (and returns null for) a non-empty one.
  readValue(): { value: unknown; numberText?: string } | null {
    const r = this.r;
    r.skipWs();
    const c = r.s[r.pos];
    if (c === '{' || c === '[') {
      if (this.stack.length >= this.maxDepth) throw new JsonSyntaxError(`invalid character '${c}' exceeded max depth`, r.pos);
      r.pos++;
      const path = childPath(this.stack[this.stack.length - 1]);
      const frame: Frame = c === '{' ? { kind: 'object', value: {}, path, keys: new Set(), key: '' } : { kind: 'array', value: [], path };
      r.skipWs();
      if (r.s[r.pos] === (c === '{' ? '}' : ']')) {
        r.pos++;
        return { value: frame.value };
      }
      this.stack.push(frame);
      if (frame.kind === 'object') this.readKey(frame);
      return null;
    }
    if (c === '"') return { value: r.string() };
    if (c === 't') {
      r.literal('true');
      return { value: true };
    }
    if (c === 'f') {
      r.literal('false');
      return { value: false };
    }
    if (c === 'n') {
      r.literal('null');
      return { value: null };
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      const n = r.number();
      return /[.eE]/.test(n.text) ? { value: n.value, numberText: n.text } : { value: n.value };
    }
    return r.fail('looking for beginning of value');
  }

  // Stores a finished value in its container, closing every container that ends after it.
  // Returns the document when the outermost value is complete, else undefined.
  attach(first: { value: unknown; numberText?: string }): { done: true; value: unknown } | undefined {
    const r = this.r;
    let { value, numberText } = first;
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (!top) {
        r.skipWs();
        if (r.pos < r.s.length) r.fail('after top-level value');
        return { done: true, value };
      }
      if (numberText !== undefined) {
        const texts = this.numberTexts.get(top.value) ?? new Map<string | number, string>();
        texts.set(top.kind === 'object' ? top.key : top.value.length, numberText);
        this.numberTexts.set(top.value, texts);
        numberText = undefined;
      }
      if (top.kind === 'object') setKey(top.value, top.key, value);
      else top.value.push(value);
      r.skipWs();
      const next = r.s[r.pos];
      if (next === ',') {
        r.pos++;
        if (top.kind === 'object') this.readKey(top);
        return undefined;
      }
      if (next !== (top.kind === 'object' ? '}' : ']')) r.fail(top.kind === 'object' ? 'after object key:value pair' : 'after array element');
      r.pos++;
      this.stack.pop();
      value = top.value;
    }
  }
}

/** Parses JSON text or UTF-8 bytes. Throws JsonSyntaxError with Go's wording. */
export function parseJson(input: string | Uint8Array, opts: ParseOptions = {}): ParsedJson {
  const p = new Parser(new Reader(typeof input === 'string' ? input : utf8.decode(input)), opts.maxDepth ?? defaultMaxDepth);
  for (;;) {
    const scalar = p.readValue();
    if (scalar === null) continue;
    const result = p.attach(scalar);
    if (result) return { value: result.value, duplicates: p.duplicates, numberTexts: p.numberTexts };
  }
}

/** Options for `decodeJson`. */
export interface DecodeOptions extends ParseOptions {
  /** How to treat unknown and duplicate fields (kube-apiserver's `fieldValidation` parameter). */
  readonly fieldValidation?: FieldValidation;
}

/**
 * Decodes a JSON body into a plain object of `shape`: unknown fields are dropped, nulls become
 * absent, types and base64 are checked. Strict problems (unknown or duplicate fields) throw under
 * `Strict` (`strict decoding error: unknown field "spec.foo"`), become warnings under `Warn`, and are
 * dropped under `Ignore`. Syntax and type errors always throw DecodeError.
 */
export function decodeJson<T = unknown>(input: string | Uint8Array, shape: MessageShape, opts: DecodeOptions = {}): Decoded<T> {
  let parsed: ParsedJson;
  try {
    parsed = parseJson(input, opts);
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new DecodeError(err.message, false, true);
    throw err;
  }
  const duplicateErrors = parsed.duplicates.map((p) => `duplicate field ${goQuote(p)}`);
  return checkFields<T>(parsed.value, shape, { numberTexts: parsed.numberTexts, preErrors: duplicateErrors, fieldValidation: opts.fieldValidation ?? 'Strict' });
}
