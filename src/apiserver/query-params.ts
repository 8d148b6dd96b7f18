// Query parameters read as kube-apiserver's parameter codec reads them: integers with Go's
// strconv.ParseInt (base 10, 64 bits) and its error texts, booleans as
// runtime.Convert_Slice_string_To_bool (only absent, "0" and "false" in any case are false).
// Mirrors k8s.io/apimachinery/pkg/runtime/conversion.go.

import { newBadRequest } from '../api/errors.js';

const maxInt64 = (1n << 63n) - 1n;
const minInt64 = -(1n << 63n);

/**
 * `name` as Go's ParseInt(s, 10, 64); undefined when absent or empty (Go's zero value). A value
 * that does not parse is 400 with strconv's text, as DecodeParameters' error reaches the client.
 */
export function int64Param(q: URLSearchParams, name: string): number | undefined {
  const text = q.get(name);
  if (text === null || text === '') return undefined;
  if (!/^[+-]?[0-9]+$/.test(text)) throw newBadRequest(`strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`);
  const value = BigInt(text);
  if (value > maxInt64 || value < minInt64) throw newBadRequest(`strconv.ParseInt: parsing ${JSON.stringify(text)}: value out of range`);
  return Number(value);
}

/** `name` as Go's parameter conversion reads a bool: present and not "0"/"false" is true. */
export function boolParam(q: URLSearchParams, name: string): boolean {
  const text = q.get(name);
  return text !== null && text !== '0' && text.toLowerCase() !== 'false';
}
