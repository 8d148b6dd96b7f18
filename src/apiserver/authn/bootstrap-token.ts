// Bootstrap tokens: `<id>.<secret>` bearer tokens backed by Secrets `kube-system/bootstrap-token-<id>`
// of type bootstrap.kubernetes.io/token. Mirrors plugin/pkg/auth/authenticator/token/bootstrap/bootstrap.go
// and staging/src/k8s.io/cluster-bootstrap/token/{api,util}.

import { timingSafeEqual } from 'node:crypto';
import type { TokenAuthenticator, TokenResult } from './token.js';
import { secretValue, type ObjectReader } from './stored-objects.js';

/** The Secret type of bootstrap tokens. */
export const bootstrapTokenSecretType = 'bootstrap.kubernetes.io/token';
/** Every bootstrap token's user is in this group. */
export const bootstrapDefaultGroup = 'system:bootstrappers';

const tokenPattern = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
const extraGroupPattern = /^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/;

/** Authenticates bootstrap tokens against the Secrets in kube-system. */
export function bootstrapTokenAuthenticator(read: ObjectReader): TokenAuthenticator {
  return {
    async authenticateToken(token, audiences, now): Promise<TokenResult> {
      const m = tokenPattern.exec(token);
      // Not shaped like a bootstrap token: some other authenticator's, no opinion.
      if (!m) return { kind: 'none' };
      const [, id, secretPart] = m as unknown as [string, string, string];
      const secret = await read('secrets', 'kube-system', `bootstrap-token-${id}`);
      // Upstream logs why and declines; the bearer authenticator then answers 401.
      if (!secret || secret.metadata.deletionTimestamp || secret['type'] !== bootstrapTokenSecretType) return { kind: 'none' };
      const stored = Buffer.from(secretValue(secret, 'token-secret') ?? '');
      const presented = Buffer.from(secretPart);
      if (stored.length !== presented.length || !timingSafeEqual(stored, presented)) return { kind: 'none' };
      if (secretValue(secret, 'token-id') !== id) return { kind: 'none' };
      const expiration = secretValue(secret, 'expiration');
      if (expiration !== undefined && expiration !== '') {
        const t = Date.parse(expiration);
        // An unparseable expiration counts as expired, as isSecretExpired does.
        if (Number.isNaN(t) || now.getTime() >= t) return { kind: 'none' };
      }
      if (secretValue(secret, 'usage-bootstrap-authentication') !== 'true') return { kind: 'none' };
      const groups = new Set([bootstrapDefaultGroup]);
      const extra = secretValue(secret, 'auth-extra-groups') ?? '';
      if (extra !== '') {
        for (const g of extra.split(',')) {
          if (!extraGroupPattern.test(g)) return { kind: 'error', message: `bootstrap group ${JSON.stringify(g)} is invalid (must match ${extraGroupPattern.source})` };
          groups.add(g);
        }
      }
      // sets.String.List(): deduplicated and sorted.
      return { kind: 'user', user: { username: `system:bootstrap:${id}`, groups: [...groups].sort() }, audiences: [...audiences] };
    },
  };
}
