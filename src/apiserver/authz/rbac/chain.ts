// The authorizer chain kube-apiserver runs with --authorization-mode=Node,RBAC (as kubeadm sets
// it): the privileged group first, then the Node authorizer's static rules, then RBAC; and the
// rules of all three for SelfSubjectRulesReview.
// Mirrors kubernetes pkg/kubeapiserver/authorizer/config.go and
// k8s.io/apiserver/pkg/authorization/union (RulesFor concatenates the members' rules).

import { systemMastersGroup, type Authorizer } from '../authorizer.js';
import type { UserInfo } from '../../../api/types.js';
import type { RbacAuthorizer } from './rbac-authorizer.js';
import { authorizeNode, isNode, nodeRules } from '../node-authorizer.js';
import type { PolicyRule } from '../../../api/rbac/types.js';

/** authorization.k8s.io/v1 ResourceRule and NonResourceRule, as SelfSubjectRulesReview reports them. */
export interface RulesFor {
  readonly resourceRules: { verbs: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[] }[];
  readonly nonResourceRules: { verbs: string[]; nonResourceURLs?: string[] }[];
  readonly incomplete: boolean;
  readonly evaluationError?: string;
}

/** The union authorizer that can also list a user's rules. */
export type AuthorizerChain = Authorizer & { rulesFor(user: UserInfo, namespace: string): RulesFor };

/** system:masters, then Node, then RBAC. */
export function authorizerChain(rbac: RbacAuthorizer): AuthorizerChain {
  return {
    // unionAuthorizer([masters, node, rbac]) without its promise: every member answers synchronously.
    authorize: (a) => {
      if (a.user.groups?.includes(systemMastersGroup)) return { decision: 'allow', reason: '' };
      const node = authorizeNode(a);
      return node.decision === 'allow' ? node : rbac.authorize(a);
    },
    rulesFor(user, namespace) {
      const out: RulesFor = { resourceRules: [], nonResourceRules: [], incomplete: false };
      if (user.groups?.includes(systemMastersGroup)) {
        out.resourceRules.push({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
        out.nonResourceRules.push({ verbs: ['*'], nonResourceURLs: ['*'] });
      }
      const rules: readonly PolicyRule[] = isNode(user) ? [...nodeRules, ...rbac.rulesFor(user, namespace)] : rbac.rulesFor(user, namespace);
      for (const r of rules) {
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
