// kubeconfig files with embedded credentials, as `kubectl config set-* --embed-certs` writes them.

import { parse, stringify } from 'yaml';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CliError } from './errors.js';
import { hostPort } from './listen.js';
import { loadKubeconfig, KubeconfigError } from '../controllers/kubeconfig.js';
import type { RestConfig } from '../controllers/rest-client.js';

/** What one kubeconfig holds: one cluster, one user, one context named `default`. */
export interface KubeconfigSpec {
  readonly clusterName: string;
  readonly server: string;
  readonly caPem: string;
  readonly userName: string;
  readonly clientCertPem?: string;
  readonly clientKeyPem?: string;
  readonly token?: string;
  readonly contextName?: string;
}

const b64 = (s: string): string => Buffer.from(s).toString('base64');

type Named = { name?: unknown; [k: string]: unknown };

/** The kubeconfig of `spec`: one cluster, one user, one context, which is current. */
function kubeconfigDocument(spec: KubeconfigSpec): { clusters: Named[]; users: Named[]; contexts: Named[]; 'current-context': string; [k: string]: unknown } {
  const user: Record<string, string> = {};
  if (spec.clientCertPem) user['client-certificate-data'] = b64(spec.clientCertPem);
  if (spec.clientKeyPem) user['client-key-data'] = b64(spec.clientKeyPem);
  if (spec.token) user['token'] = spec.token;
  const context = spec.contextName ?? 'default';
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: spec.clusterName, cluster: { 'certificate-authority-data': b64(spec.caPem), server: spec.server } }],
    users: [{ name: spec.userName, user }],
    contexts: [{ name: context, context: { cluster: spec.clusterName, user: spec.userName } }],
    'current-context': context,
    preferences: {},
  };
}

/** The kubeconfig YAML. */
export function renderKubeconfig(spec: KubeconfigSpec): string {
  return stringify(kubeconfigDocument(spec));
}

const sections = ['clusters', 'users', 'contexts'] as const;

/** `text` as a kubeconfig document (kind Config, its sections lists), or undefined. */
function parseKubeconfig(text: string): Record<string, unknown> | undefined {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return undefined;
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const d = doc as Record<string, unknown>;
  const isConfig = (d['kind'] ?? 'Config') === 'Config' && sections.some((k) => Array.isArray(d[k])) &&
    sections.every((k) => d[k] === undefined || d[k] === null || Array.isArray(d[k]));
  return isConfig ? d : undefined;
}

/**
 * `spec`'s cluster, user and context written into an existing kubeconfig, as `kubectl config
 * set-cluster/set-credentials/set-context` would: entries of the same name are replaced, every
 * other entry stays, and so does the current context if it still names one. A cluster entry
 * that trusts the same CA is pointed at the new server too (a restart may bind another port).
 * Text that is not a kubeconfig is replaced by `spec`'s alone.
 */
export function mergeKubeconfig(existing: string | undefined, spec: KubeconfigSpec): string {
  const old = existing === undefined ? undefined : parseKubeconfig(existing);
  const fresh = kubeconfigDocument(spec);
  if (!old) return stringify(fresh);
  const upsert = (key: (typeof sections)[number]): Named[] => {
    const entry = fresh[key][0]!;
    const entries = Array.isArray(old[key]) ? (old[key] as unknown[]).filter((e): e is Named => !!e && typeof e === 'object') : [];
    return entries.some((e) => e.name === entry.name) ? entries.map((e) => (e.name === entry.name ? entry : e)) : [...entries, entry];
  };
  const caData = b64(spec.caPem);
  const clusters = upsert('clusters').map((e) => {
    const c = e['cluster'] as Record<string, unknown> | undefined;
    return c && c['certificate-authority-data'] === caData ? { ...e, cluster: { ...c, server: spec.server } } : e;
  });
  const contexts = upsert('contexts');
  const current = old['current-context'];
  const keepCurrent = typeof current === 'string' && contexts.some((c) => c.name === current);
  return stringify({
    ...old,
    apiVersion: old['apiVersion'] ?? 'v1',
    kind: old['kind'] ?? 'Config',
    clusters,
    users: upsert('users'),
    contexts,
    'current-context': keepCurrent ? current : fresh['current-context'],
  });
}

/** `https://HOST:PORT`, bracketing IPv6 literals. */
export function serverUrl(host: string, port: number): string {
  return `https://${hostPort(host, port)}`;
}

/** The REST configuration of a kubeconfig; a problem with it is one CliError line. */
export function readKubeconfig(path: string, context?: string): RestConfig {
  try {
    return loadKubeconfig(path, context);
  } catch (err) {
    if (err instanceof KubeconfigError) throw new CliError(err.message);
    throw err;
  }
}

/** Where kubectl looks: the first file of $KUBECONFIG, else ~/.kube/config. */
export function defaultKubeconfigPath(): string {
  return process.env['KUBECONFIG']?.split(':')[0] || join(homedir(), '.kube', 'config');
}
