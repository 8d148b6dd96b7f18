// The registry: every stored resource signet serves, by group and resource name.

import type { Store } from '../../storage/store.js';
import type { WatchCache } from '../../storage/watch-cache.js';
import { GenericStore } from './generic-store.js';
import type { ResourceDefinition } from './resource.js';
import { csrDefinition } from './csr/definition.js';
import { clusterTrustBundleDefinition } from './trust-bundle/definition.js';
import { approvalPolicyDefinition } from './approval-policy/definition.js';
import { eventDefinition } from './event/definition.js';
import { configMapDefinition, namespaceDefinition, podDefinition, secretDefinition, serviceAccountDefinition } from './core/definitions.js';
import { leaseDefinition } from './coordination/lease.js';
import { issuedCertificateDefinition, withRevocations } from './issued-certificates/definition.js';
import { certificateRevocationDefinition } from './revocation/definition.js';
import { clusterRoleBindingDefinition, clusterRoleDefinition, roleBindingDefinition, roleResourceDefinition } from './rbac/definitions.js';

/** Resources by `group/resource` ('' group for core). */
export type Registry = ReadonlyMap<string, GenericStore>;

/** The lookup key of a resource. */
export function registryKey(group: string, resource: string): string {
  return `${group}/${resource}`;
}

/** All resource definitions, in discovery order within each group-version (discovery/resources.ts derives its rows from them). */
export const definitions: readonly ResourceDefinition[] = [
  eventDefinition, namespaceDefinition, podDefinition, secretDefinition, serviceAccountDefinition, configMapDefinition, csrDefinition,
  clusterTrustBundleDefinition, leaseDefinition, clusterRoleBindingDefinition, clusterRoleDefinition, roleBindingDefinition, roleResourceDefinition,
  approvalPolicyDefinition, issuedCertificateDefinition, certificateRevocationDefinition,
];

/** The key prefix under which every resource is stored (the watch cache covers it). */
export const registryPrefix = '/registry/';

/**
 * A registry over `store`, reading watches and resourceVersion=0 lists from `cache`. Events live
 * in `eventStore` when one is given, off the durable path, as kube-apiserver can keep them in an
 * etcd of their own (--etcd-servers-overrides) with a TTL.
 */
export function createRegistry(store: Store, cache?: WatchCache, eventStore?: Store, isRevoked?: (serial: string) => boolean): Registry {
  return new Map(definitions.map((d) => [
    registryKey(d.groupResource.group, d.groupResource.resource),
    d === eventDefinition && eventStore ? new GenericStore(d, eventStore)
      : new GenericStore(d === issuedCertificateDefinition && isRevoked ? withRevocations(d, isRevoked) : d, store, cache),
  ]));
}
