// Label and field selectors, as `?labelSelector=` and `?fieldSelector=` carry them.
// Mirrors k8s.io/apimachinery/pkg/labels (selector.go) and pkg/fields (selector.go).

import { newBadRequest } from '../../api/errors.js';
import { isQualifiedName, isValidLabelValue } from '../../api/validation/names.js';

/** One requirement of a selector. */
interface Requirement {
  readonly key: string;
  readonly op: 'in' | 'notin' | 'exists' | '!' | '=' | '!=';
  readonly values: readonly string[];
}

/** A parsed selector; `matches` takes the object's labels (or selectable fields). */
export interface Selector {
  readonly empty: boolean;
  matches(fields: Readonly<Record<string, string>>): boolean;
  /** The value `key` must equal, if the selector pins it (lets a list narrow to one key). */
  exactValue(key: string): string | undefined;
}

const everything: Selector = { empty: true, matches: () => true, exactValue: () => undefined };

function makeSelector(reqs: Requirement[]): Selector {
  if (reqs.length === 0) return everything;
  return {
    empty: false,
    matches(fields) {
      return reqs.every((r) => {
        const has = Object.prototype.hasOwnProperty.call(fields, r.key);
        const v = fields[r.key];
        switch (r.op) {
          case 'exists':
            return has;
          case '!':
            return !has;
          case '=':
          case 'in':
            return has && r.values.includes(v!);
          case '!=':
          case 'notin':
            return !has || !r.values.includes(v!);
        }
      });
    },
    exactValue(key) {
      const r = reqs.find((q) => q.key === key && (q.op === '=' || (q.op === 'in' && q.values.length === 1)));
      return r?.values[0];
    },
  };
}


type TokenKind = 'id' | '!' | '=' | '==' | '!=' | 'in' | 'notin' | '(' | ')' | ',' | 'gt' | 'lt' | 'end';

/** Splits a label selector into tokens, as the labels package's lexer does. */
function lex(text: string): { kind: TokenKind; text: string }[] {
  const out: { kind: TokenKind; text: string }[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t') {
      i++;
    } else if (text.startsWith('==', i) || text.startsWith('!=', i)) {
      out.push({ kind: text.slice(i, i + 2) as TokenKind, text: text.slice(i, i + 2) });
      i += 2;
    } else if ('!=(),'.includes(c)) {
      out.push({ kind: c as TokenKind, text: c });
      i++;
    } else if (c === '>' || c === '<') {
      out.push({ kind: c === '>' ? 'gt' : 'lt', text: c });
      i++;
    } else {
      let j = i;
      while (j < text.length && !' \t!=(),<>'.includes(text[j]!)) j++;
      const word = text.slice(i, j);
      out.push({ kind: word === 'in' || word === 'notin' ? word : 'id', text: word });
      i = j;
    }
  }
  out.push({ kind: 'end', text: '' });
  return out;
}

function parseError(detail: string): Error {
  return newBadRequest(`unable to parse requirement: ${detail}`);
}

/** Parses a label selector (`a=b,c!=d,e in (f,g),!h,i`); errors read as kube-apiserver's. */
export function parseLabelSelector(text: string | null): Selector {
  if (!text) return everything;
  const tokens = lex(text);
  let at = 0;
  const next = (): { kind: TokenKind; text: string } => tokens[Math.min(at++, tokens.length - 1)]!;
  const peek = (): { kind: TokenKind; text: string } => tokens[Math.min(at, tokens.length - 1)]!;
  const reqs: Requirement[] = [];
  for (;;) {
    let negate = false;
    if (peek().kind === '!') {
      next();
      negate = true;
    }
    const key = next();
    if (key.kind !== 'id') throw parseError(`found '${key.text}', expected: identifier`);
    const opTok = peek();
    if (negate || opTok.kind === ',' || opTok.kind === 'end') {
      reqs.push({ key: key.text, op: negate ? '!' : 'exists', values: [] });
    } else {
      next();
      if (opTok.kind === 'in' || opTok.kind === 'notin') {
        const open = next();
        if (open.kind !== '(') throw parseError(`found '${open.text}' expected: '('`);
        const values: string[] = [];
        for (;;) {
          const v = next();
          if (v.kind === ')' && values.length === 0) break;
          if (v.kind !== 'id') throw parseError(`found '${v.text}', expected: ',', ')' or identifier`);
          values.push(v.text);
          const sep = next();
          if (sep.kind === ')') break;
          if (sep.kind !== ',') throw parseError(`found '${sep.text}', expected: ',' or ')'`);
        }
        reqs.push({ key: key.text, op: opTok.kind, values });
      } else if (opTok.kind === '=' || opTok.kind === '==' || opTok.kind === '!=') {
        const v = peek();
        const value = v.kind === 'id' ? next().text : '';
        reqs.push({ key: key.text, op: opTok.kind === '!=' ? '!=' : '=', values: [value] });
      } else {
        throw parseError(`found '${opTok.text}', expected: in, notin, =, ==, !=, gt, lt`);
      }
    }
    const after = next();
    if (after.kind === 'end') break;
    if (after.kind !== ',') throw parseError(`found '${after.text}', expected: ',' or 'end of string'`);
  }
  for (const req of reqs) checkRequirement(req);
  return makeSelector(reqs);
}

/**
 * A requirement's key and values as labels.NewRequirement validates them: every problem at once,
 * as an aggregate (one error bare, several in brackets).
 */
function checkRequirement(req: Requirement): void {
  const errs: string[] = [];
  const keyErrs = isQualifiedName(req.key);
  if (keyErrs.length > 0) errs.push(`key: Invalid value: ${JSON.stringify(req.key)}: ${keyErrs.join('; ')}`);
  req.values.forEach((v, i) => {
    const valueErrs = isValidLabelValue(v);
    if (valueErrs.length > 0) errs.push(`values[${i}][${req.key}]: Invalid value: ${JSON.stringify(v)}: ${valueErrs.join('; ')}`);
  });
  if (errs.length === 1) throw parseError(errs[0]!);
  if (errs.length > 1) throw parseError(`[${errs.join(', ')}]`);
}

/** One `field=value` or `field!=value` term of a field selector, its value unescaped. */
export interface FieldTerm {
  readonly field: string;
  readonly op: '=' | '!=';
  readonly value: string;
}

/** Splits at commas that no backslash escapes; the escapes stay in the terms. */
function splitFieldTerms(text: string): string[] {
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (escaped) escaped = false;
    else if (c === '\\') escaped = true;
    else if (c === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

/**
 * A field selector value without its escapes (`\\`, `\,`, `\=`); an unescaped `,` or `=` or an
 * unknown escape is an error, with fields.UnescapeValue's words (it prints the rune as a number).
 */
function unescapeFieldValue(raw: string): string {
  if (!/[\\,=]/.test(raw)) return raw;
  let out = '';
  let escaped = false;
  for (const c of raw) {
    if (escaped) {
      if (c !== '\\' && c !== ',' && c !== '=') throw newBadRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      escaped = false;
    } else if (c === '\\') escaped = true;
    else if (c === ',' || c === '=') throw newBadRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    else out += c;
  }
  if (escaped) throw newBadRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

/**
 * The terms of a field selector as fields.ParseSelector reads them: terms split at unescaped
 * commas, each split at its first `!=`, `==` or `=` (field names have no escapes), the value
 * unescaped. kubectl escapes `=` in values, so `metadata.name=user\=alice` names `user=alice`.
 */
export function parseFieldTerms(text: string): FieldTerm[] {
  const terms: FieldTerm[] = [];
  for (const part of splitFieldTerms(text)) {
    if (part === '') continue;
    const m = /^(.*?)(!=|==|=)(.*)$/s.exec(part);
    if (!m) throw newBadRequest(`invalid selector: '${text}'; can't understand '${part}'`);
    terms.push({ field: m[1]!, op: m[2] === '!=' ? '!=' : '=', value: unescapeFieldValue(m[3]!) });
  }
  return terms;
}

/** The fields every kind supports (metav1 DefaultMetaV1FieldSelectorConversion). */
const metadataFields = ['metadata.name', 'metadata.namespace'];

/**
 * Parses a field selector (`metadata.name=x,spec.signerName!=y`); only `supported` fields may
 * be used. A kind that registers its own field labels (CSRs, events) refuses others with
 * `field label not supported`; the rest answer as DefaultMetaV1FieldSelectorConversion does.
 */
export function parseFieldSelector(text: string | null, supported: readonly string[]): Selector {
  if (!text) return everything;
  const reqs: Requirement[] = [];
  for (const { field, op, value } of parseFieldTerms(text)) {
    if (!supported.includes(field)) {
      const ownLabels = supported.some((f) => !metadataFields.includes(f));
      throw newBadRequest(ownLabels ? `field label not supported: ${field}` : `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`);
    }
    reqs.push({ key: field, op, values: [value] });
  }
  return makeSelector(reqs);
}
