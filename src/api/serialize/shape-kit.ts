// The vocabulary of field shapes: the known fields of a kind as data (JSON name, protobuf number, Go
// struct name), from which both the strict JSON/YAML field check and the protobuf decoder read, so they
// cannot drift. Each kind's shape lives in its group's folder (`api/<group>/shape.ts`), built from these.
// Field numbers and names are those of `k8s.io/api` and `k8s.io/apimachinery` v0.32 `generated.proto`.

/**
 * A scalar or special leaf. `time` is metav1.Time (RFC 3339 in JSON, {seconds,nanos} in protobuf);
 * `keyUsage` is a string of Go type certificates/v1.KeyUsage, named so in decode errors.
 */
export type Leaf = 'string' | 'keyUsage' | 'int32' | 'int64' | 'bool' | 'bytes' | 'time' | 'raw' | 'extraValue';

/** A field of a message. */
export interface FieldShape {
  /** JSON name. */
  readonly name: string;
  /** Protobuf field number. */
  readonly num: number;
  readonly shape: Shape;
  /** A list (JSON array, repeated protobuf field). */
  readonly repeated?: boolean;
  /** A Go pointer: present-but-zero is kept (protobuf writes it only when set). */
  readonly presence?: boolean;
}

/** A struct / message. `go` names the Go type, as Go's decode errors do. */
export interface MessageShape {
  readonly kind: 'message';
  readonly go: string;
  readonly fields: readonly FieldShape[];
}

/** `map<string, V>`: a JSON object with arbitrary keys; protobuf entries {1: key, 2: value}. */
export interface MapShape {
  readonly kind: 'map';
  readonly go: string;
  readonly values: Shape;
}

/** Any shape. */
export type Shape = Leaf | MessageShape | MapShape;

/** A message of Go type `go`. */
export function msg(go: string, fields: FieldShape[]): MessageShape {
  return { kind: 'message', go, fields };
}

/** A field; `extra` marks a Go pointer (`presence`). */
export const f = (name: string, num: number, shape: Shape, extra: Partial<FieldShape> = {}): FieldShape => ({ name, num, shape, ...extra });
/** A repeated field. */
export const list = (name: string, num: number, shape: Shape): FieldShape => ({ name, num, shape, repeated: true });
/** `map[string]string`: labels, annotations, selectors, string data. */
export const stringMap: MapShape = { kind: 'map', go: 'map[string]string', values: 'string' };
/** `map[string]ExtraValue`: a user's extra attributes, as authentication hands them on. */
export const extraMap: MapShape = { kind: 'map', go: 'map[string]ExtraValue', values: 'extraValue' };

/** meta/v1 LabelSelectorRequirement and its look-alikes (FieldSelectorRequirement). */
export const selectorRequirement = (go: string): MessageShape => msg(go, [f('key', 1, 'string'), f('operator', 2, 'string'), list('values', 3, 'string')]);

const ownerReference = msg('OwnerReference', [
  f('apiVersion', 5, 'string'), f('kind', 1, 'string'), f('name', 3, 'string'), f('uid', 4, 'string'),
  f('controller', 6, 'bool', { presence: true }), f('blockOwnerDeletion', 7, 'bool', { presence: true }),
]);

const managedFieldsEntry = msg('ManagedFieldsEntry', [
  f('manager', 1, 'string'), f('operation', 2, 'string'), f('apiVersion', 3, 'string'), f('time', 4, 'time'),
  f('fieldsType', 6, 'string'), f('fieldsV1', 7, 'raw'), f('subresource', 8, 'string'),
]);

const objectMeta = msg('ObjectMeta', [
  f('name', 1, 'string'), f('generateName', 2, 'string'), f('namespace', 3, 'string'), f('selfLink', 4, 'string'),
  f('uid', 5, 'string'), f('resourceVersion', 6, 'string'), f('generation', 7, 'int64'),
  f('creationTimestamp', 8, 'time'), f('deletionTimestamp', 9, 'time'),
  f('deletionGracePeriodSeconds', 10, 'int64', { presence: true }),
  f('labels', 11, stringMap), f('annotations', 12, stringMap),
  list('ownerReferences', 13, ownerReference), list('finalizers', 14, 'string'), list('managedFields', 17, managedFieldsEntry),
]);

const typeMeta = [f('kind', 1001, 'string'), f('apiVersion', 1002, 'string')];

/**
 * A top-level kind: TypeMeta, metadata, then `fields`. TypeMeta fields exist only in JSON (protobuf
 * carries them in runtime.Unknown), hence the numbers no message uses.
 */
export function kindShape(go: string, fields: FieldShape[]): MessageShape {
  return msg(go, [...typeMeta, f('metadata', 1, objectMeta), ...fields]);
}

/** meta/v1 DeleteOptions, the body of a DELETE. */
export const deleteOptionsShape = msg('DeleteOptions', [
  ...typeMeta, f('gracePeriodSeconds', 1, 'int64', { presence: true }),
  f('preconditions', 2, msg('Preconditions', [f('uid', 1, 'string'), f('resourceVersion', 2, 'string')])),
  f('orphanDependents', 3, 'bool', { presence: true }), f('propagationPolicy', 4, 'string'), list('dryRun', 5, 'string'),
  f('ignoreStoreReadErrorWithClusterBreakingPotential', 6, 'bool', { presence: true }),
]);
