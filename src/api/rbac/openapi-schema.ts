// OpenAPI schema data for Roles, ClusterRoles, RoleBindings and ClusterRoleBindings, with PolicyRule,
// AggregationRule, Subject and RoleRef.
// Mirrors io.k8s.api.rbac.v1.* of kube-apiserver 1.32 (fields kubectl uses; descriptions abridged).

import { kindSchema } from '../openapi/kind-schema.js';
import { array, atomicStrings, object, refField, refItem, str, type KindSchema, type SchemaMap } from '../openapi/schema-kit.js';

const RBAC = 'io.k8s.api.rbac.v1';

const policyRule: SchemaMap = {
  [`${RBAC}.PolicyRule`]: object('PolicyRule holds information that describes a policy rule, but does not contain information about who the rule applies to or which namespace the rule applies to.', {
    apiGroups: atomicStrings('APIGroups is the name of the APIGroup that contains the resources.'),
    nonResourceURLs: atomicStrings('NonResourceURLs is a set of partial urls that a user should have access to.'),
    resourceNames: atomicStrings('ResourceNames is an optional white list of names that the rule applies to.'),
    resources: atomicStrings('Resources is a list of resources this rule applies to.  \'*\' represents all resources.'),
    verbs: atomicStrings('Verbs is a list of Verbs that apply to ALL the ResourceKinds contained in this rule. \'*\' represents all verbs.'),
  }, ['verbs']),
};
const aggregationRule: SchemaMap = {
  [`${RBAC}.AggregationRule`]: object('AggregationRule describes how to locate ClusterRoles to aggregate into the ClusterRole', {
    clusterRoleSelectors: array({ additionalProperties: true, type: 'object' }, 'ClusterRoleSelectors holds a list of selectors which will be used to find ClusterRoles and create the rules.', { 'x-kubernetes-list-type': 'atomic' }),
  }),
};
const subject: SchemaMap = {
  [`${RBAC}.Subject`]: object('Subject contains a reference to the object or user identities a role binding applies to.', {
    apiGroup: str('APIGroup holds the API group of the referenced subject.'), kind: str('Kind of object being referenced.', { default: '' }),
    name: str('Name of the object being referenced.', { default: '' }), namespace: str('Namespace of the referenced object.'),
  }, ['kind', 'name'], { 'x-kubernetes-map-type': 'atomic' }),
};
const roleRef: SchemaMap = {
  [`${RBAC}.RoleRef`]: object('RoleRef contains information that points to the role being used', {
    apiGroup: str('APIGroup is the group for the resource being referenced', { default: '' }), kind: str('Kind is the type of resource being referenced', { default: '' }),
    name: str('Name is the name of resource being referenced', { default: '' }),
  }, ['apiGroup', 'kind', 'name'], { 'x-kubernetes-map-type': 'atomic' }),
};

const rules = array(refItem(`${RBAC}.PolicyRule`), 'Rules holds all the PolicyRules for this Role', { 'x-kubernetes-list-type': 'atomic' });
const subjects = array(refItem(`${RBAC}.Subject`), 'Subjects holds references to the objects the role applies to.', { 'x-kubernetes-list-type': 'atomic' });
const roleRefField = refField(`${RBAC}.RoleRef`, { default: {}, description: 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.' });

/** rbac.authorization.k8s.io/v1 Role. */
export const roleSchema: KindSchema = kindSchema({ pkg: RBAC, group: 'rbac.authorization.k8s.io', kind: 'Role', description: 'Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.', properties: { rules }, components: policyRule });

/** rbac.authorization.k8s.io/v1 ClusterRole. */
export const clusterRoleSchema: KindSchema = kindSchema({ pkg: RBAC, group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', description: 'ClusterRole is a cluster level, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding or ClusterRoleBinding.', properties: {
  aggregationRule: refField(`${RBAC}.AggregationRule`, { description: 'AggregationRule is an optional field that describes how to build the Rules for this ClusterRole. If AggregationRule is set, then the Rules are controller managed and direct changes to Rules will be stomped by the controller.' }),
  rules,
}, components: { ...policyRule, ...aggregationRule } });

/** rbac.authorization.k8s.io/v1 RoleBinding. */
export const roleBindingSchema: KindSchema = kindSchema({ pkg: RBAC, group: 'rbac.authorization.k8s.io', kind: 'RoleBinding', description: 'RoleBinding references a role, but does not contain it.  It can reference a Role in the same namespace or a ClusterRole in the global namespace.', properties: { roleRef: roleRefField, subjects }, required: ['roleRef'], components: { ...subject, ...roleRef } });

/** rbac.authorization.k8s.io/v1 ClusterRoleBinding. */
export const clusterRoleBindingSchema: KindSchema = kindSchema({ pkg: RBAC, group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding', description: 'ClusterRoleBinding references a ClusterRole, but not contain it.  It can reference a ClusterRole in the global namespace, and adds who information via Subject.', properties: { roleRef: roleRefField, subjects }, required: ['roleRef'], components: { ...subject, ...roleRef } });
