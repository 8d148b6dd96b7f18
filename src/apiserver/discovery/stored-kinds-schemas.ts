// OpenAPI schemas for the core, RBAC and coordination kinds signet stores: Namespace, ServiceAccount,
// Secret, ConfigMap, Pod, Lease, Role, ClusterRole, RoleBinding, ClusterRoleBinding and their lists.
// Mirrors io.k8s.api.{core,rbac,coordination}.v1.* of kube-apiserver 1.32 (fields kubectl uses; descriptions abridged).

import { LIST_META, MICRO_TIME, OBJECT_META } from './meta-schemas.js';
import {
  array, bool, gvkExtension, int, object, refField, refItem, str, stringMap, STRING_ITEM, typeMetaProperties, type Schema,
  type SchemaMap,
} from './schema-kit.js';

const CORE = 'io.k8s.api.core.v1';
const RBAC = 'io.k8s.api.rbac.v1';
const COORD = 'io.k8s.api.coordination.v1';
const META_DOC = 'Standard object\'s metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

interface KindDoc {
  readonly pkg: string;
  readonly group: string;
  readonly kind: string;
  readonly description: string;
  readonly properties: Record<string, Schema>;
  readonly required?: readonly string[];
  /** Defaults to v1. */
  readonly version?: string;
}

function top(k: KindDoc): SchemaMap {
  const tm = typeMetaProperties();
  return {
    [`${k.pkg}.${k.kind}`]: object(k.description, {
      apiVersion: tm.apiVersion!, kind: tm.kind!, metadata: refField(OBJECT_META, { default: {}, description: META_DOC }), ...k.properties,
    }, k.required ?? [], gvkExtension({ group: k.group, kind: k.kind, version: k.version ?? 'v1' })),
    [`${k.pkg}.${k.kind}List`]: object(`${k.kind}List is a list of ${k.kind} objects.`, {
      apiVersion: tm.apiVersion!, items: array(refItem(`${k.pkg}.${k.kind}`), `Items is a list of ${k.kind} objects.`), kind: tm.kind!,
      metadata: refField(LIST_META, { default: {}, description: 'Standard list metadata.' }),
    }, ['items'], gvkExtension({ group: k.group, kind: `${k.kind}List`, version: k.version ?? 'v1' })),
  };
}

const strings = (d: string): Schema => array(STRING_ITEM, d, { 'x-kubernetes-list-type': 'atomic' });
const bytesMap = (d: string): Schema => ({ additionalProperties: { format: 'byte', type: 'string' }, description: d, type: 'object' });

function rbacSchemas(): SchemaMap {
  const rules = array(refItem(`${RBAC}.PolicyRule`), 'Rules holds all the PolicyRules for this Role', { 'x-kubernetes-list-type': 'atomic' });
  const subjects = array(refItem(`${RBAC}.Subject`), 'Subjects holds references to the objects the role applies to.', { 'x-kubernetes-list-type': 'atomic' });
  const roleRef = refField(`${RBAC}.RoleRef`, { default: {}, description: 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.' });
  return {
    ...top({ pkg: RBAC, group: 'rbac.authorization.k8s.io', kind: 'Role', description: 'Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.', properties: { rules } }),
    ...top({ pkg: RBAC, group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', description: 'ClusterRole is a cluster level, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding or ClusterRoleBinding.', properties: {
      aggregationRule: refField(`${RBAC}.AggregationRule`, { description: 'AggregationRule is an optional field that describes how to build the Rules for this ClusterRole. If AggregationRule is set, then the Rules are controller managed and direct changes to Rules will be stomped by the controller.' }),
      rules,
    } }),
    ...top({ pkg: RBAC, group: 'rbac.authorization.k8s.io', kind: 'RoleBinding', description: 'RoleBinding references a role, but does not contain it.  It can reference a Role in the same namespace or a ClusterRole in the global namespace.', properties: { roleRef, subjects }, required: ['roleRef'] }),
    ...top({ pkg: RBAC, group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding', description: 'ClusterRoleBinding references a ClusterRole, but not contain it.  It can reference a ClusterRole in the global namespace, and adds who information via Subject.', properties: { roleRef, subjects }, required: ['roleRef'] }),
    [`${RBAC}.PolicyRule`]: object('PolicyRule holds information that describes a policy rule, but does not contain information about who the rule applies to or which namespace the rule applies to.', {
      apiGroups: strings('APIGroups is the name of the APIGroup that contains the resources.'),
      nonResourceURLs: strings('NonResourceURLs is a set of partial urls that a user should have access to.'),
      resourceNames: strings('ResourceNames is an optional white list of names that the rule applies to.'),
      resources: strings('Resources is a list of resources this rule applies to.  \'*\' represents all resources.'),
      verbs: strings('Verbs is a list of Verbs that apply to ALL the ResourceKinds contained in this rule. \'*\' represents all verbs.'),
    }, ['verbs']),
    [`${RBAC}.AggregationRule`]: object('AggregationRule describes how to locate ClusterRoles to aggregate into the ClusterRole', {
      clusterRoleSelectors: array({ additionalProperties: true, type: 'object' }, 'ClusterRoleSelectors holds a list of selectors which will be used to find ClusterRoles and create the rules.', { 'x-kubernetes-list-type': 'atomic' }),
    }),
    [`${RBAC}.Subject`]: object('Subject contains a reference to the object or user identities a role binding applies to.', {
      apiGroup: str('APIGroup holds the API group of the referenced subject.'), kind: str('Kind of object being referenced.', { default: '' }),
      name: str('Name of the object being referenced.', { default: '' }), namespace: str('Namespace of the referenced object.'),
    }, ['kind', 'name'], { 'x-kubernetes-map-type': 'atomic' }),
    [`${RBAC}.RoleRef`]: object('RoleRef contains information that points to the role being used', {
      apiGroup: str('APIGroup is the group for the resource being referenced', { default: '' }), kind: str('Kind is the type of resource being referenced', { default: '' }),
      name: str('Name is the name of resource being referenced', { default: '' }),
    }, ['apiGroup', 'kind', 'name'], { 'x-kubernetes-map-type': 'atomic' }),
  };
}

function coreKindSchemas(): SchemaMap {
  const open: Schema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  return {
    ...top({ pkg: CORE, group: '', kind: 'Namespace', description: 'Namespace provides a scope for Names. Use of multiple namespaces is optional.', properties: {
      spec: { ...open, description: 'Spec defines the behavior of the Namespace.', properties: { finalizers: strings('Finalizers is an opaque list of values that must be empty to permanently remove object from storage.') } },
      status: { ...open, description: 'Status describes the current status of a Namespace.', properties: { phase: str('Phase is the current lifecycle phase of the namespace.') } },
    } }),
    ...top({ pkg: CORE, group: '', kind: 'ServiceAccount', description: 'ServiceAccount binds together: * a name, understood by users, and perhaps by peripheral systems, for an identity * a principal that can be authenticated and authorized * a set of secrets', properties: {
      automountServiceAccountToken: bool('AutomountServiceAccountToken indicates whether pods running as this service account should have an API token automatically mounted.'),
      imagePullSecrets: array({ ...open }, 'ImagePullSecrets is a list of references to secrets in the same namespace to use for pulling any images in pods that reference this ServiceAccount.', { 'x-kubernetes-list-type': 'atomic' }),
      secrets: array({ ...open }, 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.', { 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' }),
    } }),
    ...top({ pkg: CORE, group: '', kind: 'Secret', description: 'Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.', properties: {
      data: bytesMap('Data contains the secret data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'.'),
      immutable: bool('Immutable, if set to true, ensures that data stored in the Secret cannot be updated (only object metadata can be modified).'),
      stringData: stringMap('stringData allows specifying non-binary secret data in string form. It is provided as a write-only input field for convenience.'),
      type: str('Used to facilitate programmatic handling of secret data.'),
    } }),
    ...top({ pkg: CORE, group: '', kind: 'ConfigMap', description: 'ConfigMap holds configuration data for pods to consume.', properties: {
      binaryData: bytesMap('BinaryData contains the binary data.'),
      data: stringMap('Data contains the configuration data.'),
      immutable: bool('Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated (only object metadata can be modified).'),
    } }),
    ...top({ pkg: CORE, group: '', kind: 'Pod', description: 'Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.', properties: {
      spec: { ...open, description: 'Specification of the desired behavior of the pod.' },
      status: { ...open, description: 'Most recently observed status of the pod.' },
    } }),
  };
}

function leaseSchemas(): SchemaMap {
  return {
    ...top({ pkg: COORD, group: 'coordination.k8s.io', kind: 'Lease', description: 'Lease defines a lease concept.', properties: {
      spec: object('LeaseSpec is a specification of a Lease.', {
        acquireTime: refField(MICRO_TIME, { description: 'acquireTime is a time when the current lease was acquired.' }),
        holderIdentity: str('holderIdentity contains the identity of the holder of a current lease.'),
        leaseDurationSeconds: int('int32', 'leaseDurationSeconds is a duration that candidates for a lease need to wait to force acquire it.'),
        leaseTransitions: int('int32', 'leaseTransitions is the number of transitions of a lease between holders.'),
        preferredHolder: str('PreferredHolder signals to a lease holder that the lease has a more optimal holder and should be given up.'),
        renewTime: refField(MICRO_TIME, { description: 'renewTime is a time when the current holder of a lease has last updated the lease.' }),
        strategy: str('Strategy indicates the strategy for picking the leader for coordinated leader election.'),
      }),
    } }),
  };
}

function trustBundleSchemas(version: string): SchemaMap {
  return top({ pkg: `io.k8s.api.certificates.${version}`, group: 'certificates.k8s.io', version, kind: 'ClusterTrustBundle',
    description: 'ClusterTrustBundle is a cluster-scoped container for X.509 trust anchors (root certificates).', required: ['spec'], properties: {
      spec: object('ClusterTrustBundleSpec contains the signer and trust anchors.', {
        signerName: str('signerName indicates the associated signer, if any. In order to create or update a ClusterTrustBundle that sets signerName, you must have the following cluster-scoped permission: group=certificates.k8s.io resource=signers resourceName=<the signer name> verb=attest.'),
        trustBundle: str('trustBundle contains the individual X.509 trust anchors for this bundle, as PEM bundle of PEM-wrapped, DER-formatted X.509 certificates.'),
      }, ['trustBundle']),
    } });
}

function approvalPolicySchemas(): SchemaMap {
  const flag = (d: string): Schema => bool(d);
  return top({ pkg: 'dev.signet.v1alpha1', group: 'signet.dev', version: 'v1alpha1', kind: 'CertificateApprovalPolicy',
    description: 'CertificateApprovalPolicy tells signet\'s policy approver which certificate signing requests to approve on its own: those of the named requestors for the named signer whose subject, names, usages and duration pass every rule. A request of those requestors that breaks a rule is denied, naming the rule; requests no policy is for stay pending for a person.',
    required: ['spec'], properties: {
      spec: object('CertificateApprovalPolicySpec holds the rules.', {
        signerName: str('signerName is the signer whose requests this policy decides, e.g. kubernetes.io/kube-apiserver-client.'),
        requestors: object('requestors are the users, groups and service accounts the policy is for; at least one.', {
          users: strings('users are user names.'),
          groups: strings('groups are group names; a requestor in any of them matches.'),
          serviceAccounts: strings('serviceAccounts are "namespace/name", or "namespace/*" for every account of a namespace.'),
        }),
        commonName: str('commonName is "requestor" (the subject CN must be the requestor\'s own name; a service account\'s name for accounts) or a regular expression the CN must match. Absent: any CN.'),
        organizations: strings('organizations are the subject O values allowed. Absent and without organizationsFrom: no O allowed. Privileged groups (system:masters, system:nodes, and those the operator lists) are allowed only when named here.'),
        organizationsFrom: str('organizationsFrom takes the allowed O values from the requestor: "RequestorGroups" (its own groups) or "ServiceAccountGroups" (the groups its ServiceAccount\'s signet.dev/groups annotation lists). Not together with organizations.'),
        usages: strings('usages allowed in the request. Default: client auth, digital signature, key encipherment.'),
        maxDuration: str('maxDuration is the longest spec.expirationSeconds approved, as a Go duration such as 24h; requests without expirationSeconds are then denied.'),
        subjectAltNames: object('subjectAltNames are the names a request may carry; none by default.', {
          dns: strings('dns names allowed; "*.example.com" matches one label.'),
          ips: flag('ips allows IP addresses.'),
          emails: flag('emails allows email addresses.'),
          uris: flag('uris allows URIs.'),
        }),
      }, ['signerName', 'requestors']),
    } });
}

/** The component schemas of every stored core, RBAC, coordination, trust-bundle and signet kind. */
export function storedKindSchemas(): SchemaMap {
  return { ...coreKindSchemas(), ...rbacSchemas(), ...leaseSchemas(), ...trustBundleSchemas('v1alpha1'), ...trustBundleSchemas('v1beta1'), ...approvalPolicySchemas() };
}
