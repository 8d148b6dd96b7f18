// What a request is about: API group, version, namespace, resource, name, subresource and the
// Kubernetes verb. Mirrors k8s.io/apiserver/pkg/endpoints/request/requestinfo.go.

import { parseFieldTerms } from './registry/selectors.js';
import { boolParam } from './query-params.js';

/** The parsed target of a request. */
export interface RequestInfo {
  /** True for /api and /apis paths; false for /version, /healthz, /openapi, ... */
  readonly isResourceRequest: boolean;
  readonly path: string;
  /** get, list, watch, create, update, patch, delete, deletecollection; or the lower-cased HTTP method for non-resource paths. */
  readonly verb: string;
  /** `api` or `apis`. */
  readonly apiPrefix: string;
  readonly apiGroup: string;
  readonly apiVersion: string;
  readonly namespace: string;
  readonly resource: string;
  readonly subresource: string;
  readonly name: string;
  /** Path segments after the prefix, for discovery paths such as /apis/<group>. */
  readonly parts: readonly string[];
}

/**
 * The name a field selector pins with `metadata.name=X` (FieldSelector.RequiresExactMatch), if X
 * could be a path segment; a selector that does not parse pins nothing here (the list refuses it).
 */
function exactNameSelector(selector: string | null): string | undefined {
  if (!selector) return undefined;
  let terms;
  try {
    terms = parseFieldTerms(selector);
  } catch {
    return undefined;
  }
  const name = terms.find((t) => t.field === 'metadata.name' && t.op === '=')?.value;
  if (name === undefined || name === '' || name === '.' || name === '..' || /[/%]/.test(name)) return undefined;
  return name;
}

const utf8 = new TextDecoder('utf-8');

/**
 * A path segment with its %XX escapes decoded as Go's url.PathUnescape does: any bytes, so that
 * an escape that is not UTF-8 (`%ff`) names an object that does not exist instead of failing.
 * Malformed escapes were refused with the request (`invalidPathEscape`).
 */
function unescapeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  const bytes: number[] = [];
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c === 0x25 && /^[0-9a-fA-F]{2}$/.test(segment.slice(i + 1, i + 3))) {
      bytes.push(parseInt(segment.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(segment[i]!, 'utf8')) bytes.push(b);
    }
  }
  return utf8.decode(Uint8Array.from(bytes));
}

/** The first malformed %-escape of a raw path (`%zz`, a lone `%`), which Go's URL parser refuses. */
export function invalidPathEscape(rawPath: string): string | undefined {
  const m = /%(?![0-9a-fA-F]{2}).{0,2}/s.exec(rawPath);
  return m?.[0];
}

const methodVerbs: Readonly<Record<string, string>> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete', GET: 'get', HEAD: 'get' };

/**
 * Parses `method` and the URL. `/api/v1/namespaces/ns/pods/name/status` →
 * {resource: pods, namespace: ns, name, subresource: status}. A request for a collection turns
 * get into list (or watch with `watch=true`) and delete into deletecollection.
 */
export function parseRequestInfo(method: string, url: URL): RequestInfo {
  const path = url.pathname;
  const segments = path.split('/').filter((s) => s !== '').map(unescapeSegment);
  const base = { path, apiPrefix: '', apiGroup: '', apiVersion: '', namespace: '', resource: '', subresource: '', name: '', parts: segments };
  const prefix = segments[0];
  if (prefix !== 'api' && prefix !== 'apis') return { ...base, isResourceRequest: false, verb: method.toLowerCase() };
  let rest = segments.slice(1);
  let apiGroup = '';
  if (prefix === 'apis') {
    if (rest.length < 2) return { ...base, apiPrefix: prefix, isResourceRequest: false, verb: method.toLowerCase() };
    apiGroup = rest[0]!;
    rest = rest.slice(1);
  } else if (rest.length < 1) {
    return { ...base, apiPrefix: prefix, isResourceRequest: false, verb: method.toLowerCase() };
  }
  const apiVersion = rest[0]!;
  rest = rest.slice(1);
  if (rest.length === 0) {
    // /apis/<group>/<version> and /api/v1: discovery documents.
    return { ...base, apiPrefix: prefix, apiGroup, apiVersion, isResourceRequest: false, verb: method.toLowerCase() };
  }
  let verb = methodVerbs[method] ?? method.toLowerCase();
  let isWatchPath = false;
  if (rest[0] === 'watch') {
    // The deprecated /watch/ path prefix means the same as ?watch=true.
    isWatchPath = true;
    rest = rest.slice(1);
  }
  let namespace = '';
  // /namespaces/{ns}/{resource}... is namespaced; /namespaces and /namespaces/{name}[/sub] is the namespaces resource itself.
  // (status and finalize are subresources of a namespace, not resources inside it).
  if (rest[0] === 'namespaces' && rest.length >= 2) {
    namespace = rest[1]!;
    if (rest.length >= 3 && rest[2] !== 'status' && rest[2] !== 'finalize') rest = rest.slice(2);
  }
  const [resource = '', name = '', subresource = ''] = rest;
  if (rest.length > 3) {
    // Unknown deeper path: keep it unmatched so routing answers 404.
    return { ...base, apiPrefix: prefix, apiGroup, apiVersion, isResourceRequest: true, verb, namespace, resource: rest.join('/'), name: '', subresource: '' };
  }
  // `?watch=`: any value but `0` or `false` asks for a watch, as Go's bool parameter conversion reads it.
  const isWatch = isWatchPath || boolParam(url.searchParams, 'watch');
  let effectiveName = name;
  if (name === '') {
    if (verb === 'get') verb = isWatch ? 'watch' : 'list';
    else if (verb === 'delete') verb = 'deletecollection';
    // A list or watch narrowed to one name by `fieldSelector=metadata.name=X` is authorized as a
    // request for X, so RBAC resourceNames can allow watching one object.
    if (verb === 'list' || verb === 'watch') effectiveName = exactNameSelector(url.searchParams.get('fieldSelector')) ?? '';
  } else if (verb === 'get' && isWatch) {
    verb = 'watch';
  }
  return { ...base, apiPrefix: prefix, apiGroup, apiVersion, isResourceRequest: true, verb, namespace, resource, name: effectiveName, subresource };
}
