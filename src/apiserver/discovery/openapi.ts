// Builders for the OpenAPI v3 index (/openapi/v3) and the per-group-version documents kubectl uses for validation, apply and explain.
// Mirrors k8s.io/kube-openapi/pkg/handler3 (index with serverRelativeURL?hash=, SHA-512 ETag, immutable caching).
// kubectl needs /openapi/v2 only for `kind: List` manifests (openapi-v2.ts).

import { createHash } from 'node:crypto';
import { API_RESOURCE_LIST, DELETE_OPTIONS, metaSchemas, PATCH, STATUS, WATCH_EVENT } from '../../api/openapi/meta-schemas.js';
import { COMPONENTS_PREFIX, type Schema, type SchemaMap } from '../../api/openapi/schema-kit.js';
import { definitions } from '../registry/registry.js';
import { KUBERNETES_VERSION } from './discovery.js';
import { groupVersionPaths } from './openapi-paths.js';
import { GROUP_VERSIONS, RESOURCES, resourcesIn, type GroupVersion, type ResourceSpec } from './resources.js';

/** Content-Type of `/openapi/v3` and of every group-version document (JSON; the protobuf form is not offered). */
export const CONTENT_TYPE_OPENAPI_V3 = 'application/json';

/** An OpenAPI v3 group-version document. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Schema>;
  components: { schemas: SchemaMap };
}

/** The `/openapi/v3` index body. */
export interface OpenApiIndex {
  paths: Record<string, { serverRelativeURL: string }>;
}

/** Inputs shared by the OpenAPI builders; the defaults are signet's own tables. */
export interface OpenApiOptions {
  versions?: readonly GroupVersion[];
  table?: readonly ResourceSpec[];
  /** `info.version`; kube-apiserver writes its gitVersion there. */
  gitVersion?: string;
}

/**
 * Every component schema signet can publish: the meta/v1 kinds and those each registered
 * definition's served versions carry, so a new kind brings its schemas with its definition. The
 * reviews publish none (their rows have no paths). Two kinds may carry a component they share
 * (rbac's Subject); a name carried with two different schemas is a data mistake and throws.
 */
export function schemaPool(versions: readonly GroupVersion[] = GROUP_VERSIONS): SchemaMap {
  const pool: SchemaMap = { ...metaSchemas(versions) };
  for (const d of definitions) {
    for (const v of d.versions) {
      for (const [name, schema] of Object.entries(v.schema.components)) {
        const known = pool[name];
        if (known !== undefined && known !== schema && JSON.stringify(known) !== JSON.stringify(schema)) {
          throw new Error(`OpenAPI schema ${name} of ${d.kind} ${v.version} differs from the one already published`);
        }
        pool[name] = schema;
      }
    }
  }
  return pool;
}

/** Collects every `$ref` target inside a JSON value. */
function refsIn(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) refsIn(v, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(COMPONENTS_PREFIX)) out.add(v.slice(COMPONENTS_PREFIX.length));
      else refsIn(v, out);
    }
  }
}

/**
 * The schemas reachable from `paths`, sorted by name as kube-apiserver sorts them. A reference to a
 * schema missing from the pool is a table/data mismatch and throws, so it fails in tests, not in kubectl.
 */
export function reachableSchemas(paths: Record<string, Schema>, pool: SchemaMap): SchemaMap {
  const seen = new Set<string>();
  const queue = new Set<string>();
  refsIn(paths, queue);
  while (queue.size > 0) {
    const [name] = queue;
    queue.delete(name!);
    if (seen.has(name!)) continue;
    const schema = pool[name!];
    if (schema === undefined) throw new Error(`OpenAPI schema ${name} is referenced but not defined`);
    seen.add(name!);
    const next = new Set<string>();
    refsIn(schema, next);
    for (const n of next) if (!seen.has(n)) queue.add(n);
  }
  const out: SchemaMap = {};
  for (const name of [...seen].sort()) out[name] = pool[name]!;
  return out;
}

/** The index key of a group-version: `api/v1` or `apis/<group>/<version>`. */
export function openApiV3Key(gv: GroupVersion): string {
  return gv.group === '' ? `api/${gv.version}` : `apis/${gv.group}/${gv.version}`;
}

/** Builds the OpenAPI v3 document of one group-version (`GET /openapi/v3/<key>`). */
export function buildOpenApiV3Document(gv: GroupVersion, options: OpenApiOptions = {}): OpenApiDocument {
  const versions = options.versions ?? GROUP_VERSIONS;
  const paths = groupVersionPaths(gv, resourcesIn(gv, options.table ?? RESOURCES));
  // The meta kinds below are always present upstream even when no operation names them.
  const anchors: Record<string, Schema> = Object.fromEntries(
    [API_RESOURCE_LIST, DELETE_OPTIONS, PATCH, STATUS, WATCH_EVENT].map((n) => [n, { $ref: `${COMPONENTS_PREFIX}${n}` }]),
  );
  const schemas = reachableSchemas({ ...paths, ...anchors }, schemaPool(versions));
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: options.gitVersion ?? KUBERNETES_VERSION },
    paths,
    components: { schemas },
  };
}

/** Serializes a document exactly as it should be sent, so the hash matches the bytes on the wire. */
export function serializeOpenApi(doc: unknown): string {
  return JSON.stringify(doc);
}

/** The document hash kube-apiserver uses as ETag and in `?hash=`: uppercase hex SHA-512 of the served bytes. */
export function openApiHash(serialized: string): string {
  return createHash('sha512').update(serialized).digest('hex').toUpperCase();
}

/** A group-version document with its serialized bytes and hash, for a server to cache. */
export interface PreparedOpenApiDocument {
  key: string;
  body: string;
  hash: string;
}

/** Builds and serializes every group-version document once; the index and the handlers both read these. */
export function prepareOpenApiV3Documents(options: OpenApiOptions = {}): PreparedOpenApiDocument[] {
  return (options.versions ?? GROUP_VERSIONS).map((gv) => {
    const body = serializeOpenApi(buildOpenApiV3Document(gv, options));
    return { key: openApiV3Key(gv), body, hash: openApiHash(body) };
  });
}

/** Builds the `/openapi/v3` index from prepared documents. */
export function buildOpenApiV3Index(documents: readonly PreparedOpenApiDocument[]): OpenApiIndex {
  const paths: OpenApiIndex['paths'] = {};
  for (const d of documents) paths[d.key] = { serverRelativeURL: `/openapi/v3/${d.key}?hash=${d.hash}` };
  return { paths };
}

/** Status and headers for a group-version document request, per the `hash` query parameter. */
export interface OpenApiResponseHead {
  status: 200 | 301;
  headers: Record<string, string>;
}

/**
 * How to answer `GET /openapi/v3/<key>?hash=<requested>`: a matching hash makes the response
 * immutable for a year (kubectl then reuses it from its HTTP cache); a stale hash is redirected to the
 * current one; no hash gets no caching headers. `now` is injected to keep this pure.
 */
export function openApiV3ResponseHead(doc: PreparedOpenApiDocument, requestedHash: string | null, now: Date): OpenApiResponseHead {
  const base = { 'Content-Type': CONTENT_TYPE_OPENAPI_V3, ETag: `"${doc.hash}"`, Vary: 'Accept' };
  if (requestedHash === null || requestedHash === '') return { status: 200, headers: base };
  if (requestedHash !== doc.hash) {
    return { status: 301, headers: { Location: `/openapi/v3/${doc.key}?hash=${doc.hash}`, 'Cache-Control': 'no-cache, private' } };
  }
  const expires = new Date(now.getTime());
  expires.setUTCFullYear(expires.getUTCFullYear() + 1);
  return { status: 200, headers: { ...base, 'Cache-Control': 'public, immutable', Expires: expires.toUTCString() } };
}
