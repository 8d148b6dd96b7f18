// An RBAC index built from plain objects, without storage: bootstrap policy plus the given objects.

import { RbacIndex } from '../../../../src/apiserver/authz/rbac/rbac-index.js';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from '../../../../src/apiserver/authz/rbac/bootstrap-policy.js';
import type { ApiObject } from '../../../../src/apiserver/registry/resource.js';
import type { Attributes } from '../../../../src/apiserver/authz/authorizer.js';
import type { UserInfo } from '../../../../src/api/types.js';

let revision = 0;

/** Applies `obj` to the index as a committed put of `resource` (namespaced when obj has a namespace). */
export function put(index: RbacIndex, resource: string, obj: object): void {
  const o = obj as ApiObject;
  const ns = o.metadata.namespace;
  const key = `/registry/rbac.authorization.k8s.io/${resource}/${ns ? `${ns}/` : ''}${o.metadata.name}`;
  index.apply({ type: 'put', key, object: structuredClone(o), revision: ++revision });
}

/** Applies a delete. */
export function remove(index: RbacIndex, resource: string, name: string, namespace = ''): void {
  const key = `/registry/rbac.authorization.k8s.io/${resource}/${namespace ? `${namespace}/` : ''}${name}`;
  index.apply({ type: 'delete', key, object: { metadata: { name, namespace } }, revision: ++revision });
}

/** An index holding kube-apiserver's default policy. */
export function bootstrappedIndex(): RbacIndex {
  const index = new RbacIndex();
  for (const r of bootstrapClusterRoles()) put(index, 'clusterroles', r);
  for (const b of bootstrapClusterRoleBindings()) put(index, 'clusterrolebindings', b);
  return index;
}

/** A user with `system:authenticated` appended, as authentication does. */
export function user(username: string, ...groups: string[]): UserInfo {
  return { username, groups: [...groups, 'system:authenticated'] };
}

/** Resource request attributes. */
export function resourceAttrs(u: UserInfo, verb: string, group: string, resource: string, namespace = '', name = '', subresource = ''): Attributes {
  return { user: u, verb, isResourceRequest: true, path: '', apiGroup: group, apiVersion: 'v1', namespace, resource, subresource, name };
}

/** Non-resource request attributes. */
export function pathAttrs(u: UserInfo, verb: string, path: string): Attributes {
  return { user: u, verb, isResourceRequest: false, path, apiGroup: '', apiVersion: '', namespace: '', resource: '', subresource: '', name: '' };
}

const rbac = 'rbac.authorization.k8s.io';
/** A Role. */
export const role = (namespace: string, name: string, rules: object[]): object => ({ metadata: { name, namespace }, rules });
/** A binding of `roleKind/roleName` to subjects. */
export function binding(name: string, roleKind: string, roleName: string, subjects: object[], namespace?: string): object {
  return { metadata: { name, ...(namespace ? { namespace } : {}) }, roleRef: { apiGroup: rbac, kind: roleKind, name: roleName }, subjects };
}
/** Subjects. */
export const User = (name: string): object => ({ kind: 'User', apiGroup: rbac, name });
export const Group = (name: string): object => ({ kind: 'Group', apiGroup: rbac, name });
export const SA = (name: string, namespace?: string): object => ({ kind: 'ServiceAccount', name, ...(namespace ? { namespace } : {}) });
