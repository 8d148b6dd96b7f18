// The `signet pki cluster` input file, resolved, and the identities of seed 003's cluster PKI:
// who gets a certificate, with which subject and SANs, and which server its kubeconfig uses.

import { CliError } from '../../errors.js';
import { asObject, optionalString, optionalStrings } from '../../../pki/cfssl/json.js';
import { parseGoDuration } from '../../../pki/cfssl/duration.js';
import { resolveUsages } from '../../../pki/usages.js';
import { keyTypeFromAlgo, type KeyType } from '../../../pki/keys.js';
import { parseIp } from '../../../pki/ip.js';
import type { SubjectFields } from '../../../pki/name.js';
import type { SigningProfile } from '../../../pki/cfssl/config-json.js';
import { serverUrl } from '../../kubeconfig.js';

/** One worker node. */
export interface WorkerSpec {
  readonly name: string;
  readonly addresses: readonly string[];
}

/** A resolved cluster file. */
export interface ClusterSpec {
  readonly clusterName: string;
  readonly publicAddress: string;
  readonly controllerAddresses: readonly string[];
  readonly port: number;
  readonly serviceIP: string;
  readonly workers: readonly WorkerSpec[];
  readonly keyType: KeyType;
  readonly names: Omit<SubjectFields, 'CN' | 'O'>;
  readonly caSubject: SubjectFields;
  readonly caValidityMs: number;
  /** Seed 003's "kubernetes" profile: signing, key encipherment, server auth, client auth. */
  readonly profile: SigningProfile;
}

/** One certificate to issue. */
export interface ClusterIdentity {
  readonly file: string;
  readonly subject: SubjectFields;
  readonly hosts: readonly string[];
  /** The API server URL its kubeconfig points at; undefined for no kubeconfig. */
  readonly kubeconfigServer?: string;
}

/** The in-cluster names of the API server (seed 003's list plus the fully qualified one). */
export const kubernetesHostnames = [
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster',
  'kubernetes.svc.cluster.local',
  'kubernetes.default.svc.cluster.local',
];

function requireIp(value: string, where: string): string {
  if (!parseIp(value)) throw new CliError(`${where}: "${value}" is not an IP address`);
  return value;
}

function duration(obj: Record<string, unknown>, key: string, fallback: string, where: string): number {
  const ms = parseGoDuration(optionalString(obj, key, where) ?? fallback, `${where}: ${key}`);
  if (ms <= 0) throw new CliError(`${where}: ${key} must be positive`);
  return ms;
}

/** Resolves the parsed YAML document; errors name the file and field. */
export function resolveClusterSpec(doc: unknown, where: string): ClusterSpec {
  const root = asObject(doc ?? {}, where);
  const api = asObject(root['apiServer'] ?? {}, `${where}: apiServer`);
  const publicAddress = optionalString(api, 'publicAddress', `${where}: apiServer`);
  if (!publicAddress) throw new CliError(`${where}: apiServer.publicAddress is required`);
  const controllerAddresses = (optionalStrings(api, 'addresses', `${where}: apiServer`) ?? []).map((a) => requireIp(a, `${where}: apiServer.addresses`));
  const port = api['port'] === undefined ? 6443 : Number(api['port']);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new CliError(`${where}: apiServer.port must be a port number`);
  const serviceIP = requireIp(optionalString(root, 'serviceIP', where) ?? '10.32.0.1', `${where}: serviceIP`);
  const workersRaw = root['workers'] ?? [];
  if (!Array.isArray(workersRaw)) throw new CliError(`${where}: workers must be a list`);
  const seen = new Set<string>();
  const workers = workersRaw.map((w, i): WorkerSpec => {
    const at = `${where}: workers[${i}]`;
    const o = asObject(w, at);
    const name = optionalString(o, 'name', at);
    if (!name || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) throw new CliError(`${at}: name must be a DNS name such as worker-0`);
    if (seen.has(name)) throw new CliError(`${at}: duplicate worker name "${name}"`);
    seen.add(name);
    return { name, addresses: (optionalStrings(o, 'addresses', at) ?? []).map((a) => requireIp(a, `${at}.addresses`)) };
  });
  const key = asObject(root['key'] ?? {}, `${where}: key`);
  const keyType = keyTypeFromAlgo(optionalString(key, 'algo', `${where}: key`) ?? 'rsa', key['size'] === undefined ? 2048 : Number(key['size']));
  const n = asObject(root['names'] ?? {}, `${where}: names`);
  const one = (k: string, d: string): string[] => [optionalString(n, k, `${where}: names`) ?? d];
  const names = { C: one('C', 'US'), L: one('L', 'Portland'), ST: one('ST', 'Oregon'), OU: one('OU', 'Kubernetes The Hard Way') };
  const usages = ['signing', 'key encipherment', 'server auth', 'client auth'];
  const resolved = resolveUsages(usages, 'given');
  return {
    clusterName: optionalString(root, 'clusterName', where) ?? 'kubernetes-the-hard-way',
    publicAddress: requireIp(publicAddress, `${where}: apiServer.publicAddress`),
    controllerAddresses,
    port,
    serviceIP,
    workers,
    keyType,
    names,
    caSubject: { C: names.C, L: names.L, ST: names.ST, O: ['Kubernetes'], OU: ['CA'], CN: 'Kubernetes' },
    caValidityMs: duration(root, 'caValidity', '43800h', where),
    profile: { name: 'kubernetes', usages, keyUsage: resolved.keyUsage, extKeyUsage: resolved.extKeyUsage, expiryMs: duration(root, 'validity', '8760h', where) },
  };
}

/** Every certificate of the cluster, in seed 003's order, with seed 003's file names. */
export function clusterIdentities(spec: ClusterSpec): ClusterIdentity[] {
  const local = serverUrl('127.0.0.1', spec.port);
  const remote = serverUrl(spec.publicAddress, spec.port);
  const subject = (cn: string, o: string): SubjectFields => ({ ...spec.names, O: [o], CN: cn });
  return [
    { file: 'admin', subject: subject('admin', 'system:masters'), hosts: [], kubeconfigServer: local },
    ...spec.workers.map((w) => ({
      file: w.name,
      subject: subject(`system:node:${w.name}`, 'system:nodes'),
      hosts: [w.name, ...w.addresses],
      kubeconfigServer: remote,
    })),
    { file: 'kube-controller-manager', subject: subject('system:kube-controller-manager', 'system:kube-controller-manager'), hosts: [], kubeconfigServer: local },
    { file: 'kube-proxy', subject: subject('system:kube-proxy', 'system:node-proxier'), hosts: [], kubeconfigServer: remote },
    { file: 'kube-scheduler', subject: subject('system:kube-scheduler', 'system:kube-scheduler'), hosts: [], kubeconfigServer: local },
    {
      file: 'kubernetes',
      subject: subject('kubernetes', 'Kubernetes'),
      hosts: [spec.serviceIP, ...spec.controllerAddresses, spec.publicAddress, '127.0.0.1', ...kubernetesHostnames],
    },
    { file: 'service-account', subject: subject('service-accounts', 'Kubernetes'), hosts: [] },
  ];
}
