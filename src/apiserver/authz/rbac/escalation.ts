// Escalation prevention: writing a Role or ClusterRole needs `escalate` on it or holding every
// permission it grants; writing a binding needs `bind` on its role or holding the role's permissions.
// Mirrors kubernetes pkg/registry/rbac/{escalation_check.go,role/policybased,clusterrole/policybased,
// rolebinding/policybased,clusterrolebinding/policybased} and pkg/registry/rbac/validation/rule.go
// (ConfirmNoEscalation), as a validating admission plugin.

import type { AdmissionAttributes, AdmissionPlugin } from '../../admission/admission.js';
import type { Authorizer } from '../authorizer.js';
import { systemMastersGroup } from '../authorizer.js';
import { newForbidden, newNotFound } from '../../../api/errors.js';
import { rbacGroup, type ClusterRole, type PolicyRule, type RoleBinding } from '../../../api/rbac/types.js';
import type { UserInfo } from '../../../api/types.js';
import type { RbacIndex } from './rbac-index.js';
import { compactRules, compactString, covers, goQuoteList } from './covers.js';

const fullAuthority: PolicyRule[] = [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verbs: ['*'], nonResourceURLs: ['*'] }];

/** The reason ConfirmNoEscalation gives, or undefined when `user` holds every rule. */
export function escalationMessage(index: RbacIndex, user: UserInfo, namespace: string, rules: readonly PolicyRule[]): string | undefined {
  const { covered, missing } = covers(index.rulesFor(user, namespace), rules);
  if (covered) return undefined;
  const descriptions = [...new Set(compactRules(missing).map(compactString))].sort();
  return `user ${JSON.stringify(user.username)} (groups=${goQuoteList(user.groups ?? [])}) is attempting to grant RBAC permissions not currently held:\n${descriptions.join('\n')}`;
}

function isRoleResource(r: string): boolean {
  return r === 'roles' || r === 'clusterroles';
}

/** Only metadata the garbage collector touches changed (IsOnlyMutatingGCFields, approximately: nothing but metadata). */
function onlyMetadataChanged(a: AdmissionAttributes): boolean {
  if (a.operation !== 'UPDATE' || !a.oldObject || !a.object) return false;
  const strip = (o: object): string => JSON.stringify({ ...o, metadata: undefined });
  return strip(a.object) === strip(a.oldObject);
}

/** The escalation checks as an admission plugin over the RBAC resources. */
export function rbacEscalationPlugin(index: RbacIndex, authorizer: Authorizer): AdmissionPlugin {
  const allowed = async (user: UserInfo, verb: string, resource: string, namespace: string, name: string): Promise<boolean> => {
    const d = await authorizer.authorize({ user, verb, isResourceRequest: true, path: '', apiGroup: rbacGroup, apiVersion: '*', namespace, resource, subresource: '', name });
    return d.decision === 'allow';
  };
  return {
    name: 'RBACEscalation',
    async validate(a) {
      if (a.resource.group !== rbacGroup || a.operation === 'DELETE' || !a.object) return;
      if (a.user.groups?.includes(systemMastersGroup) || onlyMetadataChanged(a)) return;
      const name = a.object.metadata.name ?? '';
      if (isRoleResource(a.resource.resource)) {
        // The request's own name: empty on create, as RoleEscalationAuthorized reads it from the URL.
        if (await allowed(a.user, 'escalate', a.resource.resource, a.namespace, a.operation === 'CREATE' ? '' : a.name)) return;
        const role = a.object as unknown as ClusterRole;
        const msg = escalationMessage(index, a.user, a.namespace, role.rules ?? []);
        if (msg) throw newForbidden(a.resource, name, msg);
        if (role.aggregationRule && escalationMessage(index, a.user, a.namespace, fullAuthority)) {
          throw newForbidden(a.resource, name, 'must have cluster-admin privileges to use the aggregationRule');
        }
        return;
      }
      const b = a.object as unknown as RoleBinding;
      const ref = b.roleRef;
      const refResource = ref.kind === 'ClusterRole' ? 'clusterroles' : ref.kind === 'Role' ? 'roles' : '';
      if (refResource && (await allowed(a.user, 'bind', refResource, a.namespace, ref.name))) return;
      const rules = index.roleRefRules(ref, a.namespace);
      // The role lookup's NotFound reaches the client as it is, as upstream's GetRoleReferenceRules error does.
      if (!rules) throw newNotFound({ group: rbacGroup, resource: refResource || 'roles' }, ref.name);
      const msg = escalationMessage(index, a.user, a.namespace, rules);
      if (msg) throw newForbidden(a.resource, name, msg);
    },
  };
}
