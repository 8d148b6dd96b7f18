// Core v1 Events, stored so that `kubectl describe` lists them and controllers can record them.
// Mirrors kubernetes pkg/registry/core/event/strategy.go.

import type { ResourceDefinition, ApiObject } from '../resource.js';
import type { Event } from '../../../api/types.js';
import { required, invalid, type FieldError } from '../../../api/field-error.js';
import { storageVersion } from '../identity-version.js';
import { ageCell } from '../table-cells.js';
import { eventShape } from '../../../api/core/shape.js';
import { eventSchema } from '../../../api/core/openapi-schema.js';

function validateEvent(obj: ApiObject): FieldError[] {
  const e = obj as unknown as Event;
  const errs: FieldError[] = [];
  if (!e.involvedObject || typeof e.involvedObject !== 'object') errs.push(required('involvedObject'));
  else if (e.involvedObject.namespace && e.involvedObject.namespace !== e.metadata.namespace) {
    errs.push(invalid('involvedObject.namespace', e.involvedObject.namespace, 'does not match event.namespace'));
  }
  if (e.type && e.type !== 'Normal' && e.type !== 'Warning') errs.push(invalid('type', e.type, 'has invalid value: must be one of Normal or Warning'));
  return errs;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** The Event resource. */
export const eventDefinition: ResourceDefinition = {
  groupResource: { group: '', resource: 'events' },
  groupKind: { group: '', kind: 'Event' },
  kind: 'Event',
  listKind: 'EventList',
  namespaced: true,
  names: { singular: 'event', shortNames: ['ev'], categories: [] },
  shape: eventShape,
  versions: [storageVersion('v1', eventSchema)],
  strategy: {
    allowUnconditionalUpdate: true,
    validate: (_ctx, obj) => validateEvent(obj),
    validateUpdate: (_ctx, obj) => validateEvent(obj),
  },
  subresources: {},
  selectableFieldNames: [
    'metadata.name', 'metadata.namespace', 'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid',
    'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type',
  ],
  selectableFields(obj) {
    const e = obj as unknown as Partial<Event>;
    const io = e.involvedObject ?? {};
    return {
      'metadata.name': obj.metadata.name ?? '',
      'metadata.namespace': obj.metadata.namespace ?? '',
      'involvedObject.kind': str(io.kind),
      'involvedObject.namespace': str(io.namespace),
      'involvedObject.name': str(io.name),
      'involvedObject.uid': str(io.uid),
      'involvedObject.apiVersion': str(io.apiVersion),
      'involvedObject.resourceVersion': str(io.resourceVersion),
      'involvedObject.fieldPath': str(io.fieldPath),
      reason: str(e.reason),
      reportingComponent: str((e as Record<string, unknown>)['reportingComponent']),
      source: str((e as { source?: { component?: string } }).source?.component),
      type: str(e.type),
    };
  },
  table: {
    columns: [
      { name: 'Last Seen', type: 'string', format: '', description: 'Time since the event was last seen', priority: 0 },
      { name: 'Type', type: 'string', format: '', description: 'Normal or Warning', priority: 0 },
      { name: 'Reason', type: 'string', format: '', description: 'Why the event happened', priority: 0 },
      { name: 'Object', type: 'string', format: '', description: 'The object this event is about', priority: 0 },
      { name: 'Message', type: 'string', format: '', description: 'A human-readable description', priority: 0 },
    ],
    cells(obj, now) {
      const e = obj as unknown as Event & { lastTimestamp?: string; eventTime?: string };
      const io = e.involvedObject ?? {};
      const seen = e.lastTimestamp ?? e.eventTime ?? (obj.metadata.creationTimestamp ?? undefined);
      return [ageCell(seen, now), e.type ?? '', e.reason ?? '', `${(io.kind ?? '').toLowerCase()}/${io.name ?? ''}`, e.message ?? ''];
    },
  },
};
