// Maps discovery and OpenAPI request paths to the prebuilt documents: the one place that pairs each path with its body and Content-Type.
// Pure: bodies are built once from the tables when the router is created; the clock is injected.

import {
  buildAggregatedCore, buildAggregatedGroups, buildApiGroup, buildApiResourceList, buildLegacyCoreVersions, buildLegacyGroupList,
  buildVersion, CONTENT_TYPE_JSON, discoveryContentType, negotiateDiscoveryFormat, type DiscoveryFormat, type VersionOptions,
  KUBERNETES_VERSION,
} from './discovery.js';
import {
  buildOpenApiV3Index, CONTENT_TYPE_OPENAPI_V3, openApiV3ResponseHead, prepareOpenApiV3Documents, type PreparedOpenApiDocument,
} from './openapi.js';
import { GROUP_VERSIONS, groupVersionPath, namedGroups, RESOURCES, type GroupVersion, type ResourceSpec } from './resources.js';
import { acceptsOpenApiV2Protobuf, buildOpenApiV2, CONTENT_TYPE_OPENAPI_V2_PROTOBUF } from './openapi-v2.js';

/** The parts of an HTTP request the router looks at. */
export interface DiscoveryRequest {
  method: string;
  /** Path and query as received, e.g. `/openapi/v3/api/v1?hash=AB…&timeout=32s`. */
  url: string;
  accept?: string | undefined;
}

/** A complete answer: status, headers (always with Content-Type unless redirecting) and the serialized body. */
export interface DiscoveryResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

/** Everything the router needs to know about the running server. */
export interface DiscoveryRouterOptions {
  /** host:port clients use, reported in legacy `/api` serverAddressByClientCIDRs. */
  serverAddress: string;
  version?: VersionOptions;
  versions?: readonly GroupVersion[];
  table?: readonly ResourceSpec[];
  /** Clock for the OpenAPI `Expires` header. */
  now?: () => Date;
}

/** Answers a discovery/OpenAPI request, or returns null when the path is not one of these documents. */
export type DiscoveryRouter = (request: DiscoveryRequest) => DiscoveryResponse | null;

function json(body: string, contentType: string = CONTENT_TYPE_JSON, extra: Record<string, string> = {}): DiscoveryResponse {
  return { status: 200, headers: { 'Content-Type': contentType, ...extra }, body };
}

/** The serialized `/api` and `/apis` bodies in each format, built once. */
function rootBodies(o: Required<Pick<DiscoveryRouterOptions, 'serverAddress' | 'versions' | 'table'>>) {
  const core: Record<DiscoveryFormat, string> = {
    'aggregated-v2': JSON.stringify(buildAggregatedCore('v2', o.versions, o.table)),
    'aggregated-v2beta1': JSON.stringify(buildAggregatedCore('v2beta1', o.versions, o.table)),
    legacy: JSON.stringify(buildLegacyCoreVersions(o.serverAddress, o.versions)),
  };
  const groups: Record<DiscoveryFormat, string> = {
    'aggregated-v2': JSON.stringify(buildAggregatedGroups('v2', o.versions, o.table)),
    'aggregated-v2beta1': JSON.stringify(buildAggregatedGroups('v2beta1', o.versions, o.table)),
    legacy: JSON.stringify(buildLegacyGroupList(o.versions)),
  };
  return { core, groups };
}

/**
 * Creates the router. Paths served (GET and HEAD only; anything else returns null):
 * `/version`, `/api`, `/apis` (format by Accept), `/api/v1`, `/apis/<g>`, `/apis/<g>/<v>`,
 * `/openapi/v3`, `/openapi/v3/<api/v1|apis/g/v>`, `/openapi/v2` (protobuf or JSON by Accept).
 */
export function createDiscoveryRouter(options: DiscoveryRouterOptions): DiscoveryRouter {
  const versions = options.versions ?? GROUP_VERSIONS;
  const table = options.table ?? RESOURCES;
  const now = options.now ?? (() => new Date());
  const version = JSON.stringify(buildVersion(options.version));
  const roots = rootBodies({ serverAddress: options.serverAddress, versions, table });
  const resourceLists = new Map(versions.map((gv) => [groupVersionPath(gv), JSON.stringify(buildApiResourceList(gv, table))]));
  const groups = new Map(namedGroups(versions).map((g) => [g, JSON.stringify(buildApiGroup(g, versions))]));
  const openapi = new Map<string, PreparedOpenApiDocument>(
    prepareOpenApiV3Documents({ versions, table, gitVersion: options.version?.gitVersion }).map((d) => [d.key, d]),
  );
  const index = JSON.stringify(buildOpenApiV3Index([...openapi.values()]));
  const v2 = buildOpenApiV2(options.version?.gitVersion ?? KUBERNETES_VERSION);

  return (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return null;
    // Concatenated, not resolved: `//x` is a path here, not a host.
    const url = new URL(`http://signet.invalid${request.url.startsWith('/') ? '' : '/'}${request.url}`);
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/$/, '') : url.pathname;
    if (path === '/version') return json(version);
    if (path === '/api' || path === '/apis') {
      const format = negotiateDiscoveryFormat(request.accept);
      const body = (path === '/api' ? roots.core : roots.groups)[format];
      // Vary: the same URL has three representations and kubectl keeps an HTTP cache.
      return json(body, discoveryContentType(format), { Vary: 'Accept' });
    }
    const list = resourceLists.get(path);
    if (list !== undefined) return json(list);
    const group = /^\/apis\/([^/]+)$/.exec(path);
    if (group !== null && groups.has(group[1]!)) return json(groups.get(group[1]!)!);
    if (path === '/openapi/v3') return json(index, CONTENT_TYPE_OPENAPI_V3);
    if (path === '/openapi/v2') {
      const protobuf = acceptsOpenApiV2Protobuf(request.accept);
      return { status: 200, headers: { 'Content-Type': protobuf ? CONTENT_TYPE_OPENAPI_V2_PROTOBUF : CONTENT_TYPE_JSON, Vary: 'Accept' }, body: protobuf ? v2.protobuf : v2.json };
    }
    const doc = path.startsWith('/openapi/v3/') ? openapi.get(path.slice('/openapi/v3/'.length)) : undefined;
    if (doc === undefined) return null;
    const head = openApiV3ResponseHead(doc, url.searchParams.get('hash'), now());
    return { status: head.status, headers: head.headers, body: head.status === 200 ? doc.body : '' };
  };
}
