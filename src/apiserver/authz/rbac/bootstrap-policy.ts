// The default ClusterRoles and ClusterRoleBindings kube-apiserver bootstraps, those that matter to a
// certificate authority, plus the binding that gives signet's controllers (user
// system:kube-controller-manager) the certificate controller's role.
// Mirrors kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy/{policy,controller_policy}.go (1.32).

import type { ClusterRole, PolicyRule, RoleBinding, Subject } from '../../../api/rbac/types.js';
import { rbacGroup } from '../../../api/rbac/types.js';

const read = ['get', 'list', 'watch'];
const write = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const readWrite = [...read, ...write];
const core = '';
const certificates = 'certificates.k8s.io';
const authorization = 'authorization.k8s.io';
const authentication = 'authentication.k8s.io';
const coordination = 'coordination.k8s.io';

function rule(verbs: string[], groups: string[], resources: string[], names: string[] = []): PolicyRule {
  return { verbs, apiGroups: groups, resources, ...(names.length > 0 ? { resourceNames: names } : {}) };
}

function urls(verbs: string[], nonResourceURLs: string[]): PolicyRule {
  return { verbs, nonResourceURLs };
}

const eventsRule = rule(['create', 'update', 'patch'], [core, 'events.k8s.io'], ['events']);

/** Labels and annotation every bootstrapped object carries. */
const bootstrapLabels = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
/** Reconciliation keeps an object up to date unless this annotation says "false". */
export const autoUpdateAnnotation = 'rbac.authorization.kubernetes.io/autoupdate';

function clusterRole(name: string, rules: PolicyRule[], extra: Partial<ClusterRole> & { labels?: Record<string, string> } = {}): ClusterRole {
  const { labels, ...rest } = extra;
  return {
    metadata: { name, labels: { ...bootstrapLabels, ...labels }, annotations: { [autoUpdateAnnotation]: 'true' } },
    rules,
    ...rest,
  };
}

const aggregate = (to: string): ClusterRole['aggregationRule'] => ({ clusterRoleSelectors: [{ matchLabels: { [`rbac.authorization.k8s.io/aggregate-to-${to}`]: 'true' } }] });
const aggregateTo = (to: string): Record<string, string> => ({ [`rbac.authorization.k8s.io/aggregate-to-${to}`]: 'true' });

function approver(name: string, signer: string): ClusterRole {
  return clusterRole(`system:certificates.k8s.io:${name}`, [rule(['approve'], [certificates], ['signers'], [signer])]);
}

/** The default ClusterRoles. */
export function bootstrapClusterRoles(): ClusterRole[] {
  return [
    clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])]),
    clusterRole('system:discovery', [urls(['get'], ['/livez', '/readyz', '/healthz', '/version', '/version/', '/openapi', '/openapi/*', '/api', '/api/*', '/apis', '/apis/*'])]),
    clusterRole('system:monitoring', [urls(['get'], ['/metrics', '/metrics/slis', '/livez', '/readyz', '/healthz', '/livez/*', '/readyz/*', '/healthz/*'])]),
    clusterRole('system:basic-user', [
      rule(['create'], [authorization], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
      rule(['create'], [authentication], ['selfsubjectreviews']),
    ]),
    clusterRole('system:public-info-viewer', [urls(['get'], ['/livez', '/readyz', '/healthz', '/version', '/version/'])]),
    // Anyone may ask to revoke; admission lets a client certificate revoke only itself without verb revoke on the signer.
    clusterRole('signet:certificate-revocation-requester', [rule(['create'], ['certificates.signet.dev'], ['certificaterevocations'])]),
    clusterRole('admin', [], { aggregationRule: aggregate('admin') }),
    clusterRole('edit', [], { aggregationRule: aggregate('edit'), labels: aggregateTo('admin') }),
    clusterRole('view', [], { aggregationRule: aggregate('view'), labels: aggregateTo('edit') }),
    clusterRole('system:aggregate-to-admin', [
      rule(['create'], [authorization], ['localsubjectaccessreviews']),
      rule(readWrite, [rbacGroup], ['roles', 'rolebindings']),
    ], { labels: aggregateTo('admin') }),
    clusterRole('system:aggregate-to-edit', [
      rule(read, [core], ['pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward', 'secrets', 'services/proxy']),
      rule(['impersonate'], [core], ['serviceaccounts']),
      rule(write, [core], ['pods', 'pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward']),
      rule(['create'], [core], ['pods/eviction']),
      rule(write, [core], ['replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/proxy', 'persistentvolumeclaims', 'configmaps', 'secrets', 'events']),
      rule(['create'], [core], ['serviceaccounts/token']),
      rule(readWrite, [coordination], ['leases']),
    ], { labels: aggregateTo('edit') }),
    clusterRole('system:aggregate-to-view', [
      rule(read, [core], ['pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'configmaps']),
      rule(read, [core], ['limitranges', 'resourcequotas', 'bindings', 'events', 'pods/status', 'resourcequotas/status', 'namespaces/status', 'replicationcontrollers/status', 'pods/log']),
      rule(read, [core], ['namespaces']),
    ], { labels: aggregateTo('view') }),
    clusterRole('system:node-bootstrapper', [rule(['create', 'get', 'list', 'watch'], [certificates], ['certificatesigningrequests'])]),
    clusterRole('system:certificates.k8s.io:certificatesigningrequests:nodeclient', [rule(['create'], [certificates], ['certificatesigningrequests/nodeclient'])]),
    clusterRole('system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', [rule(['create'], [certificates], ['certificatesigningrequests/selfnodeclient'])]),
    approver('kube-apiserver-client-approver', 'kubernetes.io/kube-apiserver-client'),
    approver('kube-apiserver-client-kubelet-approver', 'kubernetes.io/kube-apiserver-client-kubelet'),
    approver('kubelet-serving-approver', 'kubernetes.io/kubelet-serving'),
    approver('legacy-unknown-approver', 'kubernetes.io/legacy-unknown'),
    clusterRole('system:kube-controller-manager', [
      eventsRule,
      rule(['create'], [coordination], ['leases']),
      rule(['get', 'update'], [coordination], ['leases'], ['kube-controller-manager']),
      rule(['create'], [core], ['endpoints']),
      rule(['get', 'update'], [core], ['endpoints'], ['kube-controller-manager']),
      rule(['create'], [core], ['secrets', 'serviceaccounts']),
      rule(['delete'], [core], ['secrets']),
      rule(['get'], [core], ['namespaces', 'secrets', 'serviceaccounts', 'configmaps']),
      rule(['update'], [core], ['secrets', 'serviceaccounts']),
      rule(['create'], [authentication], ['tokenreviews']),
      rule(['create'], [authorization], ['subjectaccessreviews']),
      rule(['list', 'watch'], ['*'], ['*']),
      rule(['create'], [core], ['serviceaccounts/token']),
    ]),
    clusterRole('system:controller:certificate-controller', [
      rule(['get', 'list', 'watch', 'delete'], [certificates], ['certificatesigningrequests']),
      rule(['update'], [certificates], ['certificatesigningrequests/status', 'certificatesigningrequests/approval']),
      rule(['approve'], [certificates], ['signers'], ['kubernetes.io/kube-apiserver-client-kubelet']),
      rule(['sign'], [certificates], ['signers'], ['kubernetes.io/legacy-unknown', 'kubernetes.io/kube-apiserver-client', 'kubernetes.io/kube-apiserver-client-kubelet', 'kubernetes.io/kubelet-serving']),
      rule(['create'], [authorization], ['subjectaccessreviews']),
      eventsRule,
    ]),
  ];
}

const group = (name: string): Subject => ({ kind: 'Group', apiGroup: rbacGroup, name });
const user = (name: string): Subject => ({ kind: 'User', apiGroup: rbacGroup, name });
const serviceAccount = (namespace: string, name: string): Subject => ({ kind: 'ServiceAccount', name, namespace });

function binding(name: string, role: string, subjects: Subject[]): RoleBinding {
  return {
    metadata: { name, labels: { ...bootstrapLabels }, annotations: { [autoUpdateAnnotation]: 'true' } },
    roleRef: { apiGroup: rbacGroup, kind: 'ClusterRole', name: role },
    subjects,
  };
}

/**
 * The default ClusterRoleBindings. system:discovery is bound to unauthenticated users too, as
 * signet's issue asks (anonymous may read discovery); Kubernetes since 1.14 binds it to
 * system:authenticated only.
 */
export function bootstrapClusterRoleBindings(): RoleBinding[] {
  return [
    binding('cluster-admin', 'cluster-admin', [group('system:masters')]),
    binding('system:monitoring', 'system:monitoring', [group('system:monitoring')]),
    binding('system:discovery', 'system:discovery', [group('system:authenticated'), group('system:unauthenticated')]),
    binding('system:basic-user', 'system:basic-user', [group('system:authenticated')]),
    binding('system:public-info-viewer', 'system:public-info-viewer', [group('system:authenticated'), group('system:unauthenticated')]),
    binding('signet:certificate-revocation-requester', 'signet:certificate-revocation-requester', [group('system:authenticated')]),
    binding('system:kube-controller-manager', 'system:kube-controller-manager', [user('system:kube-controller-manager')]),
    binding('system:controller:certificate-controller', 'system:controller:certificate-controller', [serviceAccount('kube-system', 'certificate-controller')]),
    // signet runs the certificate controllers in-process as system:kube-controller-manager.
    binding('signet:controller:certificate-controller', 'system:controller:certificate-controller', [user('system:kube-controller-manager')]),
  ];
}
