// Test-only reading of `openssl x509 -text` and `openssl req -text` output, so e2e tests can
// compare what openssl sees with what signet meant to write, without using signet's parsers.

import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';

/** The name options every helper passes: openssl's one-line form, UTF-8 printed as is. */
export const nameOpt = 'oneline,-esc_msb';

/** Runs openssl to completion and returns stdout; a non-zero exit fails the test with stderr. */
export function openssl(args: readonly string[], opts: { cwd?: string; input?: string | Uint8Array } = {}): string {
  const r = spawnSync('openssl', args, { cwd: opts.cwd, input: opts.input, encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, `openssl ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Runs openssl and returns its exit status and both streams, whatever the outcome. */
export function opensslRaw(args: readonly string[], opts: { cwd?: string; input?: string | Uint8Array } = {}): { status: number | null; out: string } {
  const r = spawnSync('openssl', args, { cwd: opts.cwd, input: opts.input, encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  return { status: r.status, out: r.stdout + r.stderr };
}

/** One extension as openssl prints it. */
export interface TextExtension {
  readonly critical: boolean;
  /** The value lines, trimmed, joined with '\n'. */
  readonly value: string;
}

/** The fields of a certificate or request as openssl printed them. */
export interface OpensslText {
  /** Serial as lowercase hex without separators or leading zeros (certificates only). */
  readonly serial?: string;
  readonly signatureAlgorithm: string;
  readonly issuer?: string;
  readonly subject: string;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** `rsaEncryption`, `id-ecPublicKey`, `ED25519`. */
  readonly publicKeyAlgorithm: string;
  /** The `(N bit)` figure; absent for EdDSA. */
  readonly publicKeyBits?: number;
  /** `P-256`, `P-384`, `P-521` for ECDSA keys. */
  readonly curve?: string;
  /** By openssl's display name: `X509v3 Key Usage`, `X509v3 Subject Alternative Name`, ... */
  readonly extensions: ReadonlyMap<string, TextExtension>;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function field(lines: readonly string[], label: string): string | undefined {
  // `Not After :` has a space before its colon.
  const re = new RegExp(`^\\s*${label}\\s?:(.*)$`);
  for (const line of lines) {
    const m = re.exec(line);
    if (m) return m[1]!.trim();
  }
  return undefined;
}

function readSerial(lines: readonly string[]): string | undefined {
  const i = lines.findIndex((l) => l.trimStart().startsWith('Serial Number:'));
  if (i < 0) return undefined;
  const same = lines[i]!.trimStart().slice('Serial Number:'.length).trim();
  // Short serials: `Serial Number: 4660 (0x1234)`; long ones: hex octets on the next line.
  const short = /\(0x([0-9a-f]+)\)/i.exec(same);
  const hex = short ? short[1]! : lines[i + 1]!.trim().replace(/:/g, '');
  return hex.toLowerCase().replace(/^0+(?=.)/, '');
}

function readExtensions(lines: readonly string[]): Map<string, TextExtension> {
  const out = new Map<string, TextExtension>();
  const start = lines.findIndex((l) => /^\s*(X509v3 extensions|Requested Extensions):\s*$/.test(l));
  if (start < 0) return out;
  const headerIndent = indentOf(lines[start + 1] ?? '');
  // A request without extensions prints the heading with nothing under it.
  if (headerIndent <= indentOf(lines[start]!)) return out;
  let current: { name: string; critical: boolean; value: string[] } | undefined;
  const flush = (): void => {
    if (current) out.set(current.name, { critical: current.critical, value: current.value.join('\n') });
  };
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') continue;
    const indent = indentOf(line);
    if (indent < headerIndent) break;
    if (indent === headerIndent) {
      flush();
      const m = /^(.*?):\s*(critical)?\s*$/.exec(line.trim());
      assert.ok(m, `unexpected extension header in openssl output: ${line}`);
      current = { name: m[1]!, critical: m[2] === 'critical', value: [] };
    } else {
      current?.value.push(line.trim());
    }
  }
  flush();
  return out;
}

/** Parses `openssl x509 -text -noout` or `openssl req -text -noout` output. */
export function parseOpensslText(text: string): OpensslText {
  const lines = text.split('\n');
  const sigAlg = field(lines, 'Signature Algorithm');
  const subject = field(lines, 'Subject');
  const keyAlg = field(lines, 'Public Key Algorithm');
  assert.ok(sigAlg !== undefined && subject !== undefined && keyAlg !== undefined, `not openssl -text output:\n${text}`);
  const bits = /Public-Key: \((\d+) bit\)/.exec(text);
  const curve = /NIST CURVE: (P-\d+)/.exec(text);
  const notBefore = field(lines, 'Not Before');
  const notAfter = field(lines, 'Not After');
  return {
    serial: readSerial(lines),
    signatureAlgorithm: sigAlg,
    issuer: field(lines, 'Issuer'),
    subject,
    notBefore: notBefore === undefined ? undefined : new Date(notBefore),
    notAfter: notAfter === undefined ? undefined : new Date(notAfter),
    publicKeyAlgorithm: keyAlg,
    publicKeyBits: bits ? Number(bits[1]) : undefined,
    curve: curve?.[1],
    extensions: readExtensions(lines),
  };
}

/** `openssl x509 -text -noout` of a PEM file, parsed. */
export function opensslX509Text(file: string, cwd?: string): OpensslText {
  return parseOpensslText(openssl(['x509', '-in', file, '-noout', '-text', '-nameopt', nameOpt], { cwd }));
}

/** `openssl req -text -noout` of a PEM file, parsed. */
export function opensslReqText(file: string, cwd?: string): OpensslText {
  return parseOpensslText(openssl(['req', '-in', file, '-noout', '-text', '-nameopt', nameOpt], { cwd }));
}

/** SANs by kind, as sets would compare them: each list sorted. */
export interface TextSans {
  readonly dns: string[];
  readonly emails: string[];
  readonly ips: string[];
  readonly uris: string[];
}

/**
 * An IP address in one canonical text form. openssl prints IPv6 fully expanded and in upper
 * case (`2001:DB8:0:0:0:0:0:1`); the WHATWG URL parser gives the RFC 5952 form.
 */
export function canonicalIp(ip: string): string {
  if (!ip.includes(':')) return ip;
  return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
}

/**
 * Splits a SAN line as openssl and node:crypto print it
 * (`DNS:a, IP Address:10.0.0.1, email:x@y, URI:spiffe://...`), each kind sorted.
 */
export function parseSanText(text: string | undefined): TextSans {
  const sans: TextSans = { dns: [], emails: [], ips: [], uris: [] };
  if (!text) return sans;
  for (const part of text.split(/,\s*/)) {
    const m = /^(DNS|email|IP Address|URI):(.*)$/.exec(part.trim());
    assert.ok(m, `unexpected subject alternative name in tool output: ${part}`);
    const value = m[2]!;
    if (m[1] === 'DNS') sans.dns.push(value);
    else if (m[1] === 'email') sans.emails.push(value);
    else if (m[1] === 'IP Address') sans.ips.push(canonicalIp(value));
    else sans.uris.push(value);
  }
  for (const list of Object.values(sans)) list.sort();
  return sans;
}

/** The same SANs, each kind sorted and IPs canonical, for comparing with parseSanText. */
export function sortedSans(s: { dns: readonly string[]; emails: readonly string[]; ips: readonly string[]; uris: readonly string[] }): TextSans {
  return {
    dns: [...s.dns].sort(),
    emails: [...s.emails].sort(),
    ips: s.ips.map(canonicalIp).sort(),
    uris: [...s.uris].sort(),
  };
}
