// Authentication, as kube-apiserver frames it: each authenticator says who the caller is, that
// its credential is bad, or that it has no opinion; a union asks them in order.
// Mirrors k8s.io/apiserver/pkg/authentication/authenticator/interfaces.go.

import type { IncomingHttpHeaders } from 'node:http';
import type { UserInfo } from '../../api/types.js';

/** What an authenticator may look at. */
export interface AuthnRequest {
  readonly headers: IncomingHttpHeaders;
  /** DER of the TLS client certificate, if one was presented. */
  readonly clientCertificate?: Uint8Array;
  /** Identifies the connection; lets authenticators cache per-connection work. */
  readonly connection: object;
  readonly now: Date;
}

/** An identity, a refusal with a reason, or no opinion. */
export type AuthnResult =
  /** `certificateSerial`: the client certificate's serial (lower-case hex) when one authenticated the user, for ending its streams on revocation. */
  | { readonly kind: 'user'; readonly user: UserInfo; readonly certificateSerial?: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'error'; readonly message: string };

/** One way of authenticating a request. */
export interface Authenticator {
  authenticate(req: AuthnRequest): AuthnResult | Promise<AuthnResult>;
}

/** The user extra key in which authenticators name the credential used (authenticator/interfaces.go CredentialIDKey). */
export const credentialIdKey = 'authentication.kubernetes.io/credential-id';

/** Kubernetes adds this group to every authenticated user. */
export const allAuthenticatedGroup = 'system:authenticated';

/**
 * Asks each authenticator in turn; the first identity wins, and an error from one is reported
 * only if none succeeds (kube-apiserver's unionAuthRequestHandler). Authenticated users get
 * `system:authenticated` added, as the group adder does.
 */
export function unionAuthenticator(authenticators: readonly Authenticator[]): Authenticator {
  return {
    async authenticate(req) {
      const errors: string[] = [];
      for (const a of authenticators) {
        const r = await a.authenticate(req);
        if (r.kind === 'user') {
          const groups = r.user.groups ?? [];
          if (groups.includes(allAuthenticatedGroup) || r.user.username === 'system:anonymous') return r;
          return { ...r, user: { ...r.user, groups: [...groups, allAuthenticatedGroup] } };
        }
        if (r.kind === 'error') errors.push(r.message);
      }
      return errors.length > 0 ? { kind: 'error', message: errors.join('; ') } : { kind: 'none' };
    },
  };
}
