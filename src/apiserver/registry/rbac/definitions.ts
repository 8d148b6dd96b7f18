// rbac.authorization.k8s.io/v1 Roles, ClusterRoles, RoleBindings and ClusterRoleBindings.
// Mirrors kubernetes pkg/registry/rbac/{role,clusterrole,rolebinding,clusterrolebinding}/strategy.go
// and their Table columns in pkg/printers/internalversion/printers.go.

import type { ApiObject, ResourceDefinition } from '../resource.js';
import { age, ageColumn, column, simpleDefinition } from '../simple-definition.js';
import { validatePathSegmentName } from '../../../api/validation/names.js';
import { validateClusterRole, validateRole, validateRoleBinding, validateRoleBindingUpdate } from '../../../api/rbac/validation.js';
import { rbacGroup, type ClusterRole, type Role, type RoleBinding } from '../../../api/rbac/types.js';
import type { MessageShape } from '../../../api/serialize/shape-kit.js';
import type { KindSchema } from '../../../api/openapi/schema-kit.js';
import { clusterRoleBindingShape, clusterRoleShape, roleBindingShape, roleShape } from '../../../api/rbac/shape.js';
import { clusterRoleBindingSchema, clusterRoleSchema, roleBindingSchema, roleSchema } from '../../../api/rbac/openapi-schema.js';

const createdAt = column('Created At', 'CreationTimestamp is a timestamp representing the server time when this object was created.', 0, 'date');

function createdAtCell(obj: ApiObject): string {
  return obj.metadata.creationTimestamp ?? '';
}

function roleDefinition(resource: string, kind: string, namespaced: boolean, shape: MessageShape, schema: KindSchema): ResourceDefinition {
  return simpleDefinition({
    group: rbacGroup, version: 'v1', resource, kind, namespaced, schema, admission: ['RBACEscalation'], shape,
    nameFn: validatePathSegmentName,
    validate: (obj) => (namespaced ? validateRole(obj as unknown as Role) : validateClusterRole(obj as unknown as ClusterRole)),
    columns: [createdAt],
    cells: (obj) => [createdAtCell(obj)],
  });
}

function subjectsOf(b: RoleBinding, kind: string): string {
  return (b.subjects ?? [])
    .filter((s) => s.kind === kind)
    .map((s) => (kind === 'ServiceAccount' ? `${s.namespace ?? b.metadata.namespace ?? ''}/${s.name}` : s.name))
    .join(', ');
}

function bindingDefinition(resource: string, kind: string, namespaced: boolean, shape: MessageShape, schema: KindSchema): ResourceDefinition {
  return simpleDefinition({
    group: rbacGroup, version: 'v1', resource, kind, namespaced, schema, admission: ['RBACEscalation'], shape,
    nameFn: validatePathSegmentName,
    validate: (obj) => validateRoleBinding(obj as unknown as RoleBinding, namespaced),
    validateUpdate: (obj, old) => validateRoleBindingUpdate(obj as unknown as RoleBinding, old as unknown as RoleBinding, namespaced),
    columns: [
      column('Role', 'RoleRef references a role'),
      ageColumn,
      column('Users', 'Users in the roleBinding', 1),
      column('Groups', 'Groups in the roleBinding', 1),
      column('ServiceAccounts', 'ServiceAccounts in the roleBinding', 1),
    ],
    cells: (obj, now) => {
      const b = obj as unknown as RoleBinding;
      return [`${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`, age(obj, now), subjectsOf(b, 'User'), subjectsOf(b, 'Group'), subjectsOf(b, 'ServiceAccount')];
    },
  });
}

/** The Role resource. */
export const roleResourceDefinition: ResourceDefinition = roleDefinition('roles', 'Role', true, roleShape, roleSchema);
/** The ClusterRole resource. */
export const clusterRoleDefinition: ResourceDefinition = roleDefinition('clusterroles', 'ClusterRole', false, clusterRoleShape, clusterRoleSchema);
/** The RoleBinding resource. */
export const roleBindingDefinition: ResourceDefinition = bindingDefinition('rolebindings', 'RoleBinding', true, roleBindingShape, roleBindingSchema);
/** The ClusterRoleBinding resource. */
export const clusterRoleBindingDefinition: ResourceDefinition = bindingDefinition('clusterrolebindings', 'ClusterRoleBinding', false, clusterRoleBindingShape, clusterRoleBindingSchema);
