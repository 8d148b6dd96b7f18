// The field shapes of Roles, ClusterRoles and their bindings, for strict decoding.
// Mirrors k8s.io/api/rbac/v1 generated.proto.

import { f, kindShape, list, msg, selectorRequirement, stringMap } from '../serialize/shape-kit.js';

const policyRule = msg('PolicyRule', [
  list('verbs', 1, 'string'), list('apiGroups', 2, 'string'), list('resources', 3, 'string'),
  list('resourceNames', 4, 'string'), list('nonResourceURLs', 5, 'string'),
]);
const labelSelector = msg('LabelSelector', [f('matchLabels', 1, stringMap), list('matchExpressions', 2, selectorRequirement('LabelSelectorRequirement'))]);
const subject = msg('Subject', [f('kind', 1, 'string'), f('apiGroup', 2, 'string'), f('name', 3, 'string'), f('namespace', 4, 'string')]);
const roleRef = msg('RoleRef', [f('apiGroup', 1, 'string'), f('kind', 2, 'string'), f('name', 3, 'string')]);

/** rbac.authorization.k8s.io/v1 Role. */
export const roleShape = kindShape('Role', [list('rules', 2, policyRule)]);
/** rbac.authorization.k8s.io/v1 ClusterRole. */
export const clusterRoleShape = kindShape('ClusterRole', [
  list('rules', 2, policyRule),
  f('aggregationRule', 3, msg('AggregationRule', [list('clusterRoleSelectors', 1, labelSelector)]), { presence: true }),
]);
/** rbac.authorization.k8s.io/v1 RoleBinding. */
export const roleBindingShape = kindShape('RoleBinding', [list('subjects', 2, subject), f('roleRef', 3, roleRef)]);
/** rbac.authorization.k8s.io/v1 ClusterRoleBinding. */
export const clusterRoleBindingShape = kindShape('ClusterRoleBinding', [list('subjects', 2, subject), f('roleRef', 3, roleRef)]);
