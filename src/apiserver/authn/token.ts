// Bearer tokens: reading `Authorization: Bearer …` and asking the token authenticators in turn.
// Mirrors k8s.io/apiserver/pkg/authentication/request/bearertoken/bearertoken.go and
// k8s.io/apiserver/pkg/authentication/token/union/union.go.

import type { UserInfo } from '../../api/types.js';
import type { Authenticator, AuthnResult } from './authenticator.js';

/** A token authenticator's answer; `audiences` are those the token was accepted for. */
export type TokenResult =
  | { readonly kind: 'user'; readonly user: UserInfo; readonly audiences: readonly string[] }
  | { readonly kind: 'none' }
  | { readonly kind: 'error'; readonly message: string };

/** Checks one kind of bearer token. `audiences` are those the caller accepts (the API's, or a TokenReview's). */
export interface TokenAuthenticator {
  authenticateToken(token: string, audiences: readonly string[], now: Date): TokenResult | Promise<TokenResult>;
}

/** The bearer authenticator's text for a token nobody recognised. */
export const invalidBearerToken = 'invalid bearer token';

/** The token of an `Authorization: Bearer <token>` header; undefined when there is none (or it is empty). */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  // Go: strings.TrimSpace, then SplitN(" ", 3); anything but exactly "bearer <token>" is not a bearer header.
  const parts = header.trim().split(' ');
  if (parts.length < 2 || parts[0]!.toLowerCase() !== 'bearer') return undefined;
  const token = parts[1]!;
  return token === '' ? undefined : token;
}

/** Asks each token authenticator in turn; the first user wins, errors are kept for the log. */
export function unionTokenAuthenticator(authenticators: readonly TokenAuthenticator[]): TokenAuthenticator {
  return {
    async authenticateToken(token, audiences, now) {
      const errors: string[] = [];
      for (const a of authenticators) {
        const r = await a.authenticateToken(token, audiences, now);
        if (r.kind === 'user') return r;
        if (r.kind === 'error') errors.push(r.message);
      }
      return errors.length > 0 ? { kind: 'error', message: errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]` } : { kind: 'none' };
    },
  };
}

/**
 * The request authenticator for bearer tokens: a request with a token nobody accepts is an
 * error (`invalid bearer token`), never anonymous.
 */
export function bearerTokenAuthenticator(tokens: TokenAuthenticator, apiAudiences: readonly string[]): Authenticator {
  return {
    async authenticate(req): Promise<AuthnResult> {
      const header = req.headers.authorization;
      const token = bearerToken(Array.isArray(header) ? header[0] : header);
      if (token === undefined) return { kind: 'none' };
      const r = await tokens.authenticateToken(token, apiAudiences, req.now);
      if (r.kind === 'user') return { kind: 'user', user: r.user };
      return { kind: 'error', message: r.kind === 'error' ? `${invalidBearerToken}: ${r.message}` : invalidBearerToken };
    },
  };
}
