// Generates the OpenAPI v3 `paths` of one group-version from the resource table: one operation per verb, as kube-apiserver names them.
// Mirrors the operation layout of staging/src/k8s.io/apiserver/pkg/endpoints/installer.go (operationId, x-kubernetes-action, GVK).
// kubectl relies on one detail: the `patch` operation of each kind carries x-kubernetes-group-version-kind and a
// `fieldValidation` query parameter; without both it falls back to /openapi/v2 and `apply -f` fails (kubectl-wire.md §5).

import { API_RESOURCE_LIST, DELETE_OPTIONS, PATCH, STATUS, WATCH_EVENT } from '../../api/openapi/meta-schemas.js';
import { groupVersionPath, type GroupVersion, type ResourceSpec } from './resources.js';
import { ref, type Schema } from '../../api/openapi/schema-kit.js';

const FIELD_VALIDATION = 'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. This is the default behavior prior to v1.23. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. The request will still succeed if there are no other errors, and will only persist the last of any duplicate fields. This is the default in v1.23+ - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present. The error returned from the server will contain all unknown and duplicate fields encountered.';
const FIELD_MANAGER = 'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.';
const RV_DOCS = 'See https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions for details.\n\nDefaults to unset';

/** Query parameter descriptions, verbatim from Kubernetes. */
const QUERY: Record<string, { type: string; description: string }> = {
  pretty: { type: 'string', description: 'If \'true\', then the output is pretty printed. Defaults to \'false\' unless the user-agent indicates a browser or command-line HTTP tool (curl and wget).' },
  dryRun: { type: 'string', description: 'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed' },
  fieldManager: { type: 'string', description: FIELD_MANAGER },
  patchFieldManager: { type: 'string', description: `${FIELD_MANAGER} This field is required for apply requests (application/apply-patch) but optional for non-apply patch types (JsonPatch, MergePatch, StrategicMergePatch).` },
  fieldValidation: { type: 'string', description: FIELD_VALIDATION },
  force: { type: 'boolean', description: 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.' },
  gracePeriodSeconds: { type: 'integer', description: 'The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately. If this value is nil, the default grace period for the specified type will be used. Defaults to a per object value if not specified. zero means delete immediately.' },
  orphanDependents: { type: 'boolean', description: 'Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7. Should the dependent objects be orphaned. If true/false, the "orphan" finalizer will be added to/removed from the object\'s finalizers list. Either this field or PropagationPolicy may be set, but not both.' },
  propagationPolicy: { type: 'string', description: 'Whether and how garbage collection will be performed. Either this field or OrphanDependents may be set, but not both. The default policy is decided by the existing finalizer set in the metadata.finalizers and the resource-specific default policy. Acceptable values are: \'Orphan\' - orphan the dependents; \'Background\' - allow the garbage collector to delete the dependents in the background; \'Foreground\' - a cascading policy that deletes all dependents in the foreground.' },
  allowWatchBookmarks: { type: 'boolean', description: 'allowWatchBookmarks requests watch events with type "BOOKMARK". Servers that do not implement bookmarks may ignore this flag and bookmarks are sent at the server\'s discretion. Clients should not assume bookmarks are returned at any specific interval, nor may they assume the server will send any BOOKMARK event during a session. If this is not a watch, this field is ignored.' },
  continue: { type: 'string', description: 'The continue option should be set when retrieving more results from the server. Since this value is server defined, clients may only use the continue value from a previous query result with identical query parameters (except for the value of continue) and the server may reject a continue value it does not recognize. If the specified continue value is no longer valid whether due to expiration (generally five to fifteen minutes) or a configuration change on the server, the server will respond with a 410 ResourceExpired error together with a continue token. If the client needs a consistent list, it must restart their list without the continue field. Otherwise, the client may send another list request with the token received with the 410 error, the server will respond with a list starting from the next key, but from the latest snapshot, which is inconsistent from the previous list results - objects that are created, modified, or deleted after the first list request will be included in the response, as long as their keys are after the "next key".\n\nThis field is not supported when watch is true. Clients may start a watch from the last resourceVersion value returned by the server and not miss any modifications.' },
  fieldSelector: { type: 'string', description: 'A selector to restrict the list of returned objects by their fields. Defaults to everything.' },
  labelSelector: { type: 'string', description: 'A selector to restrict the list of returned objects by their labels. Defaults to everything.' },
  limit: { type: 'integer', description: 'limit is a maximum number of responses to return for a list call. If more items exist, the server will set the `continue` field on the list metadata to a value that can be used with the same initial query to retrieve the next set of results. Setting a limit may return fewer than the requested amount of items (up to zero items) in the event all requested objects are filtered out and clients should only use the presence of the continue field to determine whether more results are available. Servers may choose not to support the limit argument and will return all of the available results. If limit is specified and the continue field is empty, clients may assume that no more results are available. This field is not supported if watch is true.\n\nThe server guarantees that the objects returned when using continue will be identical to issuing a single list call without a limit - that is, no objects created, modified, or deleted after the first request is issued will be included in any subsequent continued requests. This is sometimes referred to as a consistent snapshot, and ensures that a client that is using limit to receive smaller chunks of a very large result can ensure they see all possible objects. If objects are updated during a chunked list the version of the object that was present at the time the first list result was calculated is returned.' },
  resourceVersion: { type: 'string', description: `resourceVersion sets a constraint on what resource versions a request may be served from. ${RV_DOCS}` },
  resourceVersionMatch: { type: 'string', description: `resourceVersionMatch determines how resourceVersion is applied to list calls. It is highly recommended that resourceVersionMatch be set for list calls where resourceVersion is set ${RV_DOCS}` },
  timeoutSeconds: { type: 'integer', description: 'Timeout for the list/watch call. This limits the duration of the call, regardless of any activity or inactivity.' },
  watch: { type: 'boolean', description: 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications. Specify resourceVersion.' },
};

const LIST_PARAMS = ['allowWatchBookmarks', 'continue', 'fieldSelector', 'labelSelector', 'limit', 'resourceVersion', 'resourceVersionMatch', 'timeoutSeconds', 'watch'];
const DELETE_PARAMS = ['dryRun', 'gracePeriodSeconds', 'orphanDependents', 'propagationPolicy'];
const WRITE_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation'];
const PATCH_PARAMS = ['dryRun', 'patchFieldManager', 'fieldValidation', 'force'];
const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];

/** A query parameter object by its key in QUERY (`patchFieldManager` is the patch flavour of `fieldManager`). */
function query(key: string): Schema {
  const p = QUERY[key]!;
  return { description: p.description, in: 'query', name: key === 'patchFieldManager' ? 'fieldManager' : key, schema: { type: p.type, uniqueItems: true } };
}

function pathParam(name: string, description: string): Schema {
  return { description, in: 'path', name, required: true, schema: { type: 'string', uniqueItems: true } };
}

/** `certificates.k8s.io` → `Certificates`, `rbac.authorization.k8s.io` → `RbacAuthorization`, core → `Core`. */
function groupPascal(group: string): string {
  if (group === '') return 'Core';
  return group.replace(/\.k8s\.io$/, '').split('.').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** The operationId stem and tag of a group-version, e.g. `CertificatesV1` and `certificates_v1`. */
function naming(gv: GroupVersion): { stem: string; tag: string } {
  const g = groupPascal(gv.group);
  const v = gv.version.charAt(0).toUpperCase() + gv.version.slice(1);
  return { stem: `${g}${v}`, tag: `${g.charAt(0).toLowerCase()}${g.slice(1)}_${gv.version}` };
}

function jsonResponse(schemaName: string, codes: string[], stream = false): Schema {
  const content: Schema = stream
    ? { 'application/json': { schema: ref(schemaName) }, 'application/json;stream=watch': { schema: ref(schemaName) } }
    : { 'application/json': { schema: ref(schemaName) } };
  const text: Record<string, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted' };
  const out: Record<string, Schema> = {};
  for (const code of codes) out[code] = { content, description: text[code]! };
  out['401'] = { description: 'Unauthorized' };
  return out;
}

interface OperationInput {
  description: string;
  operationId: string;
  action: string;
  params: string[];
  requestBody?: Schema;
  responses: Schema;
}

/** One operation object with the GVK extension kubectl's field-validation probe looks for. */
function operation(row: ResourceSpec, tag: string, op: OperationInput): Schema {
  return {
    description: op.description,
    operationId: op.operationId,
    ...(op.params.length > 0 ? { parameters: op.params.map(query) } : {}),
    ...(op.requestBody === undefined ? {} : { requestBody: op.requestBody }),
    responses: op.responses,
    tags: [tag],
    'x-kubernetes-action': op.action,
    'x-kubernetes-group-version-kind': { group: row.group, kind: row.kind, version: row.version },
  };
}

function bodyOf(schemaName: string, mediaTypes: string[] = ['*/*']): Schema {
  const content: Record<string, Schema> = {};
  for (const t of mediaTypes) content[t] = { schema: ref(schemaName) };
  return { content, required: true };
}

const DELETE_BODY: Schema = { content: { 'application/json': { schema: ref(DELETE_OPTIONS) } } };

/** Path items for the collection, the named object, its subresources and the watch endpoints of one row. */
function rowPaths(gv: GroupVersion, row: ResourceSpec): Record<string, Schema> {
  if (row.schema === undefined) return {};
  const { stem, tag } = naming(gv);
  const ns = row.scope === 'Namespaced';
  const infix = ns ? 'Namespaced' : '';
  const base = `${groupVersionPath(gv)}${ns ? '/namespaces/{namespace}' : ''}`;
  const watchBase = `${groupVersionPath(gv)}/watch${ns ? '/namespaces/{namespace}' : ''}`;
  const kind = row.kind;
  const obj = row.schema.object;
  const nsParam = ns ? [pathParam('namespace', 'object name and auth scope, such as for teams and projects')] : [];
  const nameParam = pathParam('name', `name of the ${kind}`);
  const has = (verb: string): boolean => row.verbs.includes(verb);
  const op = (o: OperationInput): Schema => operation(row, tag, o);
  const paths: Record<string, Schema> = {};

  const collection: Record<string, unknown> = {};
  if (has('deletecollection')) collection.delete = op({ description: `delete collection of ${kind}`, operationId: `delete${stem}Collection${infix}${kind}`, action: 'deletecollection', params: [...DELETE_PARAMS, ...LIST_PARAMS.filter((p) => p !== 'watch' && p !== 'allowWatchBookmarks')], requestBody: DELETE_BODY, responses: jsonResponse(STATUS, ['200']) });
  if (has('list')) collection.get = op({ description: `list or watch objects of kind ${kind}`, operationId: `list${stem}${infix}${kind}`, action: 'list', params: LIST_PARAMS, responses: jsonResponse(row.schema.list, ['200'], true) });
  collection.parameters = [...nsParam, query('pretty')];
  if (has('create')) collection.post = op({ description: `create a ${kind}`, operationId: `create${stem}${infix}${kind}`, action: 'post', params: WRITE_PARAMS, requestBody: bodyOf(obj), responses: jsonResponse(obj, ['200', '201', '202']) });
  paths[`${base}/${row.resource}`] = collection;

  const item: Record<string, unknown> = {};
  if (has('delete')) item.delete = op({ description: `delete a ${kind}`, operationId: `delete${stem}${infix}${kind}`, action: 'delete', params: DELETE_PARAMS, requestBody: DELETE_BODY, responses: jsonResponse(STATUS, ['200', '202']) });
  if (has('get')) item.get = op({ description: `read the specified ${kind}`, operationId: `read${stem}${infix}${kind}`, action: 'get', params: [], responses: jsonResponse(obj, ['200']) });
  item.parameters = [nameParam, ...nsParam, query('pretty')];
  if (has('patch')) item.patch = op({ description: `partially update the specified ${kind}`, operationId: `patch${stem}${infix}${kind}`, action: 'patch', params: PATCH_PARAMS, requestBody: bodyOf(PATCH, PATCH_TYPES), responses: jsonResponse(obj, ['200', '201']) });
  if (has('update')) item.put = op({ description: `replace the specified ${kind}`, operationId: `replace${stem}${infix}${kind}`, action: 'put', params: WRITE_PARAMS, requestBody: bodyOf(obj), responses: jsonResponse(obj, ['200', '201']) });
  paths[`${base}/${row.resource}/{name}`] = item;

  for (const sub of row.subresources) Object.assign(paths, subresourcePaths(row, sub.name, sub.verbs, { base, stem, infix, tag, nsParam, nameParam }));

  if (has('watch')) {
    paths[`${watchBase}/${row.resource}`] = { get: op({ description: `watch individual changes to a list of ${kind}. deprecated: use the 'watch' parameter with a list operation instead.`, operationId: `watch${stem}${infix}${kind}List`, action: 'watchlist', params: LIST_PARAMS, responses: jsonResponse(WATCH_EVENT, ['200'], true) }), parameters: [...nsParam, query('pretty')] };
    paths[`${watchBase}/${row.resource}/{name}`] = { get: op({ description: `watch changes to an object of kind ${kind}. deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter.`, operationId: `watch${stem}${infix}${kind}`, action: 'watch', params: LIST_PARAMS, responses: jsonResponse(WATCH_EVENT, ['200'], true) }), parameters: [nameParam, ...nsParam, query('pretty')] };
  }
  if (ns && has('list')) {
    paths[`${groupVersionPath(gv)}/${row.resource}`] = { get: op({ description: `list or watch objects of kind ${kind}`, operationId: `list${stem}${kind}ForAllNamespaces`, action: 'list', params: LIST_PARAMS, responses: jsonResponse(row.schema.list, ['200'], true) }), parameters: [query('pretty')] };
  }
  return paths;
}

interface SubresourceContext {
  base: string; stem: string; infix: string; tag: string; nsParam: Schema[]; nameParam: Schema;
}

/** The path item of `<resource>/{name}/<subresource>`; only get/patch/update subresources carry a schema here. */
function subresourcePaths(row: ResourceSpec, name: string, verbs: readonly string[], c: SubresourceContext): Record<string, Schema> {
  const obj = row.schema!.object;
  const suffix = name.charAt(0).toUpperCase() + name.slice(1);
  const id = (verb: string): string => `${verb}${c.stem}${c.infix}${row.kind}${suffix}`;
  const op = (o: OperationInput): Schema => operation(row, c.tag, o);
  const item: Record<string, unknown> = {};
  if (verbs.includes('get')) item.get = op({ description: `read ${name} of the specified ${row.kind}`, operationId: id('read'), action: 'get', params: [], responses: jsonResponse(obj, ['200']) });
  item.parameters = [c.nameParam, ...c.nsParam, query('pretty')];
  if (verbs.includes('patch')) item.patch = op({ description: `partially update ${name} of the specified ${row.kind}`, operationId: id('patch'), action: 'patch', params: PATCH_PARAMS, requestBody: bodyOf(PATCH, PATCH_TYPES), responses: jsonResponse(obj, ['200', '201']) });
  if (verbs.includes('update')) item.put = op({ description: `replace ${name} of the specified ${row.kind}`, operationId: id('replace'), action: 'put', params: WRITE_PARAMS, requestBody: bodyOf(obj), responses: jsonResponse(obj, ['200', '201']) });
  return { [`${c.base}/${row.resource}/{name}/${name}`]: item };
}

/** All path items of one group-version document: the APIResourceList endpoint, then each row's paths. */
export function groupVersionPaths(gv: GroupVersion, rows: readonly ResourceSpec[]): Record<string, Schema> {
  const { stem, tag } = naming(gv);
  const paths: Record<string, Schema> = {
    [`${groupVersionPath(gv)}/`]: {
      get: { description: 'get available resources', operationId: `get${stem}APIResources`, responses: jsonResponse(API_RESOURCE_LIST, ['200']), tags: [tag] },
    },
  };
  for (const row of rows) Object.assign(paths, rowPaths(gv, row));
  return paths;
}
