// Small constructors for OpenAPI v3 schema objects, so each kind's schema data (api/<group>/openapi-schema.ts) reads like the Kubernetes API docs.
// Mirrors the output conventions of k8s.io/kube-openapi: a $ref with siblings is wrapped in allOf, as kube-apiserver 1.32 does.

/** An OpenAPI v3 schema object (JSON), including the `x-kubernetes-*` extensions. */
export type Schema = { readonly [key: string]: unknown };

/** Named component schemas, keyed by their Go-package-qualified names (`io.k8s.api.certificates.v1.CertificateSigningRequest`). */
export type SchemaMap = Record<string, Schema>;

/** OpenAPI component names of a version's object and list kinds (`kubectl explain` reads them). */
export interface SchemaNames {
  readonly object: string;
  readonly list: string;
}

/** What one served version of a kind publishes: its object and list components and every component they refer to. */
export interface KindSchema extends SchemaNames {
  readonly components: SchemaMap;
}

/** A group-version-kind as the `x-kubernetes-group-version-kind` extension writes it. */
export interface Gvk {
  readonly group: string;
  readonly kind: string;
  readonly version: string;
}

/** The JSON-pointer prefix of component schemas. */
export const COMPONENTS_PREFIX = '#/components/schemas/';

/** Description Kubernetes gives every `apiVersion` field. */
export const API_VERSION_DESCRIPTION = 'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';

/** Description Kubernetes gives every `kind` field. */
export const KIND_DESCRIPTION = 'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';

/** A bare reference to a component schema (used where nothing else sits next to it). */
export function ref(name: string): Schema {
  return { $ref: `${COMPONENTS_PREFIX}${name}` };
}

/** A property that refers to a component schema; OpenAPI 3.0 ignores siblings of $ref, hence the allOf wrapper. */
export function refField(name: string, extra: Schema = {}): Schema {
  return { allOf: [ref(name)], ...extra };
}

/** A string property; `extra` carries `default`, `format`, `enum` or extensions. */
export function str(description: string | undefined, extra: Schema = {}): Schema {
  return { ...(description === undefined ? {} : { description }), type: 'string', ...extra };
}

/** An integer property of the given Go width. */
export function int(format: 'int32' | 'int64', description: string): Schema {
  return { description, format, type: 'integer' };
}

/** A boolean property. */
export function bool(description: string, extra: Schema = {}): Schema {
  return { description, type: 'boolean', ...extra };
}

/** An array property; the element schema is given whole. */
export function array(items: Schema, description: string | undefined, extra: Schema = {}): Schema {
  return { ...(description === undefined ? {} : { description }), items, type: 'array', ...extra };
}

/** The element schema Kubernetes writes for `[]string` items (non-pointer strings default to ""). */
export const STRING_ITEM: Schema = { default: '', type: 'string' };

/** The element schema for a list of structs of the named component. */
export function refItem(name: string): Schema {
  return refField(name, { default: {} });
}

/** A `[]string` property whose list is replaced whole by a merge (`x-kubernetes-list-type: atomic`). */
export function atomicStrings(description: string): Schema {
  return array(STRING_ITEM, description, { 'x-kubernetes-list-type': 'atomic' });
}

/** A `map[string]string` property. */
export function stringMap(description: string): Schema {
  return { additionalProperties: STRING_ITEM, description, type: 'object' };
}

/** The `apiVersion` and `kind` properties every top-level kind has. */
export function typeMetaProperties(): Record<string, Schema> {
  return { apiVersion: str(API_VERSION_DESCRIPTION), kind: str(KIND_DESCRIPTION) };
}

/** An object schema with optional required list and extensions, keeping Kubernetes' key layout. */
export function object(description: string, properties: Record<string, Schema>,
  required: readonly string[] = [], extra: Schema = {}): Schema {
  return {
    description,
    properties,
    ...(required.length > 0 ? { required: [...required] } : {}),
    type: 'object',
    ...extra,
  };
}

/** The `x-kubernetes-group-version-kind` extension for one kind. */
export function gvkExtension(...gvks: Gvk[]): Schema {
  return { 'x-kubernetes-group-version-kind': gvks.map((g) => ({ group: g.group, kind: g.kind, version: g.version })) };
}
