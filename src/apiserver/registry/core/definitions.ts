// Core v1 Namespaces, ServiceAccounts, Secrets, ConfigMaps and Pods as stored objects.
// Mirrors kubernetes pkg/registry/core/{namespace,serviceaccount,secret,configmap,pod}/strategy.go and
// the Table columns of pkg/printers/internalversion/printers.go.

import type { ApiObject, ResourceDefinition } from '../resource.js';
import { ageColumn, column, age, simpleDefinition, nameRule } from '../simple-definition.js';
import { isDns1123Label, isDns1123Subdomain } from '../../../api/validation/names.js';
import { validateConfigMap, validateConfigMapUpdate, validatePod, validateSecret, validateSecretUpdate } from '../../../api/core/validation.js';
import type { ConfigMap, Namespace, Secret, ServiceAccount } from '../../../api/core/types.js';
import { configMapShape, namespaceShape, secretShape, serviceAccountShape } from '../../../api/core/shape.js';
import { configMapSchema, namespaceSchema, podSchema, secretSchema, serviceAccountSchema } from '../../../api/core/openapi-schema.js';

const subdomain = nameRule(isDns1123Subdomain);

/** Namespaces: DNS-label names, phase Active, the `kubernetes` finalizer and the name label. */
export const namespaceDefinition: ResourceDefinition = simpleDefinition({
  group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', namespaced: false, schema: namespaceSchema, shortNames: ['ns'], shape: namespaceShape,
  // A namespace is deleted one at a time (through finalization), never by collection.
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  nameFn: nameRule(isDns1123Label),
  prepareForCreate(_ctx, obj) {
    const ns = obj as unknown as Namespace;
    const finalizers = new Set(ns.spec?.finalizers ?? []);
    finalizers.add('kubernetes');
    ns.spec = { ...ns.spec, finalizers: [...finalizers] };
    ns.status = { phase: 'Active' };
    // The namespace defaulter always labels a namespace with its own name.
    if (ns.metadata.name) ns.metadata.labels = { ...ns.metadata.labels, 'kubernetes.io/metadata.name': ns.metadata.name };
    return obj;
  },
  prepareForUpdate(_ctx, obj, old) {
    const ns = obj as unknown as Namespace;
    const o = old as unknown as Namespace;
    ns.spec = { ...ns.spec, finalizers: o.spec?.finalizers ?? [] };
    ns.status = o.status;
    if (o.metadata.name) ns.metadata.labels = { ...ns.metadata.labels, 'kubernetes.io/metadata.name': o.metadata.name };
    return obj;
  },
  columns: [column('Status', 'The status of the namespace'), ageColumn],
  cells: (obj, now) => [(obj as unknown as Namespace).status?.phase ?? '', age(obj, now)],
});

/** ServiceAccounts. */
export const serviceAccountDefinition: ResourceDefinition = simpleDefinition({
  group: '', version: 'v1', resource: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true, schema: serviceAccountSchema, shortNames: ['sa'], shape: serviceAccountShape,
  handledSubresources: [{ name: 'token', kind: 'TokenRequest', responseGroupVersion: { group: 'authentication.k8s.io', version: 'v1' }, verbs: ['create'] }],
  nameFn: subdomain,
  columns: [column('Secrets', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), ageColumn],
  cells: (obj, now) => [(obj as unknown as ServiceAccount).secrets?.length ?? 0, age(obj, now)],
});

/** stringData is write-only: merged into data (base64), as the v1 conversion does. */
function mergeStringData(obj: ApiObject): ApiObject {
  const s = obj as unknown as Secret;
  if (s.stringData) {
    s.data = { ...s.data };
    for (const [k, v] of Object.entries(s.stringData)) s.data[k] = Buffer.from(String(v), 'utf8').toString('base64');
    delete s.stringData;
  }
  if (!s.type) s.type = 'Opaque';
  return obj;
}

/** Secrets: type defaults to Opaque and may not change. */
export const secretDefinition: ResourceDefinition = simpleDefinition({
  group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true, schema: secretSchema, admission: ['ServiceAccountTokenSecrets'], shape: secretShape,
  nameFn: subdomain,
  prepareForCreate: (_ctx, obj) => mergeStringData(obj),
  prepareForUpdate: (_ctx, obj) => mergeStringData(obj),
  validate: (obj) => validateSecret(obj as unknown as Secret),
  validateUpdate: (obj, old) => validateSecretUpdate(obj as unknown as Secret, old as unknown as Secret),
  columns: [column('Type', 'The type of the secret'), column('Data', 'The number of entries in the data'), ageColumn],
  cells: (obj, now) => {
    const s = obj as unknown as Secret;
    return [s.type ?? '', Object.keys(s.data ?? {}).length, age(obj, now)];
  },
});

/** ConfigMaps. */
export const configMapDefinition: ResourceDefinition = simpleDefinition({
  group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true, schema: configMapSchema, shortNames: ['cm'], shape: configMapShape,
  nameFn: subdomain,
  validate: (obj) => validateConfigMap(obj as unknown as ConfigMap),
  validateUpdate: (obj, old) => validateConfigMapUpdate(obj as unknown as ConfigMap, old as unknown as ConfigMap),
  columns: [column('Data', 'The number of entries in the data'), ageColumn],
  cells: (obj, now) => {
    const c = obj as unknown as ConfigMap;
    return [Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length, age(obj, now)];
  },
});

interface PodLike {
  spec?: { containers?: unknown[]; nodeName?: string };
  status?: { phase?: string; podIP?: string; containerStatuses?: { ready?: boolean; restartCount?: number }[] };
}

/** Pods: stored only (signet runs no workloads), so they stay Pending. */
export const podDefinition: ResourceDefinition = simpleDefinition({
  group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true, schema: podSchema, shortNames: ['po'], categories: ['all'],
  nameFn: subdomain,
  prepareForCreate(_ctx, obj) {
    (obj as PodLike).status = { phase: 'Pending' };
    return obj;
  },
  prepareForUpdate(_ctx, obj, old) {
    (obj as PodLike).status = (old as PodLike).status;
    return obj;
  },
  validate: (obj) => validatePod(obj as PodLike as Parameters<typeof validatePod>[0]),
  columns: [
    column('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'The aggregate status of the containers in this pod.'),
    column('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    ageColumn,
    column('IP', 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
    column('Node', 'Name of the Node to which this pod is assigned', 1),
  ],
  cells: (obj, now) => {
    const p = obj as PodLike;
    const statuses = p.status?.containerStatuses ?? [];
    const ready = statuses.filter((s) => s.ready).length;
    const restarts = statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0);
    return [`${ready}/${p.spec?.containers?.length ?? 0}`, p.status?.phase ?? '', String(restarts), age(obj, now), p.status?.podIP || '<none>', p.spec?.nodeName || '<none>'];
  },
});
