// OpenAPI schema data for the core/v1 kinds signet serves: Event and EventList with ObjectReference, EventSource, EventSeries.
// Mirrors io.k8s.api.core.v1.* in kube-apiserver 1.32's /openapi/v3/api/v1 (descriptions verbatim).

import { LIST_META, MICRO_TIME, OBJECT_META, TIME } from './meta-schemas.js';
import { array, gvkExtension, int, object, refField, refItem, str, typeMetaProperties, type SchemaMap } from './schema-kit.js';

const CORE = 'io.k8s.api.core.v1';
const CONVENTIONS = 'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md';
const DOCS = 'https://kubernetes.io/docs/concepts/overview/working-with-objects';

/** The core/v1 component schemas for Event and the types it refers to. */
export function coreSchemas(): SchemaMap {
  return {
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
  };
}
