// Compact JWS with RS256, just what service-account tokens need: sign claims with the
// service-account key, and check a token's signature before anything in it is believed.
// Mirrors the use of go-jose in k8s.io/kubernetes/pkg/serviceaccount/jwt.go (RFC 7515, RFC 7519).

import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** The claims of a token, as JSON. */
export type Claims = Record<string, unknown>;

/** The key ID Kubernetes writes: base64url(SHA-256(PKIX DER of the public key)). */
export function keyIdOf(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(pub.export({ type: 'spki', format: 'der' })).digest('base64url');
}

/** Signs `claims` as an RS256 JWT with `key` (RSA private key). */
export function signJwt(claims: Claims, key: KeyObject, kid: string): string {
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid })).toString('base64url');
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const input = `${header}.${payload}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

/** What a token says before its signature is checked; only the issuer may be looked at. */
export interface ParsedJwt {
  readonly header: Record<string, unknown>;
  readonly claims: Claims;
  readonly signingInput: Buffer;
  readonly signature: Buffer;
}

const segment = /^[A-Za-z0-9_-]+$/;

function decodeJsonSegment(s: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Splits a compact JWS; undefined if `token` does not look like a JWT at all (then it is some other authenticator's). */
export function parseJwt(token: string): ParsedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => segment.test(p))) return undefined;
  const header = decodeJsonSegment(parts[0]!);
  const claims = decodeJsonSegment(parts[1]!);
  if (!header || !claims) return undefined;
  return { header, claims, signingInput: Buffer.from(`${parts[0]}.${parts[1]}`), signature: Buffer.from(parts[2]!, 'base64url') };
}

/** Whether the token's RS256 signature verifies with `publicKey`. Any other algorithm is refused (no `none`, no HS256 confusion). */
export function hasValidSignature(jwt: ParsedJwt, publicKey: KeyObject): boolean {
  if (jwt.header['alg'] !== 'RS256') return false;
  try {
    return verify('sha256', jwt.signingInput, publicKey, jwt.signature);
  } catch {
    return false;
  }
}
