// Wire shapes (JSON field names, as kube-apiserver serves them) of the metadata, status and table
// objects every resource shares, and of Events. Mirrors `k8s.io/apimachinery/pkg/apis/meta/v1/types.go`.
// Each resource's own types live in its folder (certificates/, core/, rbac/, ...).
//
// Objects are plain JSON values: timestamps are RFC 3339 strings, exactly as they travel and are stored.

/** kind and apiVersion, present on every top-level object. */
export interface TypeMeta {
  kind?: string;
  apiVersion?: string;
}

/** A reference from an object to its owner. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** One field manager's record of what it set (server-side apply bookkeeping). */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  /** The FieldsV1 tree of the fields this manager owns (apiserver/registry/field-ownership.ts). */
  fieldsV1?: unknown;
  subresource?: string;
}

/** Standard object metadata. */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  selfLink?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string | null;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
}

/** List metadata. */
export interface ListMeta {
  selfLink?: string;
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

/** A list of objects of one kind (`CertificateSigningRequestList`, ...). */
export interface List<T> extends TypeMeta {
  metadata: ListMeta;
  items: T[];
}

/** The identity an authenticator produced; feeds `spec.username/uid/groups/extra`. */
export interface UserInfo {
  username: string;
  uid?: string;
  groups?: readonly string[];
  extra?: Readonly<Record<string, readonly string[]>>;
}

/** One machine-readable reason inside a Status (a field error, usually). */
export interface StatusCause {
  /** Go's CauseType, e.g. `FieldValueInvalid`. */
  reason?: string;
  message?: string;
  field?: string;
}

/** Extra detail of a failed Status. */
export interface StatusDetails {
  name?: string;
  group?: string;
  /** For most errors the resource name (`certificatesigningrequests`); for Invalid the kind. */
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** `v1` Status, the body of every error response. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: ListMeta;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** A reference to an object, as events use it. */
export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

/** Core v1 Event (what `kubectl describe` lists). */
export interface Event extends TypeMeta {
  metadata: ObjectMeta;
  involvedObject: ObjectReference;
  reason?: string;
  message?: string;
  source?: { component?: string; host?: string };
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  count?: number;
  type?: 'Normal' | 'Warning' | (string & {});
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string };
  action?: string;
  related?: ObjectReference;
  reportingComponent?: string;
  reportingInstance?: string;
}

/** A column of a server-side Table. */
export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** A row: the cells, and optionally the object (PartialObjectMetadata by default). */
export interface TableRow {
  cells: unknown[];
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
  object?: unknown;
}

/** `meta.k8s.io/v1` Table. */
export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ListMeta;
  columnDefinitions?: TableColumnDefinition[];
  rows: TableRow[];
}

/** `meta.k8s.io/v1` PartialObjectMetadata, the default row object of a Table. */
export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ObjectMeta;
}
