// The field shapes of the core/v1 kinds signet decodes strictly: Event, Namespace, ServiceAccount,
// Secret and ConfigMap. Pods have none: their spec is not modelled, so a Pod body is read as any object.
// Mirrors k8s.io/api/core/v1 generated.proto.

import { f, kindShape, list, msg, stringMap, type MapShape } from '../serialize/shape-kit.js';

const objectReference = msg('ObjectReference', [
  f('kind', 1, 'string'), f('namespace', 2, 'string'), f('name', 3, 'string'), f('uid', 4, 'string'),
  f('apiVersion', 5, 'string'), f('resourceVersion', 6, 'string'), f('fieldPath', 7, 'string'),
]);

/** core/v1 Event. */
export const eventShape = kindShape('Event', [
  f('involvedObject', 2, objectReference), f('reason', 3, 'string'), f('message', 4, 'string'),
  f('source', 5, msg('EventSource', [f('component', 1, 'string'), f('host', 2, 'string')])),
  f('firstTimestamp', 6, 'time'), f('lastTimestamp', 7, 'time'), f('count', 8, 'int32'), f('type', 9, 'string'),
  f('eventTime', 10, 'time'), f('series', 11, msg('EventSeries', [f('count', 1, 'int32'), f('lastObservedTime', 2, 'time')])),
  f('action', 12, 'string'), f('related', 13, objectReference), f('reportingComponent', 14, 'string'), f('reportingInstance', 15, 'string'),
]);

/** core/v1 Namespace. */
export const namespaceShape = kindShape('Namespace', [
  f('spec', 2, msg('NamespaceSpec', [list('finalizers', 1, 'string')])),
  f('status', 3, msg('NamespaceStatus', [
    f('phase', 1, 'string'),
    list('conditions', 2, msg('NamespaceCondition', [
      f('type', 1, 'string'), f('status', 2, 'string'), f('lastTransitionTime', 4, 'time'), f('reason', 5, 'string'), f('message', 6, 'string'),
    ])),
  ])),
]);

/** core/v1 ServiceAccount. */
export const serviceAccountShape = kindShape('ServiceAccount', [
  list('secrets', 2, objectReference),
  list('imagePullSecrets', 3, msg('LocalObjectReference', [f('name', 1, 'string')])),
  f('automountServiceAccountToken', 4, 'bool', { presence: true }),
]);

const bytesMap: MapShape = { kind: 'map', go: 'map[string][]uint8', values: 'bytes' };

/** core/v1 Secret (kubectl create secret sends it as protobuf). */
export const secretShape = kindShape('Secret', [f('data', 2, bytesMap), f('type', 3, 'string'), f('stringData', 4, stringMap), f('immutable', 5, 'bool', { presence: true })]);
/** core/v1 ConfigMap (kubectl create configmap sends it as protobuf). */
export const configMapShape = kindShape('ConfigMap', [f('data', 2, stringMap), f('binaryData', 3, bytesMap), f('immutable', 4, 'bool', { presence: true })]);
