// YAML request bodies → the same plain objects as JSON, with caps on nesting and alias expansion and
// errors that name a line and column. Follows sigs.k8s.io/yaml (YAML 1.1 scalars, first document only,
// timestamps kept as strings, duplicate keys a strict error).

import { LineCounter, Parser, isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import { checkFields, DecodeError, type Decoded, type FieldValidation } from './fields.js';
import type { MessageShape } from './shapes.js';

/** Options for `parseYaml`. */
export interface YamlOptions {
  /** Deepest nesting of collections allowed (default 10000, as for JSON). */
  readonly maxDepth?: number;
  /** Most alias expansions allowed, against "billion laughs" documents (default 100). */
  readonly maxAliasCount?: number;
}

/** A parsed YAML document as a JSON-compatible value, with its duplicate keys. */
export interface ParsedYaml {
  readonly value: unknown;
  /** `line N: key "k" already set in map`, in document order. */
  readonly duplicates: readonly string[];
}

/** A YAML body that is not well-formed or exceeds a cap; the message names line and column. */
export class YamlSyntaxError extends Error {
  override readonly name = 'YamlSyntaxError';
}

interface CstToken {
  readonly type: string;
  readonly items?: readonly { key?: CstToken | null; value?: CstToken | null }[];
  readonly value?: CstToken;
}

const collections = new Set(['block-map', 'block-seq', 'flow-collection']);

// Measures collection nesting on the concrete syntax tree, before composing (which recurses).
function cstDepth(root: CstToken): number {
  let max = 0;
  const stack: [CstToken, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [tok, depth] = stack.pop()!;
    const d = collections.has(tok.type) ? depth + 1 : depth;
    if (d > max) max = d;
    if (tok.type === 'document' && tok.value) stack.push([tok.value, d]);
    for (const item of tok.items ?? []) {
      if (item.key && typeof item.key === 'object') stack.push([item.key, d]);
      if (item.value && typeof item.value === 'object') stack.push([item.value, d]);
    }
  }
  return max;
}

// Nesting of a composed JS value (aliases can deepen it beyond the source's own nesting).
function valueDepth(root: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > max) max = depth + 1;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return max;
}

function position(lc: LineCounter, offset: number): string {
  const { line, col } = lc.linePos(offset);
  return `line ${line}, column ${col}`;
}

// Every mapping's repeated keys, reported with the line of the repeat.
function findDuplicates(doc: Document, lc: LineCounter): string[] {
  const out: string[] = [];
  const stack: unknown[] = [doc.contents];
  const seenNodes = new Set<unknown>();
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || seenNodes.has(node) || isAlias(node)) continue;
    seenNodes.add(node);
    if (isSeq(node)) stack.push(...[...node.items].reverse());
    if (!isMap(node)) continue;
    const keys = new Set<string>();
    for (const pair of node.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (keys.has(k)) {
        const at = (pair.key as Node | null)?.range?.[0] ?? 0;
        out.push(`line ${lc.linePos(at).line}: key ${JSON.stringify(k)} already set in map`);
      }
      keys.add(k);
    }
    stack.push(...node.items.map((p) => p.value).reverse());
  }
  return out;
}

/** go-yaml's texts for the parse errors that have a direct counterpart. */
const goYamlMessages: Readonly<Record<string, string>> = {
  BLOCK_AS_IMPLICIT_KEY: 'mapping values are not allowed in this context',
  TAB_AS_INDENT: 'found character that cannot start any token',
};

/** Parses the first YAML document into a JSON-compatible value. Throws YamlSyntaxError. */
export function parseYaml(text: string, opts: YamlOptions = {}): ParsedYaml {
  const maxDepth = opts.maxDepth ?? 10000;
  for (const tok of new Parser().parse(text)) {
    if (cstDepth(tok as unknown as CstToken) > maxDepth) throw new YamlSyntaxError(`yaml: exceeded max depth of ${maxDepth}`);
  }
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, {
    version: '1.1',
    uniqueKeys: false,
    prettyErrors: false,
    lineCounter: lc,
    // sigs.k8s.io/yaml keeps timestamps as the strings they were written as.
    customTags: (tags) => tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
  });
  const list = Array.isArray(docs) ? docs : [];
  const doc = list[0];
  if (!doc) return { value: null, duplicates: [] };
  const err = doc.errors[0];
  if (err) {
    // go-yaml's wording where its error matches one of ours, so messages read as Kubernetes'.
    const goText = goYamlMessages[err.code];
    if (goText) throw new YamlSyntaxError(`yaml: line ${lc.linePos(err.pos[0]).line}: ${goText}`);
    throw new YamlSyntaxError(`yaml: ${position(lc, err.pos[0])}: ${err.message}`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: opts.maxAliasCount ?? 100, mapAsMap: false });
  } catch (e) {
    throw new YamlSyntaxError(`yaml: ${(e as Error).message}`);
  }
  if (valueDepth(value) > maxDepth) throw new YamlSyntaxError(`yaml: exceeded max depth of ${maxDepth}`);
  return { value: normalize(value), duplicates: findDuplicates(doc, lc) };
}

// JSON has no binary, Map or undefined; make the tree what a JSON body would have produced.
function normalize(v: unknown): unknown {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(normalize);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) {
      Object.defineProperty(out, k, { value: normalize(val), writable: true, enumerable: true, configurable: true });
    }
    return out;
  }
  return v === undefined ? null : v;
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
