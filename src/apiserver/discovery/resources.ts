// The declarative table of API group-versions and resources signet advertises; discovery and OpenAPI are derived from it.
// Mirrors the shape of kube-apiserver's APIResource / APIResourceDiscovery (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go).

/** Whether a resource lives inside a namespace (`/namespaces/{ns}/…`) or at the cluster level. */
export type ResourceScope = 'Cluster' | 'Namespaced';

/** A group-version as discovery names it; the core group is the empty string. */
export interface GroupVersion {
  readonly group: string;
  readonly version: string;
}

/** A subresource row, e.g. `certificatesigningrequests/approval`. */
export interface SubresourceSpec {
  /** The path segment after the object name (`approval`, `status`, `token`). */
  readonly name: string;
  /** The kind the subresource accepts and returns; defaults to the parent's kind. */
  readonly kind?: string;
  /** Set only when the subresource answers in another group-version (serviceaccounts/token → authentication.k8s.io/v1). */
  readonly responseGroupVersion?: GroupVersion;
  readonly verbs: readonly string[];
}

/** OpenAPI component names for a resource's object and list kinds; absent when signet publishes no schema for it. */
export interface ResourceSchemaNames {
  readonly object: string;
  readonly list: string;
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
  readonly subresources: readonly SubresourceSpec[];
  readonly schema?: ResourceSchemaNames;
  /**
   * True for resources advertised only so kubectl resolves their names client-side and sends the
   * request, which signet then refuses (kubectl-wire.md §4.2: without `pods` in discovery,
   * `kubectl get pods` fails before reaching the server and the Forbidden message never shows).
   */
  readonly advertisedOnly?: boolean;
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
];

const csrSubresources: readonly SubresourceSpec[] = [
  { name: 'approval', verbs: OBJECT_SUBRESOURCE_VERBS },
  { name: 'status', verbs: OBJECT_SUBRESOURCE_VERBS },
];

/** Builds the CSR row for one version; v1 and v1beta1 differ only in version and schema names. */
function csrRow(version: string): ResourceSpec {
  return {
    group: 'certificates.k8s.io',
    version,
    resource: 'certificatesigningrequests',
    singular: 'certificatesigningrequest',
    kind: 'CertificateSigningRequest',
    scope: 'Cluster',
    shortNames: ['csr'],
    categories: [],
    verbs: STORED_RESOURCE_VERBS,
    subresources: csrSubresources,
    schema: {
      object: `io.k8s.api.certificates.${version}.CertificateSigningRequest`,
      list: `io.k8s.api.certificates.${version}.CertificateSigningRequestList`,
    },
  };
}

/**
 * The resource table. Adding a resource means adding a row here (and, for `kubectl explain`,
 * its schemas to a `*-schemas.ts` file). Within a group-version, rows appear in discovery in this order.
 */
export const RESOURCES: readonly ResourceSpec[] = [
  {
    group: '',
    version: 'v1',
    resource: 'events',
    singular: 'event',
    kind: 'Event',
    scope: 'Namespaced',
    shortNames: ['ev'],
    categories: [],
    verbs: STORED_RESOURCE_VERBS,
    subresources: [],
    schema: { object: 'io.k8s.api.core.v1.Event', list: 'io.k8s.api.core.v1.EventList' },
  },
  coreRow('namespaces', 'namespace', 'Namespace', 'Cluster', ['ns'], [], [], ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']),
  coreRow('pods', 'pod', 'Pod', 'Namespaced', ['po'], ['all']),
  coreRow('secrets', 'secret', 'Secret', 'Namespaced', []),
  coreRow('serviceaccounts', 'serviceaccount', 'ServiceAccount', 'Namespaced', ['sa'], [], [
    { name: 'token', kind: 'TokenRequest', responseGroupVersion: { group: 'authentication.k8s.io', version: 'v1' }, verbs: ['create'] },
  ]),
  coreRow('configmaps', 'configmap', 'ConfigMap', 'Namespaced', ['cm']),
  reviewRow('authentication.k8s.io', 'selfsubjectreviews', 'SelfSubjectReview'),
  reviewRow('authentication.k8s.io', 'tokenreviews', 'TokenReview'),
  reviewRow('authorization.k8s.io', 'localsubjectaccessreviews', 'LocalSubjectAccessReview', 'Namespaced'),
  reviewRow('authorization.k8s.io', 'selfsubjectaccessreviews', 'SelfSubjectAccessReview'),
  reviewRow('authorization.k8s.io', 'selfsubjectrulesreviews', 'SelfSubjectRulesReview'),
  reviewRow('authorization.k8s.io', 'subjectaccessreviews', 'SubjectAccessReview'),
  csrRow('v1'),
  csrRow('v1beta1'),
  trustBundleRow('v1beta1'),
  trustBundleRow('v1alpha1'),
  groupRow('coordination.k8s.io', 'coordination', 'leases', 'lease', 'Lease', 'Namespaced', []),
  groupRow('rbac.authorization.k8s.io', 'rbac', 'clusterrolebindings', 'clusterrolebinding', 'ClusterRoleBinding', 'Cluster', []),
  groupRow('rbac.authorization.k8s.io', 'rbac', 'clusterroles', 'clusterrole', 'ClusterRole', 'Cluster', []),
  groupRow('rbac.authorization.k8s.io', 'rbac', 'rolebindings', 'rolebinding', 'RoleBinding', 'Namespaced', []),
  groupRow('rbac.authorization.k8s.io', 'rbac', 'roles', 'role', 'Role', 'Namespaced', []),
  {
    group: 'signet.dev',
    version: 'v1alpha1',
    resource: 'certificateapprovalpolicies',
    singular: 'certificateapprovalpolicy',
    kind: 'CertificateApprovalPolicy',
    scope: 'Cluster',
    shortNames: ['csrpolicy'],
    categories: [],
    verbs: STORED_RESOURCE_VERBS,
    subresources: [],
    schema: { object: 'dev.signet.v1alpha1.CertificateApprovalPolicy', list: 'dev.signet.v1alpha1.CertificateApprovalPolicyList' },
  },
];

/** The ClusterTrustBundle row of one version. */
function trustBundleRow(version: string): ResourceSpec {
  return {
    group: 'certificates.k8s.io', version, resource: 'clustertrustbundles', singular: 'clustertrustbundle', kind: 'ClusterTrustBundle', scope: 'Cluster',
    shortNames: [], categories: [], verbs: STORED_RESOURCE_VERBS, subresources: [],
    schema: { object: `io.k8s.api.certificates.${version}.ClusterTrustBundle`, list: `io.k8s.api.certificates.${version}.ClusterTrustBundleList` },
  };
}

/** A core/v1 row with its `io.k8s.api.core.v1` schema names. */
function coreRow(resource: string, singular: string, kind: string, scope: ResourceScope, shortNames: readonly string[],
  categories: readonly string[] = [], subresources: readonly SubresourceSpec[] = [], verbs: readonly string[] = STORED_RESOURCE_VERBS): ResourceSpec {
  return {
    group: '', version: 'v1', resource, singular, kind, scope, shortNames, categories, verbs, subresources,
    schema: { object: `io.k8s.api.core.v1.${kind}`, list: `io.k8s.api.core.v1.${kind}List` },
  };
}

/** A create-only review resource (nothing stored, no schema published). */
function reviewRow(group: string, resource: string, kind: string, scope: ResourceScope = 'Cluster'): ResourceSpec {
  return { group, version: 'v1', resource, singular: resource.replace(/s$/, ''), kind, scope, shortNames: [], categories: [], verbs: ['create'], subresources: [] };
}

/** A v1 row of a named group whose schemas live under `io.k8s.api.<pkg>.v1`. */
function groupRow(group: string, pkg: string, resource: string, singular: string, kind: string, scope: ResourceScope, shortNames: readonly string[]): ResourceSpec {
  return {
    group, version: 'v1', resource, singular, kind, scope, shortNames, categories: [], verbs: STORED_RESOURCE_VERBS, subresources: [],
    schema: { object: `io.k8s.api.${pkg}.v1.${kind}`, list: `io.k8s.api.${pkg}.v1.${kind}List` },
  };
}

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
