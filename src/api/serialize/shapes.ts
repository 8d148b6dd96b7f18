// The known fields of every kind signet decodes, as data: JSON name, protobuf number, Go struct name.
// One table feeds both the strict JSON/YAML field check and the protobuf decoder, so they cannot drift.
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

function msg(go: string, fields: FieldShape[]): MessageShape {
  return { kind: 'message', go, fields };
}

const f = (name: string, num: number, shape: Shape, extra: Partial<FieldShape> = {}): FieldShape => ({ name, num, shape, ...extra });
const list = (name: string, num: number, shape: Shape): FieldShape => ({ name, num, shape, repeated: true });
const stringMap: MapShape = { kind: 'map', go: 'map[string]string', values: 'string' };
const extraMap: MapShape = { kind: 'map', go: 'map[string]ExtraValue', values: 'extraValue' };

const ownerReference = msg('OwnerReference', [
  f('apiVersion', 5, 'string'), f('kind', 1, 'string'), f('name', 3, 'string'), f('uid', 4, 'string'),
  f('controller', 6, 'bool', { presence: true }), f('blockOwnerDeletion', 7, 'bool', { presence: true }),
]);

const managedFieldsEntry = msg('ManagedFieldsEntry', [
  f('manager', 1, 'string'), f('operation', 2, 'string'), f('apiVersion', 3, 'string'), f('time', 4, 'time'),
  f('fieldsType', 6, 'string'), f('fieldsV1', 7, 'raw'), f('subresource', 8, 'string'),
]);

/** metav1.ObjectMeta. */
export const objectMetaShape = msg('ObjectMeta', [
  f('name', 1, 'string'), f('generateName', 2, 'string'), f('namespace', 3, 'string'), f('selfLink', 4, 'string'),
  f('uid', 5, 'string'), f('resourceVersion', 6, 'string'), f('generation', 7, 'int64'),
  f('creationTimestamp', 8, 'time'), f('deletionTimestamp', 9, 'time'),
  f('deletionGracePeriodSeconds', 10, 'int64', { presence: true }),
  f('labels', 11, stringMap), f('annotations', 12, stringMap),
  list('ownerReferences', 13, ownerReference), list('finalizers', 14, 'string'), list('managedFields', 17, managedFieldsEntry),
]);

const typeMeta = [f('kind', 1001, 'string'), f('apiVersion', 1002, 'string')];

// Top-level kinds: TypeMeta fields exist only in JSON (protobuf carries them in runtime.Unknown).
function kind(go: string, fields: FieldShape[]): MessageShape {
  return msg(go, [...typeMeta, f('metadata', 1, objectMetaShape), ...fields]);
}

const csrCondition = msg('CertificateSigningRequestCondition', [
  f('type', 1, 'string'), f('status', 6, 'string'), f('reason', 2, 'string'), f('message', 3, 'string'),
  f('lastUpdateTime', 4, 'time'), f('lastTransitionTime', 5, 'time'),
]);

/** meta/v1 DeleteOptions, the body of a DELETE. */
export const deleteOptionsShape = msg('DeleteOptions', [
  ...typeMeta, f('gracePeriodSeconds', 1, 'int64', { presence: true }),
  f('preconditions', 2, msg('Preconditions', [f('uid', 1, 'string'), f('resourceVersion', 2, 'string')])),
  f('orphanDependents', 3, 'bool', { presence: true }), f('propagationPolicy', 4, 'string'), list('dryRun', 5, 'string'),
  f('ignoreStoreReadErrorWithClusterBreakingPotential', 6, 'bool', { presence: true }),
]);

const objectReference = msg('ObjectReference', [
  f('kind', 1, 'string'), f('namespace', 2, 'string'), f('name', 3, 'string'), f('uid', 4, 'string'),
  f('apiVersion', 5, 'string'), f('resourceVersion', 6, 'string'), f('fieldPath', 7, 'string'),
]);

/** core/v1 Event (k8s.io/api/core/v1 generated.proto). */
export const eventShape = kind('Event', [
  f('involvedObject', 2, objectReference), f('reason', 3, 'string'), f('message', 4, 'string'),
  f('source', 5, msg('EventSource', [f('component', 1, 'string'), f('host', 2, 'string')])),
  f('firstTimestamp', 6, 'time'), f('lastTimestamp', 7, 'time'), f('count', 8, 'int32'), f('type', 9, 'string'),
  f('eventTime', 10, 'time'), f('series', 11, msg('EventSeries', [f('count', 1, 'int32'), f('lastObservedTime', 2, 'time')])),
  f('action', 12, 'string'), f('related', 13, objectReference), f('reportingComponent', 14, 'string'), f('reportingInstance', 15, 'string'),
]);

/** coordination.k8s.io/v1 Lease. */
export const leaseShape = kind('Lease', [f('spec', 2, msg('LeaseSpec', [
  f('holderIdentity', 1, 'string', { presence: true }), f('leaseDurationSeconds', 2, 'int32', { presence: true }),
  f('acquireTime', 3, 'time'), f('renewTime', 4, 'time'), f('leaseTransitions', 5, 'int32', { presence: true }),
  f('strategy', 6, 'string', { presence: true }), f('preferredHolder', 7, 'string', { presence: true }),
]))]);

/** certificates.k8s.io/v1beta1 (and v1alpha1) ClusterTrustBundle. */
export const clusterTrustBundleShape = kind('ClusterTrustBundle', [f('spec', 2, msg('ClusterTrustBundleSpec', [f('signerName', 1, 'string'), f('trustBundle', 2, 'string')]))]);

/** certificates.k8s.io/v1 (and v1beta1, which has the same fields) CertificateSigningRequest. */
export const csrShape = kind('CertificateSigningRequest', [
  f('spec', 2, msg('CertificateSigningRequestSpec', [
    f('request', 1, 'bytes'), f('signerName', 7, 'string', { presence: true }), f('expirationSeconds', 8, 'int32', { presence: true }),
    list('usages', 5, 'keyUsage'), f('username', 2, 'string'), f('uid', 3, 'string'), list('groups', 4, 'string'), f('extra', 6, extraMap),
  ])),
  f('status', 3, msg('CertificateSigningRequestStatus', [list('conditions', 1, csrCondition), f('certificate', 2, 'bytes')])),
]);

/** core/v1 Namespace. */
export const namespaceShape = kind('Namespace', [
  f('spec', 2, msg('NamespaceSpec', [list('finalizers', 1, 'string')])),
  f('status', 3, msg('NamespaceStatus', [
    f('phase', 1, 'string'),
    list('conditions', 2, msg('NamespaceCondition', [
      f('type', 1, 'string'), f('status', 2, 'string'), f('lastTransitionTime', 4, 'time'), f('reason', 5, 'string'), f('message', 6, 'string'),
    ])),
  ])),
]);

/** core/v1 ServiceAccount. */
export const serviceAccountShape = kind('ServiceAccount', [
  list('secrets', 2, objectReference),
  list('imagePullSecrets', 3, msg('LocalObjectReference', [f('name', 1, 'string')])),
  f('automountServiceAccountToken', 4, 'bool', { presence: true }),
]);

/** authentication.k8s.io/v1 TokenRequest. */
export const tokenRequestShape = kind('TokenRequest', [
  f('spec', 2, msg('TokenRequestSpec', [
    list('audiences', 1, 'string'), f('expirationSeconds', 4, 'int64', { presence: true }),
    f('boundObjectRef', 3, msg('BoundObjectReference', [f('kind', 1, 'string'), f('apiVersion', 2, 'string'), f('name', 3, 'string'), f('uid', 4, 'string')])),
  ])),
  f('status', 3, msg('TokenRequestStatus', [f('token', 1, 'string'), f('expirationTimestamp', 2, 'time')])),
]);

const userInfo = msg('UserInfo', [f('username', 1, 'string'), f('uid', 2, 'string'), list('groups', 3, 'string'), f('extra', 4, extraMap)]);

/** authentication.k8s.io/v1 SelfSubjectReview. */
export const selfSubjectReviewShape = kind('SelfSubjectReview', [f('status', 2, msg('SelfSubjectReviewStatus', [f('userInfo', 1, userInfo)]))]);

const requirement = (go: string): MessageShape => msg(go, [f('key', 1, 'string'), f('operator', 2, 'string'), list('values', 3, 'string')]);

/** authorization.k8s.io/v1 SelfSubjectAccessReview. */
export const selfSubjectAccessReviewShape = kind('SelfSubjectAccessReview', [
  f('spec', 2, msg('SelfSubjectAccessReviewSpec', [
    f('resourceAttributes', 1, msg('ResourceAttributes', [
      f('namespace', 1, 'string'), f('verb', 2, 'string'), f('group', 3, 'string'), f('version', 4, 'string'),
      f('resource', 5, 'string'), f('subresource', 6, 'string'), f('name', 7, 'string'),
      f('fieldSelector', 8, msg('FieldSelectorAttributes', [f('rawSelector', 1, 'string'), list('requirements', 2, requirement('FieldSelectorRequirement'))])),
      f('labelSelector', 9, msg('LabelSelectorAttributes', [f('rawSelector', 1, 'string'), list('requirements', 2, requirement('LabelSelectorRequirement'))])),
    ]), { presence: true }),
    f('nonResourceAttributes', 2, msg('NonResourceAttributes', [f('path', 1, 'string'), f('verb', 2, 'string')]), { presence: true }),
  ])),
  f('status', 3, msg('SubjectAccessReviewStatus', [
    f('allowed', 1, 'bool'), f('denied', 4, 'bool'), f('reason', 2, 'string'), f('evaluationError', 3, 'string'),
  ])),
]);

const policyRule = msg('PolicyRule', [
  list('verbs', 1, 'string'), list('apiGroups', 2, 'string'), list('resources', 3, 'string'),
  list('resourceNames', 4, 'string'), list('nonResourceURLs', 5, 'string'),
]);
const labelSelector = msg('LabelSelector', [f('matchLabels', 1, stringMap), list('matchExpressions', 2, requirement('LabelSelectorRequirement'))]);
const subject = msg('Subject', [f('kind', 1, 'string'), f('apiGroup', 2, 'string'), f('name', 3, 'string'), f('namespace', 4, 'string')]);
const roleRef = msg('RoleRef', [f('apiGroup', 1, 'string'), f('kind', 2, 'string'), f('name', 3, 'string')]);

/** rbac.authorization.k8s.io/v1 Role. */
export const roleShape = kind('Role', [list('rules', 2, policyRule)]);
/** rbac.authorization.k8s.io/v1 ClusterRole. */
export const clusterRoleShape = kind('ClusterRole', [
  list('rules', 2, policyRule),
  f('aggregationRule', 3, msg('AggregationRule', [list('clusterRoleSelectors', 1, labelSelector)]), { presence: true }),
]);
/** rbac.authorization.k8s.io/v1 RoleBinding. */
export const roleBindingShape = kind('RoleBinding', [list('subjects', 2, subject), f('roleRef', 3, roleRef)]);
/** rbac.authorization.k8s.io/v1 ClusterRoleBinding. */
export const clusterRoleBindingShape = kind('ClusterRoleBinding', [list('subjects', 2, subject), f('roleRef', 3, roleRef)]);

/**
 * signet.dev/v1alpha1 CertificateApprovalPolicy. It has no protobuf form (clients send JSON or
 * YAML); the numbers only keep the table's shape.
 */
export const approvalPolicyShape = kind('CertificateApprovalPolicy', [f('spec', 2, msg('CertificateApprovalPolicySpec', [
  f('signerName', 1, 'string'),
  f('requestors', 2, msg('Requestors', [list('users', 1, 'string'), list('groups', 2, 'string'), list('serviceAccounts', 3, 'string')])),
  f('commonName', 3, 'string'), list('organizations', 4, 'string'), f('organizationsFrom', 5, 'string'), list('usages', 6, 'string'),
  f('maxDuration', 7, 'string'),
  f('subjectAltNames', 8, msg('SubjectAltNameRules', [list('dns', 1, 'string'), f('ips', 2, 'bool'), f('emails', 3, 'bool'), f('uris', 4, 'bool')])),
]))]);

const bytesMap: MapShape = { kind: 'map', go: 'map[string][]uint8', values: 'bytes' };

/** core/v1 Secret (kubectl create secret sends it as protobuf). */
export const secretShape = kind('Secret', [f('data', 2, bytesMap), f('type', 3, 'string'), f('stringData', 4, stringMap), f('immutable', 5, 'bool', { presence: true })]);
/** core/v1 ConfigMap (kubectl create configmap sends it as protobuf). */
export const configMapShape = kind('ConfigMap', [f('data', 2, stringMap), f('binaryData', 3, bytesMap), f('immutable', 4, 'bool', { presence: true })]);


/** The shape's field with this JSON name. */
export function fieldByName(shape: MessageShape, name: string): FieldShape | undefined {
  return shape.fields.find((x) => x.name === name);
}
