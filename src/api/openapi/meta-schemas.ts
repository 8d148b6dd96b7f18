// OpenAPI schema data for the apimachinery meta/v1 and runtime types every group-version document refers to.
// Mirrors the io.k8s.apimachinery.pkg.* components of kube-apiserver 1.32's /openapi/v3 documents (descriptions verbatim: they are the API contract).

import {
  array, bool, gvkExtension, int, object, refField, refItem, str, stringMap, typeMetaProperties, STRING_ITEM, type Gvk,
  type Schema, type SchemaMap,
} from './schema-kit.js';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const DOCS = 'https://kubernetes.io/docs/concepts/overview/working-with-objects';
const CONVENTIONS = 'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md';

/** Component name of ObjectMeta. */
export const OBJECT_META = `${META}.ObjectMeta`;
/** Component name of ListMeta. */
export const LIST_META = `${META}.ListMeta`;
/** Component name of Status. */
export const STATUS = `${META}.Status`;
/** Component name of DeleteOptions. */
export const DELETE_OPTIONS = `${META}.DeleteOptions`;
/** Component name of Patch. */
export const PATCH = `${META}.Patch`;
/** Component name of WatchEvent. */
export const WATCH_EVENT = `${META}.WatchEvent`;
/** Component name of APIResourceList. */
export const API_RESOURCE_LIST = `${META}.APIResourceList`;
/** Component name of Time. */
export const TIME = `${META}.Time`;
/** Component name of MicroTime. */
export const MICRO_TIME = `${META}.MicroTime`;

function objectMeta(): Schema {
  return object('ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.', {
    annotations: stringMap(`Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects. More info: ${DOCS}/annotations`),
    creationTimestamp: refField(TIME, { description: `CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: ${CONVENTIONS}#metadata` }),
    deletionGracePeriodSeconds: int('int64', 'Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. May only be shortened. Read-only.'),
    deletionTimestamp: refField(TIME, { description: `DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. This field is set by the server when a graceful deletion is requested by the user, and is not directly settable by a client. The resource is expected to be deleted (no longer visible from resource lists, and not reachable by name) after the time in this field, once the finalizers list is empty. As long as the finalizers list contains items, deletion is blocked. Once the deletionTimestamp is set, this value may not be unset or be set further into the future, although it may be shortened or the resource may be deleted prior to this time. For example, a user may request that a pod is deleted in 30 seconds. The Kubelet will react by sending a graceful termination signal to the containers in the pod. After that 30 seconds, the Kubelet will send a hard termination signal (SIGKILL) to the container and after cleanup, remove the pod from the API. In the presence of network partitions, this object may still exist after this timestamp, until an administrator or automated process can determine the resource is fully terminated. If not set, graceful deletion of the object has not been requested.\n\nPopulated by the system when a graceful deletion is requested. Read-only. More info: ${CONVENTIONS}#metadata` }),
    finalizers: array(STRING_ITEM, 'Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list. If the deletionTimestamp of the object is non-nil, entries in this list can only be removed. Finalizers may be processed and removed in any order.  Order is NOT enforced because it introduces significant risk of stuck finalizers. finalizers is a shared field, any actor with permission can reorder it. If the finalizer list is processed in order, then this can lead to a situation in which the component responsible for the first finalizer in the list is waiting for a signal (field value, external system, or other) produced by a component responsible for a finalizer later in the list, resulting in a deadlock. Without enforced ordering finalizers are free to order amongst themselves and are not vulnerable to ordering changes in the list.',
      { 'x-kubernetes-list-type': 'set', 'x-kubernetes-patch-strategy': 'merge' }),
    generateName: str(`GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided. If this field is used, the name returned to the client will be different than the name passed. This value will also be combined with a unique suffix. The provided value has the same validation rules as the Name field, and may be truncated by the length of the suffix required to make the value unique on the server.\n\nIf this field is specified and the generated name exists, the server will return a 409.\n\nApplied only if Name is not specified. More info: ${CONVENTIONS}#idempotency`),
    generation: int('int64', 'A sequence number representing a specific generation of the desired state. Populated by the system. Read-only.'),
    labels: stringMap(`Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: ${DOCS}/labels`),
    managedFields: array(refItem(`${META}.ManagedFieldsEntry`), 'ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping, and users typically shouldn\'t need to set or understand this field. A workflow can be the user\'s name, a controller\'s name, or the name of a specific apply path like "ci-cd". The set of fields is always in the version that the workflow used when modifying the object.',
      { 'x-kubernetes-list-type': 'atomic' }),
    name: str(`Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: ${DOCS}/names#names`),
    namespace: str(`Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the "default" namespace, but "default" is the canonical representation. Not all objects are required to be scoped to a namespace - the value of this field for those objects will be empty.\n\nMust be a DNS_LABEL. Cannot be updated. More info: ${DOCS}/namespaces`),
    ownerReferences: array(refItem(`${META}.OwnerReference`), 'List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected. If this object is managed by a controller, then an entry in this list will point to this controller, with the controller field set to true. There cannot be more than one managing controller.', {
      'x-kubernetes-list-map-keys': ['uid'],
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-patch-merge-key': 'uid',
      'x-kubernetes-patch-strategy': 'merge',
    }),
    resourceVersion: str(`An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. May be used for optimistic concurrency, change detection, and the watch operation on a resource or set of resources. Clients must treat these values as opaque and passed unmodified back to the server. They may only be valid for a particular resource or set of resources.\n\nPopulated by the system. Read-only. Value must be treated as opaque by clients and . More info: ${CONVENTIONS}#concurrency-control-and-consistency`),
    selfLink: str('Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.'),
    uid: str(`UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations.\n\nPopulated by the system. Read-only. More info: ${DOCS}/names#uids`),
  });
}

function listMeta(): Schema {
  return object('ListMeta describes metadata that synthetic resources must have, including lists and various status objects. A resource may have only one of {ObjectMeta, ListMeta}.', {
    continue: str('continue may be set if the user set a limit on the number of items returned, and indicates that the server has more data available. The value is opaque and may be used to issue another request to the endpoint that served this list to retrieve the next set of available objects. Continuing a consistent list may not be possible if the server configuration has changed or more than a few minutes have passed. The resourceVersion field returned when using this continue value will be identical to the value in the first response, unless you have received this token from an error message.'),
    remainingItemCount: int('int64', 'remainingItemCount is the number of subsequent items in the list which are not included in this list response. If the list request contained label or field selectors, then the number of remaining items is unknown and the field will be left unset and omitted during serialization. If the list is complete (either because it is not chunking or because this is the last chunk), then there are no more remaining items and this field will be left unset and omitted during serialization. Servers older than v1.15 do not set this field. The intended use of the remainingItemCount is *estimating* the size of a collection. Clients should not rely on the remainingItemCount to be set or to be exact.'),
    resourceVersion: str(`String that identifies the server's internal version of this object that can be used by clients to determine when objects have changed. Value must be treated as opaque by clients and passed unmodified back to the server. Populated by the system. Read-only. More info: ${CONVENTIONS}#concurrency-control-and-consistency`),
    selfLink: str('Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.'),
  });
}

function managedFieldsEntry(): Schema {
  return object('ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.', {
    apiVersion: str('APIVersion defines the version of this resource that this field set applies to. The format is "group/version" just like the top-level APIVersion field. It is necessary to track the version of a field set because it cannot be automatically converted.'),
    fieldsType: str('FieldsType is the discriminator for the different fields format and version. There is currently only one possible value: "FieldsV1"'),
    fieldsV1: refField(`${META}.FieldsV1`, { description: 'FieldsV1 holds the first JSON version format as described in the "FieldsV1" type.' }),
    manager: str('Manager is an identifier of the workflow managing these fields.'),
    operation: str('Operation is the type of operation which lead to this ManagedFieldsEntry being created. The only valid values for this field are \'Apply\' and \'Update\'.'),
    subresource: str('Subresource is the name of the subresource used to update that object, or empty string if the object was updated through the main resource. The value of this field is used to distinguish between managers, even if they share the same name. For example, a status update will be distinct from a regular update using the same manager name. Note that the APIVersion field is not related to the Subresource field and it always corresponds to the version of the main resource.'),
    time: refField(TIME, { description: 'Time is the timestamp of when the ManagedFields entry was added. The timestamp will also be updated if a field is added, the manager changes any of the owned fields value or removes a field. The timestamp does not update when a field is removed from the entry because another manager took it over.' }),
  });
}

function ownerReference(): Schema {
  return object('OwnerReference contains enough information to let you identify an owning object. An owning object must be in the same namespace as the dependent, or be cluster-scoped, so there is no namespace field.', {
    apiVersion: str('API version of the referent.', { default: '' }),
    blockOwnerDeletion: bool('If true, AND if the owner has the "foregroundDeletion" finalizer, then the owner cannot be deleted from the key-value store until this reference is removed. See https://kubernetes.io/docs/concepts/architecture/garbage-collection/#foreground-deletion for how the garbage collector interacts with this field and enforces the foreground deletion. Defaults to false. To set this field, a user needs "delete" permission of the owner, otherwise 422 (Unprocessable Entity) will be returned.'),
    controller: bool('If true, this reference points to the managing controller.'),
    kind: str(`Kind of the referent. More info: ${CONVENTIONS}#types-kinds`, { default: '' }),
    name: str(`Name of the referent. More info: ${DOCS}/names#names`, { default: '' }),
    uid: str(`UID of the referent. More info: ${DOCS}/names#uids`, { default: '' }),
  }, ['apiVersion', 'kind', 'name', 'uid'], { 'x-kubernetes-map-type': 'atomic' });
}

function status(): Schema {
  return object('Status is a return value for calls that don\'t return other objects.', {
    apiVersion: typeMetaProperties().apiVersion!,
    code: int('int32', 'Suggested HTTP return code for this status, 0 if not set.'),
    details: refField(`${META}.StatusDetails`, { description: 'Extended data associated with the reason.  Each reason may define its own extended details. This field is optional and the data returned is not guaranteed to conform to any schema except that defined by the reason type.', 'x-kubernetes-list-type': 'atomic' }),
    kind: typeMetaProperties().kind!,
    message: str('A human-readable description of the status of this operation.'),
    metadata: refField(LIST_META, { default: {}, description: `Standard list metadata. More info: ${CONVENTIONS}#types-kinds` }),
    reason: str('A machine-readable description of why this operation is in the "Failure" status. If this value is empty there is no information available. A Reason clarifies an HTTP status code but does not override it.'),
    status: str(`Status of the operation. One of: "Success" or "Failure". More info: ${CONVENTIONS}#spec-and-status`),
  }, [], gvkExtension({ group: '', kind: 'Status', version: 'v1' }));
}

function statusDetails(): Schema {
  return object('StatusDetails is a set of additional properties that MAY be set by the server to provide additional information about a response. The Reason field of a Status object defines what attributes will be set. Clients must ignore fields that do not match the defined type of each attribute, and should assume that any attribute may be empty, invalid, or under defined.', {
    causes: array(refItem(`${META}.StatusCause`), 'The Causes array includes more details associated with the StatusReason failure. Not all StatusReasons may provide detailed causes.', { 'x-kubernetes-list-type': 'atomic' }),
    group: str('The group attribute of the resource associated with the status StatusReason.'),
    kind: str(`The kind attribute of the resource associated with the status StatusReason. On some operations may differ from the requested resource Kind. More info: ${CONVENTIONS}#types-kinds`),
    name: str('The name attribute of the resource associated with the status StatusReason (when there is a single name which can be described).'),
    retryAfterSeconds: int('int32', 'If specified, the time in seconds before the operation should be retried. Some errors may indicate the client must take an alternate action - for those errors this field may indicate how long to wait before taking the alternate action.'),
    uid: str(`UID of the resource. (when there is a single resource which can be described). More info: ${DOCS}/names#uids`),
  });
}

function statusCause(): Schema {
  return object('StatusCause provides more information about an api.Status failure, including cases when multiple errors are encountered.', {
    field: str('The field of the resource that has caused this error, as named by its JSON serialization. May include dot and postfix notation for nested attributes. Arrays are zero-indexed.  Fields may appear more than once in an array of causes due to fields having multiple errors. Optional.\n\nExamples:\n  "name" - the field "name" on the current resource\n  "items[0].name" - the field "name" on the first array entry in "items"'),
    message: str('A human-readable description of the cause of the error.  This field may be presented as-is to a reader.'),
    reason: str('A machine-readable description of the cause of the error. If this value is empty there is no information available.'),
  });
}

function deleteOptions(gvks: Gvk[]): Schema {
  return object('DeleteOptions may be provided when deleting an API object.', {
    apiVersion: typeMetaProperties().apiVersion!,
    dryRun: array(STRING_ITEM, 'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed', { 'x-kubernetes-list-type': 'atomic' }),
    gracePeriodSeconds: int('int64', 'The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately. If this value is nil, the default grace period for the specified type will be used. Defaults to a per object value if not specified. zero means delete immediately.'),
    ignoreStoreReadErrorWithClusterBreakingPotential: bool('if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error. A resource is considered corrupt if it can not be retrieved from the underlying storage successfully because of a) its data can not be transformed e.g. decryption failure, or b) it fails to decode into an object. NOTE: unsafe deletion ignores finalizer constraints, skips precondition checks, and removes the object from the storage. WARNING: This may potentially break the cluster if the workload associated with the resource being unsafe-deleted relies on normal deletion flow. Use only if you REALLY know what you are doing. The default value is false, and the user must opt in to enable it'),
    kind: typeMetaProperties().kind!,
    orphanDependents: bool('Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7. Should the dependent objects be orphaned. If true/false, the "orphan" finalizer will be added to/removed from the object\'s finalizers list. Either this field or PropagationPolicy may be set, but not both.'),
    preconditions: refField(`${META}.Preconditions`, { description: 'Must be fulfilled before a deletion is carried out. If not possible, a 409 Conflict status will be returned.' }),
    propagationPolicy: str('Whether and how garbage collection will be performed. Either this field or OrphanDependents may be set, but not both. The default policy is decided by the existing finalizer set in the metadata.finalizers and the resource-specific default policy. Acceptable values are: \'Orphan\' - orphan the dependents; \'Background\' - allow the garbage collector to delete the dependents in the background; \'Foreground\' - a cascading policy that deletes all dependents in the foreground.'),
  }, [], gvkExtension(...gvks));
}

function watchEvent(gvks: Gvk[]): Schema {
  return object('Event represents a single event to a watched resource.', {
    object: refField('io.k8s.apimachinery.pkg.runtime.RawExtension', { description: 'Object is:\n * If Type is Added or Modified: the new state of the object.\n * If Type is Deleted: the state of the object immediately before deletion.\n * If Type is Error: *Status is recommended; other types may make sense\n   depending on context.' }),
    type: str(undefined, { default: '' }),
  }, ['type', 'object'], gvkExtension(...gvks));
}

function apiResource(): Schema {
  return object('APIResource specifies the name of a resource and whether it is namespaced.', {
    categories: array(STRING_ITEM, 'categories is a list of the grouped resources this resource belongs to (e.g. \'all\')', { 'x-kubernetes-list-type': 'atomic' }),
    group: str('group is the preferred group of the resource.  Empty implies the group of the containing resource list. For subresources, this may have a different value, for example: Scale".'),
    kind: str('kind is the kind for the resource (e.g. \'Foo\' is the kind for a resource \'foo\')', { default: '' }),
    name: str('name is the plural name of the resource.', { default: '' }),
    namespaced: bool('namespaced indicates if a resource is namespaced or not.', { default: false }),
    shortNames: array(STRING_ITEM, 'shortNames is a list of suggested short names of the resource.', { 'x-kubernetes-list-type': 'atomic' }),
    singularName: str('singularName is the singular name of the resource.  This allows clients to handle plural and singular opaquely. The singularName is more correct for reporting status on a single item and both singular and plural are allowed from the kubectl CLI interface.', { default: '' }),
    storageVersionHash: str('The hash value of the storage version, the version this resource is converted to when written to the data store. Value must be treated as opaque by clients. Only equality comparison on the value is valid. This is an alpha feature and may change or be removed in the future. The field is populated by the apiserver only if the StorageVersionHash feature gate is enabled. This field will remain optional even if it graduates.'),
    verbs: array(STRING_ITEM, 'verbs is a list of supported kube verbs (this includes get, list, watch, create, update, patch, delete, deletecollection, and proxy)'),
    version: str('version is the preferred version of the resource.  Empty implies the version of the containing resource list For subresources, this may have a different value, for example: v1 (while inside a v1beta1 version of the core resource\'s group)".'),
  }, ['name', 'singularName', 'namespaced', 'kind', 'verbs']);
}

function apiResourceList(): Schema {
  return object('APIResourceList is a list of APIResource, it is used to expose the name of the resources supported in a specific group and version, and if the resource is namespaced.', {
    apiVersion: typeMetaProperties().apiVersion!,
    groupVersion: str('groupVersion is the group and version this APIResourceList is for.', { default: '' }),
    kind: typeMetaProperties().kind!,
    resources: array(refItem(`${META}.APIResource`), 'resources contains the name of the resources and if they are namespaced.', { 'x-kubernetes-list-type': 'atomic' }),
  }, ['groupVersion', 'resources'], gvkExtension({ group: '', kind: 'APIResourceList', version: 'v1' }));
}

/**
 * The meta/v1 and runtime component schemas. DeleteOptions and WatchEvent are registered in every
 * served group-version, so their GVK lists are built from `servedGroupVersions`.
 */
export function metaSchemas(servedGroupVersions: readonly { group: string; version: string }[]): SchemaMap {
  const every = (kind: string): Gvk[] => servedGroupVersions.map((gv) => ({ group: gv.group, kind, version: gv.version }));
  return {
    [`${META}.APIResource`]: apiResource(),
    [API_RESOURCE_LIST]: apiResourceList(),
    [DELETE_OPTIONS]: deleteOptions(every('DeleteOptions')),
    [`${META}.FieldsV1`]: { description: 'FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.\n\nEach key is either a \'.\' representing the field itself, and will always map to an empty set, or a string representing a sub-field or item. The string will follow one of these four formats: \'f:<name>\', where <name> is the name of a field in a struct, or key in a map \'v:<value>\', where <value> is the exact json formatted value of a list item \'i:<index>\', where <index> is position of a item in a list \'k:<keys>\', where <keys> is a map of  a list item\'s key fields to their unique values If a key maps to an empty Fields value, the field that key represents is part of the set.\n\nThe exact format is defined in sigs.k8s.io/structured-merge-diff', type: 'object' },
    [LIST_META]: listMeta(),
    [`${META}.ManagedFieldsEntry`]: managedFieldsEntry(),
    [MICRO_TIME]: { description: 'MicroTime is version of Time with microsecond level precision.', format: 'date-time', type: 'string' },
    [OBJECT_META]: objectMeta(),
    [`${META}.OwnerReference`]: ownerReference(),
    [PATCH]: { description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.', type: 'object' },
    [`${META}.Preconditions`]: object('Preconditions must be fulfilled before an operation (update, delete, etc.) is carried out.', {
      resourceVersion: str('Specifies the target ResourceVersion'),
      uid: str('Specifies the target UID.'),
    }),
    [STATUS]: status(),
    [`${META}.StatusCause`]: statusCause(),
    [`${META}.StatusDetails`]: statusDetails(),
    [TIME]: { description: 'Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  Wrappers are provided for many of the factory methods that the time package offers.', format: 'date-time', type: 'string' },
    [WATCH_EVENT]: watchEvent(every('WatchEvent')),
    'io.k8s.apimachinery.pkg.runtime.RawExtension': { description: 'RawExtension is used to hold extensions in external versions.\n\nTo use this, make a field which has RawExtension as its type in your external, versioned struct, and Object in your internal struct. You also need to register your various plugin types.\n\n// Internal package:\n\n\ttype MyAPIObject struct {\n\t\truntime.TypeMeta `json:",inline"`\n\t\tMyPlugin runtime.Object `json:"myPlugin"`\n\t}\n\n\ttype PluginA struct {\n\t\tAOption string `json:"aOption"`\n\t}\n\n// External package:\n\n\ttype MyAPIObject struct {\n\t\truntime.TypeMeta `json:",inline"`\n\t\tMyPlugin runtime.RawExtension `json:"myPlugin"`\n\t}\n\n\ttype PluginA struct {\n\t\tAOption string `json:"aOption"`\n\t}\n\n// On the wire, the JSON will look something like this:\n\n\t{\n\t\t"kind":"MyAPIObject",\n\t\t"apiVersion":"v1",\n\t\t"myPlugin": {\n\t\t\t"kind":"PluginA",\n\t\t\t"aOption":"foo",\n\t\t},\n\t}\n\nSo what happens? Decode first uses json or yaml to unmarshal the serialized data into your external MyAPIObject. That causes the raw JSON to be stored, but not unpacked. The next step is to copy (using pkg/conversion) into the internal struct. The runtime package\'s DefaultScheme has conversion functions installed which will unpack the JSON stored in RawExtension, turning it into the correct object type, and storing it in the Object. (TODO: In the case where the object is of an unknown type, a runtime.Unknown object will be created and stored.)', type: 'object' },
  };
}
