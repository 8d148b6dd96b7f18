// The authorizer chain kube-apiserver runs with --authorization-mode=RBAC: the privileged group
// first, then RBAC; and the rules of both for SelfSubjectRulesReview.
// Mirrors kubernetes pkg/kubeapiserver/authorizer/config.go and
// k8s.io/apiserver/pkg/authorization/union (RulesFor concatenates the members' rules).

import { systemMastersGroup, type Authorizer } from '../authorizer.js';
import type { UserInfo } from '../../../api/types.js';
import type { RbacAuthorizer } from './rbac-authorizer.js';

/** authorization.k8s.io/v1 ResourceRule and NonResourceRule, as SelfSubjectRulesReview reports them. */
export interface RulesFor {
  readonly resourceRules: { verbs: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[] }[];
  readonly nonResourceRules: { verbs: string[]; nonResourceURLs?: string[] }[];
  readonly incomplete: boolean;
  readonly evaluationError?: string;
}

/** The union authorizer that can also list a user's rules. */
export type AuthorizerChain = Authorizer & { rulesFor(user: UserInfo, namespace: string): RulesFor };

/** system:masters, then RBAC. */
export function authorizerChain(rbac: RbacAuthorizer): AuthorizerChain {
  return {
    // unionAuthorizer([mastersAuthorizer, rbac]) without its promise: both members answer synchronously.
    authorize: (a) => (a.user.groups?.includes(systemMastersGroup) ? { decision: 'allow', reason: '' } : rbac.authorize(a)),
    rulesFor(user, namespace) {
      const out: RulesFor = { resourceRules: [], nonResourceRules: [], incomplete: false };
      if (user.groups?.includes(systemMastersGroup)) {
        out.resourceRules.push({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
        out.nonResourceRules.push({ verbs: ['*'], nonResourceURLs: ['*'] });
      }
      for (const r of rbac.rulesFor(user, namespace)) {
        if ((r.nonResourceURLs ?? []).length > 0) out.nonResourceRules.push({ verbs: [...r.verbs], nonResourceURLs: [...r.nonResourceURLs!] });
        else {
          out.resourceRules.push({
            verbs: [...r.verbs],
            ...(r.apiGroups ? { apiGroups: [...r.apiGroups] } : {}),
            ...(r.resources ? { resources: [...r.resources] } : {}),
            ...(r.resourceNames ? { resourceNames: [...r.resourceNames] } : {}),
          });
        }
      }
      return out;
    },
  };
}
