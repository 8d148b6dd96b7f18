// Label and field selectors, as `?labelSelector=` and `?fieldSelector=` carry them.
// Mirrors k8s.io/apimachinery/pkg/labels (selector.go) and pkg/fields (selector.go).

import { newBadRequest } from '../../api/errors.js';

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

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

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

const labelKey = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Parses a label selector (`a=b,c!=d,e in (f,g),!h,i`). */
export function parseLabelSelector(text: string | null): Selector {
  if (!text) return everything;
  const reqs: Requirement[] = [];
  for (const part of splitTopLevel(text)) {
    let m: RegExpExecArray | null;
    if ((m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part))) {
      reqs.push({ key: m[1]!, op: m[2] as 'in' | 'notin', values: m[3]!.split(',').map((v) => v.trim()).filter((v) => v !== '') });
    } else if ((m = /^!\s*(\S+)$/.exec(part))) {
      reqs.push({ key: m[1]!, op: '!', values: [] });
    } else if ((m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part))) {
      reqs.push({ key: m[1]!, op: m[2] === '!=' ? '!=' : '=', values: [m[3]!] });
    } else if (/^[^=!\s()]+$/.test(part)) {
      reqs.push({ key: part, op: 'exists', values: [] });
    } else {
      throw newBadRequest(`unable to parse requirement: found '${part}', expected: key, !, =, ==, !=, in, notin`);
    }
    const key = reqs[reqs.length - 1]!.key;
    if (!labelKey.test(key) || key.length > 317) throw newBadRequest(`unable to parse requirement: invalid label key "${key}"`);
  }
  return makeSelector(reqs);
}

/**
 * Parses a field selector (`metadata.name=x,spec.signerName!=y`); only `supported` fields may
 * be used, as kube-apiserver refuses others.
 */
export function parseFieldSelector(text: string | null, supported: readonly string[]): Selector {
  if (!text) return everything;
  const reqs: Requirement[] = [];
  for (const part of splitTopLevel(text)) {
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(part);
    if (!m) throw newBadRequest(`invalid selector: '${text}'; can't understand '${part}'`);
    const key = m[1]!.trim();
    if (!supported.includes(key)) throw newBadRequest(`"${key}" is not a known field selector: only "${supported.join('", "')}"`);
    reqs.push({ key, op: m[2] === '!=' ? '!=' : '=', values: [m[3]!.trim()] });
  }
  return makeSelector(reqs);
}
