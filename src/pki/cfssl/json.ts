// JSON input for the cfssl formats, with errors that give line and column.

import { PkiError } from '../errors.js';

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Parses JSON; a syntax error names the input, line and column. */
export function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = /at position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : text.length;
    const { line, column } = lineColumn(text, offset);
    const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
    throw new PkiError('config', `${what}: invalid JSON at line ${line}, column ${column}: ${reason}`);
  }
}

/** Narrows `value` to a plain object or fails naming `what`. */
export function asObject(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new PkiError('config', `${what}: expected a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** An optional string field. */
export function optionalString(obj: Record<string, unknown>, key: string, what: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new PkiError('config', `${what}: "${key}" must be a string`);
  return v;
}

/** An optional array of strings. */
export function optionalStrings(obj: Record<string, unknown>, key: string, what: string): string[] | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw new PkiError('config', `${what}: "${key}" must be a list of strings`);
  }
  return v as string[];
}
