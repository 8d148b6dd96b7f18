// rbac.authorization.k8s.io/v1 types. Mirrors k8s.io/api/rbac/v1/types.go.

import type { ObjectMeta, TypeMeta } from '../types.js';

/** The RBAC API group. */
export const rbacGroup = 'rbac.authorization.k8s.io';

/** One rule: verbs on resources (or non-resource URLs). */
export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** A label selector (metav1.LabelSelector). */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Who a binding grants to. */
export interface Subject {
  kind: string;
  apiGroup?: string;
  name: string;
  namespace?: string;
}

/** The role a binding refers to. */
export interface RoleRef {
  apiGroup: string;
  kind: string;
  name: string;
}

/** A namespaced Role. */
export interface Role extends TypeMeta {
  metadata: ObjectMeta;
  rules?: PolicyRule[];
}

/** A ClusterRole, whose rules may be aggregated from other ClusterRoles. */
export interface ClusterRole extends Role {
  aggregationRule?: { clusterRoleSelectors?: LabelSelector[] };
}

/** RoleBinding and ClusterRoleBinding. */
export interface RoleBinding extends TypeMeta {
  metadata: ObjectMeta;
  subjects?: Subject[];
  roleRef: RoleRef;
}
