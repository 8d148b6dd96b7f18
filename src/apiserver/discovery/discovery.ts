// Builders for /version and the legacy and aggregated discovery documents, derived from the resource table.
// Mirrors staging/src/k8s.io/apiserver/pkg/endpoints/discovery (legacy) and .../discovery/aggregated (apidiscovery.k8s.io).

import {
  GROUP_VERSIONS, RESOURCES, groupVersionString, namedGroups, resourcesIn, versionsOf, type GroupVersion, type ResourceSpec,
} from './resources.js';

/** Content-Type for /version, legacy discovery and everything else that is plain JSON. */
export const CONTENT_TYPE_JSON = 'application/json';

/**
 * Content-Type for aggregated discovery v2. kubectl reads a body as aggregated only when it carries
 * exactly this label; the same body sent as `application/json` is misread as legacy discovery (kubectl-wire.md §3.4).
 */
export const CONTENT_TYPE_AGGREGATED_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Content-Type for aggregated discovery v2beta1, the second choice in kubectl 1.32's Accept header. */
export const CONTENT_TYPE_AGGREGATED_V2BETA1 =
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

/** Which discovery representation a request for `/api` or `/apis` should get. */
export type DiscoveryFormat = 'aggregated-v2' | 'aggregated-v2beta1' | 'legacy';

/** Build facts reported by `/version`; everything but `gitVersion` is informational. */
export interface VersionOptions {
  /** Must be a v1.32.x version: the kubectl dispatcher execs another kubectl binary for other minors (kubectl-wire.md §1). */
  gitVersion?: string;
  gitCommit?: string;
  gitTreeState?: string;
  buildDate?: string;
  goVersion?: string;
  compiler?: string;
  platform?: string;
}

/** The `/version` body (version.Info). */
export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

/** The Kubernetes release signet answers as. Only 1.32 keeps the gcloud kubectl dispatcher on its built-in 1.32 client. */
export const KUBERNETES_VERSION = 'v1.32.0';

/**
 * Builds the `/version` body. `major`/`minor` are derived from `gitVersion` so they cannot disagree;
 * a `gitVersion` outside 1.32 is refused because the dispatcher would then run another kubectl.
 */
export function buildVersion(options: VersionOptions = {}): VersionInfo {
  const gitVersion = options.gitVersion ?? KUBERNETES_VERSION;
  const match = /^v(\d+)\.(\d+)\.\d+/.exec(gitVersion);
  if (match === null || match[1] !== '1' || match[2] !== '32') {
    throw new RangeError(`gitVersion must be v1.32.x, got ${JSON.stringify(gitVersion)}`);
  }
  return {
    major: match[1],
    minor: match[2],
    gitVersion,
    gitCommit: options.gitCommit ?? '',
    gitTreeState: options.gitTreeState ?? 'clean',
    buildDate: options.buildDate ?? '1970-01-01T00:00:00Z',
    goVersion: options.goVersion ?? '',
    compiler: options.compiler ?? '',
    platform: options.platform ?? 'linux/amd64',
  };
}

/**
 * Picks the discovery format for an `Accept` header, honouring the client's order of preference
 * (kubectl sends v2, then v2beta1, then `application/json`). q-values are ignored: kubectl sends none.
 */
export function negotiateDiscoveryFormat(accept: string | undefined): DiscoveryFormat {
  for (const range of (accept ?? '').split(',')) {
    const [type, ...rawParams] = range.split(';').map((part) => part.trim());
    if (type !== 'application/json') continue;
    const params = new Map(rawParams.map((p) => {
      const eq = p.indexOf('=');
      return [p.slice(0, eq).trim(), p.slice(eq + 1).trim()] as const;
    }));
    if (params.get('g') !== 'apidiscovery.k8s.io' || params.get('as') !== 'APIGroupDiscoveryList') return 'legacy';
    if (params.get('v') === 'v2') return 'aggregated-v2';
    if (params.get('v') === 'v2beta1') return 'aggregated-v2beta1';
    // An aggregated version signet does not know: try the client's next choice.
  }
  return 'legacy';
}

/** The Content-Type that goes with a discovery format. */
export function discoveryContentType(format: DiscoveryFormat): string {
  if (format === 'aggregated-v2') return CONTENT_TYPE_AGGREGATED_V2;
  if (format === 'aggregated-v2beta1') return CONTENT_TYPE_AGGREGATED_V2BETA1;
  return CONTENT_TYPE_JSON;
}

// ---------------------------------------------------------------------------------------------
// Legacy discovery

/** Legacy `GET /api` (APIVersions). `serverAddress` is host:port as clients reach the server. */
export function buildLegacyCoreVersions(serverAddress: string, versions: readonly GroupVersion[] = GROUP_VERSIONS) {
  return {
    kind: 'APIVersions',
    versions: versionsOf('', versions).map((gv) => gv.version),
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** The APIGroup entry of one named group: its versions and the preferred (first) one. */
export function buildApiGroup(group: string, versions: readonly GroupVersion[] = GROUP_VERSIONS) {
  const entries = versionsOf(group, versions).map((gv) => ({ groupVersion: groupVersionString(gv), version: gv.version }));
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: entries, preferredVersion: entries[0] };
}

/** Legacy `GET /apis` (APIGroupList). */
export function buildLegacyGroupList(versions: readonly GroupVersion[] = GROUP_VERSIONS) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: namedGroups(versions).map((group) => {
      const { name, versions: gvs, preferredVersion } = buildApiGroup(group, versions);
      return { name, versions: gvs, preferredVersion };
    }),
  };
}

/** One APIResource entry of a legacy APIResourceList. */
export interface LegacyApiResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
}

/** The legacy APIResource entries of one row: the resource, then one entry per subresource. */
function legacyEntries(row: ResourceSpec): LegacyApiResource[] {
  const namespaced = row.scope === 'Namespaced';
  const main: LegacyApiResource = {
    name: row.resource, singularName: row.singular, namespaced, kind: row.kind, verbs: [...row.verbs],
  };
  if (row.shortNames.length > 0) main.shortNames = [...row.shortNames];
  if (row.categories.length > 0) main.categories = [...row.categories];
  // Subresources have an empty singularName upstream; group/version appear only when they differ from the list's.
  const subs = row.subresources.map((sub): LegacyApiResource => ({
    name: `${row.resource}/${sub.name}`,
    singularName: '',
    namespaced,
    ...(sub.responseGroupVersion ?? {}),
    kind: sub.kind ?? row.kind,
    verbs: [...sub.verbs],
  }));
  return [main, ...subs];
}

/** Legacy `GET /api/v1` or `GET /apis/<group>/<version>` (APIResourceList). */
export function buildApiResourceList(gv: GroupVersion, table: readonly ResourceSpec[] = RESOURCES) {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersionString(gv),
    resources: resourcesIn(gv, table).flatMap(legacyEntries),
  };
}

// ---------------------------------------------------------------------------------------------
// Aggregated discovery (apidiscovery.k8s.io)

/** A GroupVersionKind as aggregated discovery writes `responseKind`; empty group/version mean "the containing one". */
export interface ResponseKind {
  group: string;
  version: string;
  kind: string;
}

/** APISubresourceDiscovery. */
export interface AggregatedSubresource {
  subresource: string;
  responseKind: ResponseKind;
  verbs: string[];
}

/** APIResourceDiscovery. */
export interface AggregatedResource {
  resource: string;
  responseKind: ResponseKind;
  scope: 'Cluster' | 'Namespaced';
  singularResource: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: AggregatedSubresource[];
}

/** The APIResourceDiscovery of one row. */
function aggregatedResource(row: ResourceSpec): AggregatedResource {
  const out: AggregatedResource = {
    resource: row.resource,
    responseKind: { group: '', version: '', kind: row.kind },
    scope: row.scope,
    singularResource: row.singular,
    verbs: [...row.verbs],
  };
  if (row.shortNames.length > 0) out.shortNames = [...row.shortNames];
  if (row.categories.length > 0) out.categories = [...row.categories];
  if (row.subresources.length > 0) {
    out.subresources = row.subresources.map((sub) => ({
      subresource: sub.name,
      responseKind: {
        group: sub.responseGroupVersion?.group ?? '',
        version: sub.responseGroupVersion?.version ?? '',
        kind: sub.kind ?? row.kind,
      },
      verbs: [...sub.verbs],
    }));
  }
  return out;
}

/** APIGroupDiscovery for one group ('' = core), versions most-preferred first. */
function aggregatedGroup(group: string, versions: readonly GroupVersion[], table: readonly ResourceSpec[]) {
  // kube-apiserver writes a null creationTimestamp and, for the core group, no name at all.
  const metadata: { name?: string; creationTimestamp: null } = group === ''
    ? { creationTimestamp: null }
    : { name: group, creationTimestamp: null };
  return {
    metadata,
    versions: versionsOf(group, versions).map((gv) => ({
      version: gv.version,
      resources: resourcesIn(gv, table).map(aggregatedResource),
      freshness: 'Current',
    })),
  };
}

/** Which aggregated discovery API version to write in `apiVersion`. */
export type AggregatedVersion = 'v2' | 'v2beta1';

/** Wraps groups in an APIGroupDiscoveryList of the requested version; v2 and v2beta1 bodies differ only in apiVersion. */
function groupDiscoveryList(items: ReturnType<typeof aggregatedGroup>[], version: AggregatedVersion) {
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}

/** Aggregated `GET /api`: one item, the core group. */
export function buildAggregatedCore(version: AggregatedVersion = 'v2',
  versions: readonly GroupVersion[] = GROUP_VERSIONS, table: readonly ResourceSpec[] = RESOURCES) {
  return groupDiscoveryList([aggregatedGroup('', versions, table)], version);
}

/** Aggregated `GET /apis`: one item per named group. */
export function buildAggregatedGroups(version: AggregatedVersion = 'v2',
  versions: readonly GroupVersion[] = GROUP_VERSIONS, table: readonly ResourceSpec[] = RESOURCES) {
  return groupDiscoveryList(namedGroups(versions).map((g) => aggregatedGroup(g, versions, table)), version);
}
