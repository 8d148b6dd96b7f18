// Wire shapes (JSON field names, as kube-apiserver serves them) of the objects signet's API layer handles.
// Mirrors `k8s.io/api/certificates/{v1,v1beta1}/types.go` and `k8s.io/apimachinery/pkg/apis/meta/v1/types.go`.
//
// Objects are plain JSON values: timestamps are RFC 3339 strings, `[]byte` fields (`spec.request`,
// `status.certificate`) are standard base64 strings, exactly as they travel and are stored.

/** The API group of CertificateSigningRequests. */
export const certificatesGroup = 'certificates.k8s.io';
/** `certificates.k8s.io/v1`. */
export const csrApiVersionV1 = 'certificates.k8s.io/v1';
/** `certificates.k8s.io/v1beta1` (served by Kubernetes 1.12–1.21). */
export const csrApiVersionV1beta1 = 'certificates.k8s.io/v1beta1';
/** The kind name. */
export const csrKind = 'CertificateSigningRequest';
/** The plural resource name used in URLs and error messages. */
export const csrResource = 'certificatesigningrequests';

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

/** A `certificates.k8s.io` key usage string (see `knownUsages` in pki/usages.ts). */
export type KeyUsage = string;

/** Condition types with a meaning to Kubernetes; other strings are allowed and ignored. */
export type RequestConditionType = 'Approved' | 'Denied' | 'Failed' | (string & {});

/** `True`, `False` or `Unknown`. */
export type ConditionStatus = 'True' | 'False' | 'Unknown' | (string & {});

/** One entry of `status.conditions`. */
export interface CertificateSigningRequestCondition {
  type: RequestConditionType;
  status: ConditionStatus;
  reason?: string;
  message?: string;
  lastUpdateTime?: string | null;
  lastTransitionTime?: string | null;
}

/** `spec` of a v1 CSR. */
export interface CertificateSigningRequestSpec {
  /** Base64 of the PEM text; absent (Go nil) differs from "" (Go empty slice) only in error rendering. */
  request?: string;
  signerName?: string;
  expirationSeconds?: number;
  usages?: KeyUsage[];
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

/** `status` of a CSR. */
export interface CertificateSigningRequestStatus {
  conditions?: CertificateSigningRequestCondition[];
  /** Base64 of the PEM chain the signer issued. */
  certificate?: string;
}

/** A `certificates.k8s.io/v1` CertificateSigningRequest. */
export interface CertificateSigningRequest extends TypeMeta {
  metadata: ObjectMeta;
  spec: CertificateSigningRequestSpec;
  status?: CertificateSigningRequestStatus;
}

/**
 * The v1beta1 shape differs only in optionality: `signerName` and `usages` may be omitted (they are
 * defaulted from the request) and a condition's `status` may be omitted (defaulted to `True`).
 */
export interface CertificateSigningRequestConditionV1beta1 extends Omit<CertificateSigningRequestCondition, 'status'> {
  status?: ConditionStatus;
}

/** v1beta1 `status`. */
export interface CertificateSigningRequestStatusV1beta1 {
  conditions?: CertificateSigningRequestConditionV1beta1[];
  certificate?: string;
}

/** A `certificates.k8s.io/v1beta1` CertificateSigningRequest. */
export interface CertificateSigningRequestV1beta1 extends TypeMeta {
  metadata: ObjectMeta;
  spec: CertificateSigningRequestSpec;
  status?: CertificateSigningRequestStatusV1beta1;
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
