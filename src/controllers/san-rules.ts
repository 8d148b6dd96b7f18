// Checking a request's subject alternative names against configured rules.

import type { SubjectAltNames } from '../pki/general-name.js';
import type { SanRules } from './config.js';

/** Whether `name` matches `pattern`: exact, or `*.suffix` standing for exactly one label. */
export function dnsMatches(pattern: string, name: string): boolean {
  const p = pattern.toLowerCase();
  const n = name.toLowerCase();
  if (!p.startsWith('*.')) return p === n;
  const suffix = p.slice(1);
  return n.endsWith(suffix) && n.length > suffix.length && !n.slice(0, -suffix.length).includes('.');
}

/** Why `sans` break `rules`, or undefined. */
export function sanViolation(sans: SubjectAltNames, rules: SanRules): string | undefined {
  const dns = sans.dns.find((d) => !rules.dns.some((p) => dnsMatches(p, d)));
  if (dns !== undefined) return `DNS name "${dns}" is not allowed`;
  if (!rules.ips && sans.ips.length > 0) return 'IP subjectAltNames are not allowed';
  if (!rules.emails && sans.emails.length > 0) return 'Email subjectAltNames are not allowed';
  if (!rules.uris && sans.uris.length > 0) return 'URI subjectAltNames are not allowed';
  return undefined;
}
