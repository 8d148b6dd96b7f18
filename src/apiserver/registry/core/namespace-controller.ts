// What kube-controller-manager's namespace and serviceaccount controllers do, done in-process and
// synchronously: every namespace gets a `default` ServiceAccount when it is created, and deleting a
// namespace deletes everything stored in it before the delete is answered. Also creates the system
// namespaces at first start. Mirrors kubernetes pkg/controller/namespace/deletion and
// pkg/controller/serviceaccount/serviceaccounts_controller.go (simplified: no Terminating phase).

import type { StrategyContext } from '../resource.js';
import type { GenericStore, WriteOptions } from '../generic-store.js';
import { registryKey, type Registry } from '../registry.js';
import { hasReason } from '../../../api/errors.js';
import { systemNamespaces } from '../../../api/core/types.js';

/** The identity of in-process system writes. */
export const systemUser = { username: 'system:apiserver', groups: ['system:masters', 'system:authenticated'] };

/** A strategy context for a system write in `namespace`. */
export function systemContext(namespace: string, version = 'v1'): StrategyContext {
  return { user: systemUser, now: new Date(), namespace, version };
}

/** Write options of a system write by `manager`. */
export function systemWrite(manager: string, apiVersion: string): WriteOptions {
  return { dryRun: false, manager, apiVersion };
}

function store(registry: Registry, resource: string): GenericStore {
  const s = registry.get(registryKey('', resource));
  if (!s) throw new Error(`the registry has no ${resource}`);
  return s;
}

/** Creates the `default` ServiceAccount of `namespace` unless it exists. */
export async function ensureDefaultServiceAccount(registry: Registry, namespace: string): Promise<void> {
  const sa = store(registry, 'serviceaccounts');
  try {
    await sa.get(namespace, 'default');
    return;
  } catch (err) {
    if (!hasReason(err, 'NotFound')) throw err;
  }
  try {
    await sa.create(systemContext(namespace), { metadata: { name: 'default', namespace } }, systemWrite('kube-controller-manager', 'v1'));
  } catch (err) {
    if (!hasReason(err, 'AlreadyExists') && !hasReason(err, 'NotFound')) throw err;
  }
}

/** Deletes every object stored in `namespace`, resource by resource. */
export async function deleteNamespaceContents(registry: Registry, namespace: string): Promise<void> {
  for (const s of registry.values()) {
    if (!s.def.namespaced) continue;
    const { kvs } = await s.store.list(s.prefix(namespace));
    for (const kv of kvs) {
      const name = kv.key.slice(s.prefix(namespace).length);
      try {
        await s.delete(systemContext(namespace), name, {}, { dryRun: false });
      } catch (err) {
        if (!hasReason(err, 'NotFound')) throw err;
      }
    }
  }
}

/** Hooks namespace creation and deletion to the two controllers' work. */
export function installNamespaceHooks(registry: Registry): void {
  const namespaces = store(registry, 'namespaces');
  namespaces.listeners.push(async (e) => {
    const name = e.object.metadata.name ?? '';
    if (e.type === 'delete') await deleteNamespaceContents(registry, name);
    else if (!e.object.metadata.deletionTimestamp) await ensureDefaultServiceAccount(registry, name);
  });
}

/** Creates the system namespaces if missing and gives every namespace its default ServiceAccount. */
export async function bootstrapNamespaces(registry: Registry): Promise<void> {
  const namespaces = store(registry, 'namespaces');
  for (const name of systemNamespaces) {
    try {
      await namespaces.create(systemContext(''), { metadata: { name } }, systemWrite('kube-apiserver', 'v1'));
    } catch (err) {
      if (!hasReason(err, 'AlreadyExists')) throw err;
    }
  }
  const { kvs } = await namespaces.store.list(namespaces.prefix(''));
  for (const kv of kvs) await ensureDefaultServiceAccount(registry, namespaces.decode(kv).metadata.name ?? '');
}
