// The RBAC authorizer: allows a request when a rule bound to the user (directly, through a group,
// or as a service account) allows it; otherwise it has no opinion, and the chain ends in a 403.
// Mirrors kubernetes plugin/pkg/auth/authorizer/rbac/rbac.go.

import type { Attributes, Authorizer, Decision } from '../authorizer.js';
import type { PolicyRule } from '../../../api/rbac/types.js';
import type { UserInfo } from '../../../api/types.js';
import { userKeys, type RbacIndex, type BindingEntry } from './rbac-index.js';
import { ruleAllows } from './rules.js';

/** The subject through which `b` applied, worded as rbac.go's describeSubject. */
function describeSubject(a: Attributes, b: BindingEntry): string {
  const key = userKeys(a.user).find((k) => b.subjectKeys.includes(k)) ?? `u:${a.user.username}`;
  if (key.startsWith('g:')) return `Group "${key.slice(2)}"`;
  const sa = /^u:system:serviceaccount:([^:]+):([^:]+)$/.exec(key);
  return sa ? `ServiceAccount "${sa[2]}/${sa[1]}"` : `User "${key.slice(2)}"`;
}

/** RBAC over an index of the stored Roles, ClusterRoles and bindings. */
export class RbacAuthorizer implements Authorizer {
  constructor(readonly index: RbacIndex) {}

  authorize(a: Attributes): Decision {
    let reason = '';
    const allowed = this.index.visitRulesFor(a.user, a.namespace, (rule, b) => {
      if (!ruleAllows(a, rule)) return false;
      const where = b.kind === 'RoleBinding' ? ` in namespace "${b.namespace}"` : '';
      reason = `RBAC: allowed by ${b.kind} "${b.name}"${where} of ${b.roleRef.kind} "${b.roleRef.name}" to ${describeSubject(a, b)}`;
      return true;
    });
    return allowed ? { decision: 'allow', reason } : { decision: 'no-opinion', reason: '' };
  }

  /** The rules that apply to `user` in `namespace` (for escalation checks and rules reviews). */
  rulesFor(user: UserInfo, namespace: string): PolicyRule[] {
    return this.index.rulesFor(user, namespace);
  }
}
