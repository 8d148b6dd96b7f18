// RBAC: the index of stored RBAC objects, the authorizer over it, the default policy and the
// escalation checks. Mirrors kubernetes plugin/pkg/auth/authorizer/rbac and pkg/registry/rbac.

import type { Registry } from '../../registry/registry.js';
import { loadRbacIndex } from './load.js';
import { RbacAuthorizer } from './rbac-authorizer.js';

export { RbacIndex, serviceAccountUsername } from './rbac-index.js';
export { RbacAuthorizer } from './rbac-authorizer.js';
export { loadRbacIndex } from './load.js';
export { ruleAllows } from './rules.js';

/**
 * An RBAC authorizer over `registry`'s Roles, ClusterRoles and bindings, kept current as they
 * change. Its `authorize` is synchronous and reads only the bindings naming the user.
 */
export async function createRbacAuthorizer(registry: Registry): Promise<RbacAuthorizer> {
  return new RbacAuthorizer(await loadRbacIndex(registry));
}
export { authorizerChain, type AuthorizerChain, type RulesFor } from './chain.js';
