// Authorization, as kube-apiserver frames it: attributes of a request in, allow / deny /
// no-opinion out. Mirrors k8s.io/apiserver/pkg/authorization/authorizer/interfaces.go.

import type { UserInfo } from '../../api/types.js';

/** What is being attempted, by whom. */
export interface Attributes {
  readonly user: UserInfo;
  readonly verb: string;
  readonly isResourceRequest: boolean;
  readonly path: string;
  readonly apiGroup: string;
  readonly apiVersion: string;
  readonly namespace: string;
  readonly resource: string;
  readonly subresource: string;
  readonly name: string;
}

/** An authorizer's answer. */
export interface Decision {
  readonly decision: 'allow' | 'deny' | 'no-opinion';
  readonly reason: string;
}

/** One authorization mode. */
export interface Authorizer {
  authorize(a: Attributes): Decision | Promise<Decision>;
}

/** The group whose members may do everything (kube-apiserver's privileged group). */
export const systemMastersGroup = 'system:masters';

/**
 * Allows members of `system:masters` everything and has no opinion about anyone else; with
 * nothing after it in the chain, that is a 403.
 */
export const mastersAuthorizer: Authorizer = {
  authorize(a) {
    return a.user.groups?.includes(systemMastersGroup)
      ? { decision: 'allow', reason: '' }
      : { decision: 'no-opinion', reason: '' };
  },
};

/** Asks each authorizer in turn; the first allow or deny wins (kube-apiserver's union). */
export function unionAuthorizer(authorizers: readonly Authorizer[]): Authorizer {
  return {
    async authorize(a) {
      const reasons: string[] = [];
      for (const z of authorizers) {
        const d = await z.authorize(a);
        if (d.decision !== 'no-opinion') return d;
        if (d.reason) reasons.push(d.reason);
      }
      return { decision: 'no-opinion', reason: reasons.join('; ') };
    },
  };
}
