// Connects an RbacIndex to the registry: listens to commits of the four RBAC resources, then
// loads what is stored. Listening first means nothing committed meanwhile is missed; the index
// ignores a listed object older than a change it already applied.

import type { Registry } from '../../registry/registry.js';
import { registryKey } from '../../registry/registry.js';
import type { GenericStore } from '../../registry/generic-store.js';
import { rbacGroup } from '../../../api/rbac/types.js';
import { RbacIndex } from './rbac-index.js';

const rbacResources = ['clusterroles', 'roles', 'clusterrolebindings', 'rolebindings'] as const;

/** The four RBAC stores of a registry. */
export function rbacStores(registry: Registry): GenericStore[] {
  return rbacResources.map((r) => {
    const s = registry.get(registryKey(rbacGroup, r));
    if (!s) throw new Error(`the registry has no ${r}`);
    return s;
  });
}

/** Builds an index kept current from `registry`'s commits, loaded with what is stored. */
export async function loadRbacIndex(registry: Registry): Promise<RbacIndex> {
  const index = new RbacIndex();
  const stores = rbacStores(registry);
  for (const s of stores) s.listeners.push((e) => index.apply(e));
  for (const s of stores) {
    const { kvs } = await s.store.list(s.prefix(''));
    for (const kv of kvs) index.apply({ type: 'put', key: kv.key, object: s.decode(kv), revision: kv.modRevision });
  }
  return index;
}
