// Creates the default ClusterRoles and ClusterRoleBindings at startup and reconciles existing ones
// the way kube-apiserver's RBAC bootstrap does: missing rules, subjects, labels and annotations are
// added unless the object's autoupdate annotation is "false"; nothing the administrator added is
// removed. Also writes aggregated ClusterRoles' rules back to storage when their sources change.
// Mirrors kubernetes pkg/registry/rbac/rest/storage_rbac.go (PostStartHook) and
// pkg/registry/rbac/reconciliation, and pkg/controller/clusterroleaggregation.

import type { GenericStore } from '../../registry/generic-store.js';
import type { ApiObject } from '../../registry/resource.js';
import { registryKey, type Registry } from '../../registry/registry.js';
import { systemContext, systemWrite } from '../../registry/core/namespace-controller.js';
import { hasReason } from '../../../api/errors.js';
import { rbacGroup, type ClusterRole, type PolicyRule, type RoleBinding } from '../../../api/rbac/types.js';
import { autoUpdateAnnotation, bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap-policy.js';
import type { RbacIndex } from './rbac-index.js';

const manager = 'kube-apiserver';
const apiVersion = `${rbacGroup}/v1`;

function unionBy<T>(have: readonly T[], want: readonly T[]): T[] {
  const keys = new Set(have.map((x) => JSON.stringify(x)));
  return [...have, ...want.filter((x) => !keys.has(JSON.stringify(x)))];
}

/** `current` with `wanted`'s rules/subjects, labels and annotations added; undefined if nothing is missing. */
function reconciled(current: ApiObject, wanted: ApiObject, field: 'rules' | 'subjects'): ApiObject | undefined {
  if (current.metadata.annotations?.[autoUpdateAnnotation] === 'false') return undefined;
  const next = structuredClone(current);
  next.metadata.labels = { ...wanted.metadata.labels, ...current.metadata.labels };
  next.metadata.annotations = { ...wanted.metadata.annotations, ...current.metadata.annotations };
  const aggregated = field === 'rules' && (wanted as unknown as ClusterRole).aggregationRule;
  if (aggregated) {
    const sel = unionBy((current as unknown as ClusterRole).aggregationRule?.clusterRoleSelectors ?? [], (wanted as unknown as ClusterRole).aggregationRule!.clusterRoleSelectors ?? []);
    (next as unknown as ClusterRole).aggregationRule = { clusterRoleSelectors: sel };
  } else {
    next[field] = unionBy((current[field] as unknown[] | undefined) ?? [], (wanted[field] as unknown[] | undefined) ?? []);
  }
  if (field === 'subjects' && JSON.stringify((current as unknown as RoleBinding).roleRef) !== JSON.stringify((wanted as unknown as RoleBinding).roleRef)) return undefined;
  return JSON.stringify(next) === JSON.stringify(current) ? undefined : next;
}

async function ensure(store: GenericStore, wanted: ApiObject, field: 'rules' | 'subjects'): Promise<void> {
  const name = wanted.metadata.name!;
  let current: ApiObject | undefined;
  try {
    current = await store.get('', name);
  } catch (err) {
    if (!hasReason(err, 'NotFound')) throw err;
  }
  if (!current) {
    try {
      await store.create(systemContext('', 'v1'), structuredClone(wanted), systemWrite(manager, apiVersion));
    } catch (err) {
      if (!hasReason(err, 'AlreadyExists')) throw err;
    }
    return;
  }
  const next = reconciled(current, wanted, field);
  if (next) await store.update(systemContext('', 'v1'), name, '', () => next, systemWrite(manager, apiVersion));
}

function rbacStore(registry: Registry, resource: string): GenericStore {
  const s = registry.get(registryKey(rbacGroup, resource));
  if (!s) throw new Error(`the registry has no ${resource}`);
  return s;
}

/** Creates or reconciles every default ClusterRole and ClusterRoleBinding. */
export async function reconcileBootstrapPolicy(registry: Registry): Promise<void> {
  const roles = rbacStore(registry, 'clusterroles');
  const bindings = rbacStore(registry, 'clusterrolebindings');
  for (const r of bootstrapClusterRoles()) await ensure(roles, r as unknown as ApiObject, 'rules');
  for (const b of bootstrapClusterRoleBindings()) await ensure(bindings, b as unknown as ApiObject, 'subjects');
}

/**
 * Writes an aggregated ClusterRole's rules to storage when the index computes new ones, so that
 * `kubectl get clusterrole admin -o yaml` shows them (the aggregation controller's job). Runs
 * after the triggering write is answered; a failure is retried on the next change.
 */
export function installAggregationWriter(registry: Registry, index: RbacIndex): void {
  const roles = rbacStore(registry, 'clusterroles');
  const pending = new Map<string, PolicyRule[]>();
  let running = false;
  const drain = async (): Promise<void> => {
    running = true;
    try {
      for (const [name, rules] of pending) {
        pending.delete(name);
        await roles.update(systemContext('', 'v1'), name, '', (cur) => ({ ...cur, rules }), systemWrite('clusterrole-aggregation-controller', apiVersion)).catch(() => undefined);
      }
    } finally {
      running = false;
    }
  };
  index.onAggregated = (name, rules) => {
    pending.set(name, rules);
    if (!running) setImmediate(() => void drain());
  };
}
