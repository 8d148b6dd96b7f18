// YAML request bodies → the same plain objects as JSON, bounded against hostile input: size, nesting,
// alias cycles and alias expansion are capped before or while they cost anything, and the cost of
// what is accepted grows linearly with the body. Errors name a line, in go-yaml's words where they
// have one. Follows sigs.k8s.io/yaml (YAML 1.1 scalars, first document only, timestamps kept as the
// strings they were written as, duplicate keys a strict error).

import * as jsyaml from 'js-yaml';
import { loadAll, FAILSAFE_SCHEMA, Type, YAMLException } from 'js-yaml';
import { checkFields, DecodeError, type Decoded, type FieldValidation } from './fields.js';
import { defaultMaxDepth, parseJson } from './json.js';
import type { MessageShape } from './shape-kit.js';

/** Options for `parseYaml`. */
export interface YamlOptions {
  /** Deepest nesting of collections allowed, aliases included (default `maxYamlDepth`). */
  readonly maxDepth?: number;
  /** Most nodes that alias expansion may add, against "billion laughs" documents (default `maxAliasedNodes`). */
  readonly maxAliasedNodes?: number;
}

/** Nesting allowed in YAML: JSON's cap (go-yaml allows 10,000; the YAML reader here recurses). */
export const maxYamlDepth = defaultMaxDepth;

/** Nodes alias expansion may add to a document (go-yaml refuses "excessive aliasing" likewise). */
export const maxAliasedNodes = 100_000;

/**
 * YAML costs about ten times what JSON does to read, so, as kube-apiserver does for apply
 * patches, a YAML body over 1 MiB is read only if it is JSON.
 */
export const maxYamlBytes = 1024 * 1024;

/** A parsed YAML document as a JSON-compatible value, with its duplicate keys. */
export interface ParsedYaml {
  readonly value: unknown;
  /** `line N: key "k" already set in map`: the first repeated key, if any. */
  readonly duplicates: readonly string[];
}

/** A YAML body that is not well-formed or exceeds a bound; the message names the line. */
export class YamlSyntaxError extends Error {
  override readonly name = 'YamlSyntaxError';
}

// go-yaml v2's plain-scalar resolution (resolve.go), which sigs.k8s.io/yaml inherits.
const boolTrue = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const boolFalse = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const nulls = new Set(['', '~', 'null', 'Null', 'NULL']);
const intRe = /^[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[0-9][0-9_]*)$/;
const floatRe = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const specialFloats: Readonly<Record<string, number>> = {
  '.nan': NaN, '.NaN': NaN, '.NAN': NaN,
  '.inf': Infinity, '.Inf': Infinity, '.INF': Infinity, '+.inf': Infinity, '+.Inf': Infinity, '+.INF': Infinity,
  '-.inf': -Infinity, '-.Inf': -Infinity, '-.INF': -Infinity,
};

function parseGoInt(text: string): number {
  const plain = text.replace(/_/g, '');
  const sign = plain.startsWith('-') ? -1 : 1;
  const digits = plain.replace(/^[-+]/, '');
  if (digits.startsWith('0b')) return sign * parseInt(digits.slice(2), 2);
  if (digits.startsWith('0x')) return sign * parseInt(digits.slice(2), 16);
  if (digits.startsWith('0o')) return sign * parseInt(digits.slice(2), 8);
  if (digits.length > 1 && digits.startsWith('0')) return sign * parseInt(digits.slice(1), 8);
  return sign * parseInt(digits, 10);
}

// js-yaml's own merge (<<) and !!binary types; its typings leave `types` out.
const builtin = (jsyaml as unknown as { types: Record<'merge' | 'binary', Type> }).types;

const yaml11Schema = FAILSAFE_SCHEMA.extend({
  implicit: [
    new Type('tag:yaml.org,2002:null', { kind: 'scalar', resolve: (s: string) => nulls.has(s), construct: () => null }),
    new Type('tag:yaml.org,2002:bool', {
      kind: 'scalar', resolve: (s: string) => boolTrue.has(s) || boolFalse.has(s), construct: (s: string) => boolTrue.has(s),
    }),
    new Type('tag:yaml.org,2002:int', {
      kind: 'scalar',
      // A literal Go's ParseInt (base 0, after removing underscores) takes; octal digits only after a 0.
      resolve: (s: string) => intRe.test(s) && /[0-9]$/.test(s.replace(/_/g, '')) && !Number.isNaN(parseGoInt(s)),
      construct: parseGoInt,
    }),
    new Type('tag:yaml.org,2002:float', {
      kind: 'scalar', resolve: (s: string) => floatRe.test(s) || s in specialFloats, construct: (s: string) => specialFloats[s] ?? Number(s),
    }),
    builtin.merge,
  ],
  explicit: [builtin.binary],
});

/** go-yaml's texts for js-yaml's reasons that have a direct counterpart. */
const goYamlReasons: Readonly<Record<string, string>> = {
  'bad indentation of a mapping entry': 'mapping values are not allowed in this context',
  'tab characters must not be used in indentation': 'found character that cannot start any token',
};

function syntaxError(err: YAMLException, maxDepth: number): YamlSyntaxError {
  const reason = err.reason ?? err.message;
  if (reason.startsWith('nesting exceeded maxDepth')) return new YamlSyntaxError(`yaml: exceeded max depth of ${maxDepth}`);
  if (reason === 'null byte is not allowed in input' || reason === 'the stream contains non-printable characters') {
    return new YamlSyntaxError('yaml: control characters are not allowed');
  }
  const line = (err.mark?.line ?? 0) + 1;
  const goText = goYamlReasons[reason];
  if (goText) return new YamlSyntaxError(`yaml: line ${line}: ${goText}`);
  return new YamlSyntaxError(`yaml: line ${line}, column ${(err.mark?.column ?? 0) + 1}: ${reason}`);
}

// The key js-yaml names by the position of its duplicate: the text from there to the colon.
function duplicateKey(text: string, err: YAMLException): string {
  const mark = err.mark;
  if (!mark) return 'line 1: key already set in map';
  const from = text.slice(mark.position);
  const key = /^\s*("(?:[^"\\]|\\.)*"|'[^']*'|[^:\n]*?)\s*:/.exec(from)?.[1] ?? '';
  const unquoted = key.startsWith('"') || key.startsWith("'") ? key.slice(1, -1) : key;
  return `line ${mark.line + 1}: key ${JSON.stringify(unquoted)} already set in map`;
}

function load(text: string, json: boolean, maxDepth: number): unknown {
  // loadAll: sigs.k8s.io/yaml reads the first document and ignores the rest.
  const docs = loadAll(text, null, { schema: yaml11Schema, json, maxDepth } as Parameters<typeof loadAll>[2]);
  return docs.length > 0 ? docs[0] : null;
}

/**
 * Parses the first YAML document into a JSON-compatible value. Throws YamlSyntaxError for a body
 * that is malformed or beyond a bound; JSON is read by the JSON reader, which is faster.
 */
export function parseYaml(text: string, opts: YamlOptions = {}): ParsedYaml {
  const maxDepth = opts.maxDepth ?? maxYamlDepth;
  const big = text.length > maxYamlBytes || Buffer.byteLength(text, 'utf8') > maxYamlBytes;
  if (big || /^\s*[[{]/.test(text)) {
    try {
      const parsed = parseJson(Buffer.from(text, 'utf8'), { maxDepth });
      // Repeated keys are read again as YAML, whose messages name their lines.
      if (big || parsed.duplicates.length === 0) {
        return { value: parsed.value, duplicates: parsed.duplicates.map((path) => `key ${JSON.stringify(path.split('.').pop())} already set in map`) };
      }
    } catch (err) {
      if (big) throw new YamlSyntaxError(`yaml: a body over ${maxYamlBytes} bytes must be JSON: ${(err as Error).message}`);
    }
  }
  let value: unknown;
  const duplicates: string[] = [];
  try {
    try {
      value = load(text, false, maxDepth);
    } catch (err) {
      if (!(err instanceof YAMLException) || err.reason !== 'duplicated mapping key') throw err;
      duplicates.push(duplicateKey(text, err));
      value = load(text, true, maxDepth);
    }
  } catch (err) {
    if (err instanceof YAMLException) throw syntaxError(err, maxDepth);
    // js-yaml recurses per level; the depth cap keeps it far from the stack's end, but be sure.
    if (err instanceof RangeError) throw new YamlSyntaxError(`yaml: exceeded max depth of ${maxDepth}`);
    throw err;
  }
  return { value: toJsonTree(value, maxDepth, opts.maxAliasedNodes ?? maxAliasedNodes), duplicates };
}

/**
 * Copies js-yaml's result into a tree a JSON body would have produced: aliases, which js-yaml
 * shares by reference, become copies (within a node budget, and never a cycle), binary becomes
 * base64, and depth is checked again now that aliases count. Iterative, so depth costs no stack.
 */
function toJsonTree(root: unknown, maxDepth: number, maxAliased: number): unknown {
  const seen = new Set<object>();
  const onPath = new Set<object>();
  let aliased = 0;
  const out: { value: unknown } = { value: undefined };
  type Frame = { src: unknown; set: (v: unknown) => void; depth: number; inAlias: boolean } | { leave: object };
  const stack: Frame[] = [{ src: root, set: (v) => (out.value = v), depth: 0, inAlias: false }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if ('leave' in frame) {
      onPath.delete(frame.leave);
      continue;
    }
    const { src, set, depth } = frame;
    // Every node an alias adds counts, scalars included: a list of 7,000 aliases of a list of 7,000 is 49 million.
    if (frame.inAlias && ++aliased > maxAliased) throw new YamlSyntaxError('yaml: document contains excessive aliasing');
    if (src instanceof Uint8Array) {
      set(Buffer.from(src).toString('base64'));
      continue;
    }
    if (typeof src !== 'object' || src === null) {
      set(src === undefined ? null : src);
      continue;
    }
    if (onPath.has(src)) throw new YamlSyntaxError('yaml: anchor value contains itself');
    const inAlias = frame.inAlias || seen.has(src);
    if (inAlias && !frame.inAlias && ++aliased > maxAliased) throw new YamlSyntaxError('yaml: document contains excessive aliasing');
    seen.add(src);
    if (depth + 1 > maxDepth) throw new YamlSyntaxError(`yaml: exceeded max depth of ${maxDepth}`);
    onPath.add(src);
    stack.push({ leave: src });
    if (Array.isArray(src)) {
      const copy = new Array<unknown>(src.length);
      set(copy);
      for (let i = src.length - 1; i >= 0; i--) stack.push({ src: src[i], set: (v) => (copy[i] = v), depth: depth + 1, inAlias });
    } else {
      const copy: Record<string, unknown> = {};
      set(copy);
      const keys = Object.keys(src);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        // defineProperty: a key named __proto__ is data, never the prototype.
        stack.push({ src: (src as Record<string, unknown>)[k], set: (v) => Object.defineProperty(copy, k, { value: v, writable: true, enumerable: true, configurable: true }), depth: depth + 1, inAlias });
      }
    }
  }
  return out.value;
}

/**
 * Decodes a YAML body like `decodeJson`: duplicate keys are one strict error (worded as
 * sigs.k8s.io/yaml words it), unknown fields the others. Syntax errors throw DecodeError.
 */
export function decodeYaml<T = unknown>(text: string, shape: MessageShape, opts: YamlOptions & { fieldValidation?: FieldValidation } = {}): Decoded<T> {
  let parsed: ParsedYaml;
  try {
    parsed = parseYaml(text, opts);
  } catch (err) {
    if (err instanceof YamlSyntaxError) throw new DecodeError(`error converting YAML to JSON: ${err.message}`, false);
    throw err;
  }
  const pre = parsed.duplicates.length > 0
    ? [`error converting YAML to JSON: yaml: unmarshal errors:\n  ${parsed.duplicates.join('\n  ')}`]
    : [];
  return checkFields<T>(parsed.value, shape, { fieldValidation: opts.fieldValidation ?? 'Strict', preErrors: pre });
}
