// The API group-versions and resources signet advertises, derived from the registry's definitions; discovery and
// OpenAPI are derived from this table.
// Mirrors the shape of kube-apiserver's APIResource / APIResourceDiscovery (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go).

import { definitions } from '../registry/registry.js';
import type { ResourceDefinition, SubresourceRow } from '../registry/resource.js';
import type { SchemaNames } from '../../api/openapi/schema-kit.js';

/** Whether a resource lives inside a namespace (`/namespaces/{ns}/…`) or at the cluster level. */
export type ResourceScope = 'Cluster' | 'Namespaced';

/** A group-version as discovery names it; the core group is the empty string. */
export interface GroupVersion {
  readonly group: string;
  readonly version: string;
}

/** One row of the table: one resource in one group-version. */
export interface ResourceSpec extends GroupVersion {
  /** Plural resource name as used in URLs. */
  readonly resource: string;
  readonly singular: string;
  readonly kind: string;
  readonly scope: ResourceScope;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly verbs: readonly string[];
  readonly subresources: readonly SubresourceRow[];
  /** Absent when signet publishes no schema for it (the reviews). */
  readonly schema?: SchemaNames;
}

/** The verbs of a fully served, persisted resource, in the alphabetical order kube-apiserver reports them. */
export const STORED_RESOURCE_VERBS: readonly string[] = [
  'create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch',
];

/** Verbs of a subresource that reads and replaces part of its parent object (`/status`, `/approval`). */
export const OBJECT_SUBRESOURCE_VERBS: readonly string[] = ['get', 'patch', 'update'];

/**
 * Every group-version signet serves, most-preferred first within a group. The order is the order
 * discovery lists them, and the first version of a group is its preferred version.
 */
export const GROUP_VERSIONS: readonly GroupVersion[] = [
  { group: '', version: 'v1' },
  { group: 'authentication.k8s.io', version: 'v1' },
  { group: 'authorization.k8s.io', version: 'v1' },
  { group: 'certificates.k8s.io', version: 'v1' },
  // Kubernetes removed the v1beta1 CSR API in 1.22; signet still serves it for old clients.
  { group: 'certificates.k8s.io', version: 'v1beta1' },
  // ClusterTrustBundles: v1alpha1 is what kubectl 1.32 knows, v1beta1 what 1.33 serves.
  { group: 'certificates.k8s.io', version: 'v1alpha1' },
  { group: 'coordination.k8s.io', version: 'v1' },
  { group: 'rbac.authorization.k8s.io', version: 'v1' },
  // signet's own kinds.
  { group: 'signet.dev', version: 'v1alpha1' },
  { group: 'certificates.signet.dev', version: 'v1alpha1' },
];

/** The rows of a stored resource, one per served version, as its definition describes it. */
function definitionRows(d: ResourceDefinition): ResourceSpec[] {
  const subresources: SubresourceRow[] = [
    ...Object.keys(d.subresources).sort().map((name) => ({ name, verbs: OBJECT_SUBRESOURCE_VERBS })),
    ...(d.handledSubresources ?? []),
  ];
  return d.versions.map((v) => ({
    group: d.groupResource.group,
    version: v.version,
    resource: d.groupResource.resource,
    singular: d.names.singular,
    kind: d.kind,
    scope: d.namespaced ? 'Namespaced' : 'Cluster',
    shortNames: d.names.shortNames,
    categories: d.names.categories,
    verbs: d.verbs ?? STORED_RESOURCE_VERBS,
    subresources,
    schema: { object: v.schema.object, list: v.schema.list },
  }));
}

/** A create-only review resource (nothing stored, no schema published). */
function reviewRow(group: string, resource: string, kind: string, scope: ResourceScope = 'Cluster'): ResourceSpec {
  return { group, version: 'v1', resource, singular: resource.replace(/s$/, ''), kind, scope, shortNames: [], categories: [], verbs: ['create'], subresources: [] };
}

/**
 * The resource table: every stored resource's rows, derived from the registry's definitions (a
 * new kind needs no row here), and the review resources, which are handlers that store nothing.
 * Within a group-version, rows appear in discovery in this order.
 */
export const RESOURCES: readonly ResourceSpec[] = [
  ...definitions.flatMap(definitionRows),
  reviewRow('authentication.k8s.io', 'selfsubjectreviews', 'SelfSubjectReview'),
  reviewRow('authentication.k8s.io', 'tokenreviews', 'TokenReview'),
  reviewRow('authorization.k8s.io', 'localsubjectaccessreviews', 'LocalSubjectAccessReview', 'Namespaced'),
  reviewRow('authorization.k8s.io', 'selfsubjectaccessreviews', 'SelfSubjectAccessReview'),
  reviewRow('authorization.k8s.io', 'selfsubjectrulesreviews', 'SelfSubjectRulesReview'),
  reviewRow('authorization.k8s.io', 'subjectaccessreviews', 'SubjectAccessReview'),
];

/** `group/version`, or just `version` for the core group, as in `apiVersion` and APIResourceList.groupVersion. */
export function groupVersionString(gv: GroupVersion): string {
  return gv.group === '' ? gv.version : `${gv.group}/${gv.version}`;
}

/** The URL prefix of a group-version: `/api/v1` for core, `/apis/<group>/<version>` otherwise. */
export function groupVersionPath(gv: GroupVersion): string {
  return gv.group === '' ? `/api/${gv.version}` : `/apis/${gv.group}/${gv.version}`;
}

/** The rows of one group-version, in table order. */
export function resourcesIn(gv: GroupVersion, table: readonly ResourceSpec[] = RESOURCES): ResourceSpec[] {
  return table.filter((r) => r.group === gv.group && r.version === gv.version);
}

/** The distinct non-core groups, in the order of their first group-version in `versions`. */
export function namedGroups(versions: readonly GroupVersion[] = GROUP_VERSIONS): string[] {
  const groups: string[] = [];
  for (const gv of versions) if (gv.group !== '' && !groups.includes(gv.group)) groups.push(gv.group);
  return groups;
}

/** The versions of one group, most-preferred first. */
export function versionsOf(group: string, versions: readonly GroupVersion[] = GROUP_VERSIONS): GroupVersion[] {
  return versions.filter((gv) => gv.group === group);
}

/** Finds the group-version a path like `/apis/certificates.k8s.io/v1` names, if signet serves it. */
export function findGroupVersion(group: string, version: string,
  versions: readonly GroupVersion[] = GROUP_VERSIONS): GroupVersion | undefined {
  return versions.find((gv) => gv.group === group && gv.version === version);
}
