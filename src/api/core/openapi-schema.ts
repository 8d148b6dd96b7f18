// OpenAPI schema data for the core/v1 kinds signet serves: Event with ObjectReference, EventSource and EventSeries
// (descriptions verbatim), and Namespace, ServiceAccount, Secret, ConfigMap and Pod (fields kubectl uses; descriptions abridged).
// Mirrors io.k8s.api.core.v1.* in kube-apiserver 1.32's /openapi/v3/api/v1.

import { kindSchema } from '../openapi/kind-schema.js';
import { LIST_META, MICRO_TIME, OBJECT_META, TIME } from '../openapi/meta-schemas.js';
import {
  array, atomicStrings, bool, gvkExtension, int, object, refField, refItem, str, stringMap, typeMetaProperties, type KindSchema, type Schema,
} from '../openapi/schema-kit.js';

const CORE = 'io.k8s.api.core.v1';
const CONVENTIONS = 'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md';
const DOCS = 'https://kubernetes.io/docs/concepts/overview/working-with-objects';

/** core/v1 Event, with the types it refers to (descriptions verbatim). */
export const eventSchema: KindSchema = { object: `${CORE}.Event`, list: `${CORE}.EventList`, components: {
  [`${CORE}.Event`]: object('Event is a report of an event somewhere in the cluster.  Events have a limited retention time and triggers and messages may evolve with time.  Event consumers should not rely on the timing of an event with a given Reason reflecting a consistent underlying trigger, or the continued existence of events with that Reason.  Events should be treated as informative, best-effort, supplemental data.', {
    action: str('What action was taken/failed regarding to the Regarding object.'),
    apiVersion: typeMetaProperties().apiVersion!,
    count: int('int32', 'The number of times this event has occurred.'),
    eventTime: refField(MICRO_TIME, { description: 'Time when this Event was first observed.' }),
    firstTimestamp: refField(TIME, { description: 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)' }),
    involvedObject: refField(`${CORE}.ObjectReference`, { default: {}, description: 'The object that this event is about.' }),
    kind: typeMetaProperties().kind!,
    lastTimestamp: refField(TIME, { description: 'The time at which the most recent occurrence of this event was recorded.' }),
    message: str('A human-readable description of the status of this operation.'),
    metadata: refField(OBJECT_META, { default: {}, description: `Standard object's metadata. More info: ${CONVENTIONS}#metadata` }),
    reason: str('This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
    related: refField(`${CORE}.ObjectReference`, { description: 'Optional secondary object for more complex actions.' }),
    reportingComponent: str('Name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`.', { default: '' }),
    reportingInstance: str('ID of the controller instance, e.g. `kubelet-xyzf`.', { default: '' }),
    series: refField(`${CORE}.EventSeries`, { description: 'Data about the Event series this event represents or nil if it\'s a singleton Event.' }),
    source: refField(`${CORE}.EventSource`, { default: {}, description: 'The component reporting this event. Should be a short machine understandable string.' }),
    type: str('Type of this event (Normal, Warning), new types could be added in the future'),
  }, ['metadata', 'involvedObject'], gvkExtension({ group: '', kind: 'Event', version: 'v1' })),

  [`${CORE}.EventList`]: object('EventList is a list of events.', {
    apiVersion: typeMetaProperties().apiVersion!,
    items: array(refItem(`${CORE}.Event`), 'List of events'),
    kind: typeMetaProperties().kind!,
    metadata: refField(LIST_META, { default: {}, description: `Standard list metadata. More info: ${CONVENTIONS}#types-kinds` }),
  }, ['items'], gvkExtension({ group: '', kind: 'EventList', version: 'v1' })),

  [`${CORE}.EventSeries`]: object('EventSeries contain information on series of events, i.e. thing that was/is happening continuously for some time.', {
    count: int('int32', 'Number of occurrences in this series up to the last heartbeat time'),
    lastObservedTime: refField(MICRO_TIME, { description: 'Time of the last occurrence observed' }),
  }),

  [`${CORE}.EventSource`]: object('EventSource contains information for an event.', {
    component: str('Component from which the event is generated.'),
    host: str('Node name on which the event is generated.'),
  }),

  [`${CORE}.ObjectReference`]: object('ObjectReference contains enough information to let you inspect or modify the referred object.', {
    apiVersion: str('API version of the referent.'),
    fieldPath: str('If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: "spec.containers{name}" (where "name" refers to the name of the container that triggered the event) or if no container name is specified "spec.containers[2]" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.'),
    kind: str(`Kind of the referent. More info: ${CONVENTIONS}#types-kinds`),
    name: str(`Name of the referent. More info: ${DOCS}/names/#names`),
    namespace: str(`Namespace of the referent. More info: ${DOCS}/namespaces/`),
    resourceVersion: str(`Specific resourceVersion to which this reference is made, if any. More info: ${CONVENTIONS}#concurrency-control-and-consistency`),
    uid: str(`UID of the referent. More info: ${DOCS}/names/#uids`),
  }, [], { 'x-kubernetes-map-type': 'atomic' }),
} };

// Fields signet does not model: any object, kept as sent.
const open: Schema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
const bytesMap = (d: string): Schema => ({ additionalProperties: { format: 'byte', type: 'string' }, description: d, type: 'object' });

/** core/v1 Namespace. */
export const namespaceSchema: KindSchema = kindSchema({ pkg: CORE, group: '', kind: 'Namespace', description: 'Namespace provides a scope for Names. Use of multiple namespaces is optional.', properties: {
  spec: { ...open, description: 'Spec defines the behavior of the Namespace.', properties: { finalizers: atomicStrings('Finalizers is an opaque list of values that must be empty to permanently remove object from storage.') } },
  status: { ...open, description: 'Status describes the current status of a Namespace.', properties: { phase: str('Phase is the current lifecycle phase of the namespace.') } },
} });

/** core/v1 ServiceAccount. */
export const serviceAccountSchema: KindSchema = kindSchema({ pkg: CORE, group: '', kind: 'ServiceAccount', description: 'ServiceAccount binds together: * a name, understood by users, and perhaps by peripheral systems, for an identity * a principal that can be authenticated and authorized * a set of secrets', properties: {
  automountServiceAccountToken: bool('AutomountServiceAccountToken indicates whether pods running as this service account should have an API token automatically mounted.'),
  imagePullSecrets: array({ ...open }, 'ImagePullSecrets is a list of references to secrets in the same namespace to use for pulling any images in pods that reference this ServiceAccount.', { 'x-kubernetes-list-type': 'atomic' }),
  secrets: array({ ...open }, 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.', { 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' }),
} });

/** core/v1 Secret. */
export const secretSchema: KindSchema = kindSchema({ pkg: CORE, group: '', kind: 'Secret', description: 'Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.', properties: {
  data: bytesMap('Data contains the secret data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'.'),
  immutable: bool('Immutable, if set to true, ensures that data stored in the Secret cannot be updated (only object metadata can be modified).'),
  stringData: stringMap('stringData allows specifying non-binary secret data in string form. It is provided as a write-only input field for convenience.'),
  type: str('Used to facilitate programmatic handling of secret data.'),
} });

/** core/v1 ConfigMap. */
export const configMapSchema: KindSchema = kindSchema({ pkg: CORE, group: '', kind: 'ConfigMap', description: 'ConfigMap holds configuration data for pods to consume.', properties: {
  binaryData: bytesMap('BinaryData contains the binary data.'),
  data: stringMap('Data contains the configuration data.'),
  immutable: bool('Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated (only object metadata can be modified).'),
} });

/** core/v1 Pod: metadata and an open spec and status, enough for a bound token to name one. */
export const podSchema: KindSchema = kindSchema({ pkg: CORE, group: '', kind: 'Pod', description: 'Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.', properties: {
  spec: { ...open, description: 'Specification of the desired behavior of the pod.' },
  status: { ...open, description: 'Most recently observed status of the pod.' },
} });
