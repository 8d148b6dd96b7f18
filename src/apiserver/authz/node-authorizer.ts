// The Node authorizer's static rules (kube-apiserver --authorization-mode=Node): a kubelet,
// user system:node:<name> in group system:nodes, may do what bootstrappolicy.NodeRules() allows
// without any RoleBinding. That is how a joined node asks for its serving certificate and renews
// its client certificate. The graph part of the real authorizer (which pods, secrets and volumes
// a node may read) has no counterpart here: signet stores no workloads for nodes to run.

import type { PolicyRule } from '../../api/rbac/types.js';
import type { Attributes, Decision } from './authorizer.js';
import { ruleAllows } from './rbac/rules.js';

const nodesGroup = 'system:nodes';
const nodeUserPrefix = 'system:node:';

/** The rules of NodeRules() for the resources signet serves. */
export const nodeRules: readonly PolicyRule[] = [
  { verbs: ['create', 'get', 'list', 'watch'], apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests'] },
  { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'] },
  { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['localsubjectaccessreviews', 'subjectaccessreviews'] },
  { verbs: ['create', 'update', 'patch'], apiGroups: ['', 'events.k8s.io'], resources: ['events'] },
  { verbs: ['get', 'create', 'update', 'patch', 'delete'], apiGroups: ['coordination.k8s.io'], resources: ['leases'] },
];

/** Whether `user` is a node as the Node authorizer recognises one. */
export function isNode(user: Attributes['user']): boolean {
  return user.username.startsWith(nodeUserPrefix) && (user.groups?.includes(nodesGroup) ?? false);
}

/** Allows a node what nodeRules allow; no opinion otherwise (RBAC decides next). */
export function authorizeNode(a: Attributes): Decision {
  if (isNode(a.user) && nodeRules.some((r) => ruleAllows(a, r))) return { decision: 'allow', reason: '' };
  return { decision: 'no-opinion', reason: '' };
}
