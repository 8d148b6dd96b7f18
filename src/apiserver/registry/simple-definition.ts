// A compact way to declare a single-version resource whose strategy is "validate the object,
// metadata by a name rule": most core, RBAC and coordination kinds. Mirrors the shape of the
// small per-kind strategy.go files under kubernetes pkg/registry/*.

import { type ApiObject, type ResourceDefinition, type StrategyContext, type SubresourceRow, type TableColumn } from './resource.js';
import { storageVersion } from './identity-version.js';
import { invalid, type FieldError } from '../../api/field-error.js';
import type { NameValidator } from '../../api/validation/meta.js';
import type { MessageShape } from '../../api/serialize/shape-kit.js';
import type { KindSchema } from '../../api/openapi/schema-kit.js';
import { ageCell } from './table-cells.js';

/** What a simple resource declares. */
export interface SimpleResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** Discovery's other names: singular (default: the kind in lower case), short names, categories. */
  readonly singular?: string;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  readonly verbs?: readonly string[];
  readonly handledSubresources?: readonly SubresourceRow[];
  /** Its OpenAPI schemas (`api/<group>/openapi-schema.ts`). */
  readonly schema: KindSchema;
  readonly admission?: readonly string[];
  readonly shape?: MessageShape;
  /** The kind's name rule (DNS subdomain, label, path segment). */
  readonly nameFn: NameValidator;
  readonly validate?: (obj: ApiObject) => FieldError[];
  readonly validateUpdate?: (obj: ApiObject, old: ApiObject) => FieldError[];
  /** Defaulting and server-set fields on create. */
  readonly prepareForCreate?: (ctx: StrategyContext, obj: ApiObject) => ApiObject;
  /** Keeps what a main-resource update may not change (status). */
  readonly prepareForUpdate?: (ctx: StrategyContext, obj: ApiObject, old: ApiObject) => ApiObject;
  /** Columns after Name; the Name column comes first. */
  readonly columns: readonly TableColumn[];
  readonly cells: (obj: ApiObject, now: Date) => unknown[];
  readonly subresources?: ResourceDefinition['subresources'];
}

/** A Table column of type string. */
export function column(name: string, description: string, priority = 0, type = 'string', format = ''): TableColumn {
  return { name, type, format, description, priority };
}

/** The Name column every kind has. */
export const nameColumn = column('Name', 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names', 0, 'string', 'name');

/** The Age column. */
export const ageColumn = column('Age', 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata');

/** The age cell of an object. */
export function age(obj: ApiObject, now: Date): string {
  return ageCell(obj.metadata.creationTimestamp, now);
}

function nameErrors(fn: NameValidator, obj: ApiObject): FieldError[] {
  const name = obj.metadata?.name;
  const errs: FieldError[] = [];
  if (name) for (const m of fn(name, false)) errs.push(invalid('metadata.name', name, m));
  const gen = obj.metadata?.generateName;
  if (gen && !name) for (const m of fn(gen, true)) errs.push(invalid('metadata.generateName', gen, m));
  return errs;
}

/** Builds the ResourceDefinition of a simple resource. */
export function simpleDefinition(r: SimpleResource): ResourceDefinition {
  return {
    groupResource: { group: r.group, resource: r.resource },
    groupKind: { group: r.group, kind: r.kind },
    kind: r.kind,
    listKind: `${r.kind}List`,
    namespaced: r.namespaced,
    names: { singular: r.singular ?? r.kind.toLowerCase(), shortNames: r.shortNames ?? [], categories: r.categories ?? [] },
    ...(r.verbs ? { verbs: r.verbs } : {}),
    ...(r.handledSubresources ? { handledSubresources: r.handledSubresources } : {}),
    ...(r.admission ? { admission: r.admission } : {}),
    ...(r.shape ? { shape: r.shape } : {}),
    versions: [storageVersion(r.version, r.schema)],
    strategy: {
      allowUnconditionalUpdate: true,
      ...(r.prepareForCreate ? { prepareForCreate: r.prepareForCreate } : {}),
      ...(r.prepareForUpdate ? { prepareForUpdate: r.prepareForUpdate } : {}),
      validate: (_ctx, obj) => [...nameErrors(r.nameFn, obj), ...(r.validate?.(obj) ?? [])],
      validateUpdate: (_ctx, obj, old) => (r.validateUpdate ? r.validateUpdate(obj, old) : r.validate?.(obj) ?? []),
    },
    subresources: r.subresources ?? {},
    selectableFieldNames: r.namespaced ? ['metadata.name', 'metadata.namespace'] : ['metadata.name'],
    selectableFields: (obj): Record<string, string> => (r.namespaced
      ? { 'metadata.name': obj.metadata.name ?? '', 'metadata.namespace': obj.metadata.namespace ?? '' }
      : { 'metadata.name': obj.metadata.name ?? '' }),
    table: { columns: [nameColumn, ...r.columns], cells: (obj, now) => [obj.metadata.name ?? '', ...r.cells(obj, now)] },
  };
}

/** A name rule from a string validator such as isDns1123Subdomain (prefixes are checked loosely). */
export function nameRule(check: (v: string) => string[]): NameValidator {
  return (name, prefix) => check(prefix ? name.replace(/-+$/, '') || 'a' : name);
}
