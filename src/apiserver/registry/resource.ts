// What one resource contributes to the generic registry: its names, how its objects are
// stored and converted, and the strategy that decides what each write may change.
// Mirrors k8s.io/apiserver/pkg/registry/rest (RESTCreateStrategy, RESTUpdateStrategy) in shape.

import type { FieldError } from '../../api/field-error.js';
import type { GroupKind, GroupResource } from '../../api/errors.js';
import type { ObjectMeta, UserInfo } from '../../api/types.js';
import type { MessageShape } from '../../api/serialize/shape-kit.js';
import type { KindSchema } from '../../api/openapi/schema-kit.js';

/** Any API object as stored: plain JSON with metadata. */
export interface ApiObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** What strategies may know about the request. */
export interface StrategyContext {
  readonly user: UserInfo;
  readonly now: Date;
  /** The namespace of the request URL ('' for cluster-scoped). */
  readonly namespace: string;
  /** The version of the request URL (`v1`, `v1beta1`): some rules differ by version. */
  readonly version: string;
}

/** The policy for writes through the main resource or one subresource. */
export interface Strategy {
  /** Clears or sets server-owned fields before validation on create; returns the object to store. */
  prepareForCreate?(ctx: StrategyContext, obj: ApiObject): ApiObject;
  /** `precheck` is what the store's create precheck (if installed) said of this object. */
  validate?(ctx: StrategyContext, obj: ApiObject, precheck?: unknown): FieldError[];
  /** Copies over what this write path may not change; returns the object to store. */
  prepareForUpdate?(ctx: StrategyContext, obj: ApiObject, old: ApiObject): ApiObject;
  validateUpdate?(ctx: StrategyContext, obj: ApiObject, old: ApiObject): FieldError[];
  /** Whether an update without metadata.resourceVersion is accepted (last write wins). */
  readonly allowUnconditionalUpdate: boolean;
}

/** How discovery names a resource beside its plural and kind (APIResource's other names). */
export interface ResourceNames {
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
}

/** A subresource as discovery lists it. */
export interface SubresourceRow {
  /** The path segment after the object name (`approval`, `status`, `token`). */
  readonly name: string;
  /** The kind the subresource accepts and returns; defaults to the parent's kind. */
  readonly kind?: string;
  /** Set only when the subresource answers in another group-version (serviceaccounts/token → authentication.k8s.io/v1). */
  readonly responseGroupVersion?: { readonly group: string; readonly version: string };
  readonly verbs: readonly string[];
}

/** A served version of a resource and how to convert to and from the stored version. */
export interface ServedVersion {
  readonly version: string;
  /** Its published OpenAPI schemas (`api/<group>/openapi-schema.ts`); the OpenAPI documents are built from these. */
  readonly schema: KindSchema;
  /** Stored form → this version (identity for the storage version). */
  toVersion(obj: ApiObject): ApiObject;
  /** This version → stored form, including this version's defaulting. */
  fromVersion(obj: ApiObject): ApiObject;
}

/**
 * One resource of the registry, and the single source of what is said about it: discovery and
 * OpenAPI paths are derived from the registered definitions (discovery/resources.ts), the OpenAPI
 * component schemas from the schemas its versions carry (discovery/openapi.ts), admission plugins
 * are installed by the names listed here (apiserver/start.ts), and bodies are decoded with the
 * shape named here (handlers/scheme.ts).
 */
export interface ResourceDefinition {
  readonly groupResource: GroupResource;
  readonly groupKind: GroupKind;
  readonly kind: string;
  readonly listKind: string;
  readonly namespaced: boolean;
  readonly names: ResourceNames;
  /** Verbs discovery lists, in kube-apiserver's alphabetical order; absent: every verb of a stored resource. */
  readonly verbs?: readonly string[];
  /** Subresources served by a handler of their own (serviceaccounts/token), listed beside those of `subresources`. */
  readonly handledSubresources?: readonly SubresourceRow[];
  /**
   * Admission plugins of this resource, by name, after NamespaceLifecycle which every resource
   * has (apiserver/start.ts knows the names).
   */
  readonly admission?: readonly string[];
  /** How a body of `kind` decodes, strictly, from JSON, YAML and protobuf; absent: as any JSON object. */
  readonly shape?: MessageShape;
  /** Versions served, storage version first. */
  readonly versions: readonly ServedVersion[];
  readonly strategy: Strategy;
  /** Write strategies of subresources (`status`, `approval`). */
  readonly subresources: Readonly<Record<string, Strategy>>;
  /** The fields a field selector may name. */
  readonly selectableFieldNames: readonly string[];
  /** Their values for one object. */
  selectableFields(obj: ApiObject): Record<string, string>;
  /** Server-side Table columns and rows for `kubectl get`. */
  readonly table: TableConvertor;
  /**
   * Objects of other resources an update of this one creates in the same commit, all or none (a
   * certificate written into a CSR and its IssuedCertificate), given the object as it is about to
   * be stored and as it was.
   */
  readonly companions?: (next: ApiObject, current: ApiObject) => readonly Companion[];
}

/** An object made along with an update of another (ResourceDefinition.companions). */
export interface Companion {
  readonly groupResource: GroupResource;
  /** Name (and namespace) set; the registry gives it a uid and creation time. */
  readonly object: ApiObject;
}

/** A column of a Table. */
export interface TableColumn {
  readonly name: string;
  readonly type: string;
  readonly format: string;
  readonly description: string;
  readonly priority: number;
}

/** Turns objects into Table rows. */
export interface TableConvertor {
  readonly columns: readonly TableColumn[];
  cells(obj: ApiObject, now: Date): unknown[];
}
