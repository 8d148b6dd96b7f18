// kubeconfig files with embedded credentials, as `kubectl config set-* --embed-certs` writes them.

import { stringify } from 'yaml';
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

/** The kubeconfig YAML. */
export function renderKubeconfig(spec: KubeconfigSpec): string {
  const user: Record<string, string> = {};
  if (spec.clientCertPem) user['client-certificate-data'] = b64(spec.clientCertPem);
  if (spec.clientKeyPem) user['client-key-data'] = b64(spec.clientKeyPem);
  if (spec.token) user['token'] = spec.token;
  const context = spec.contextName ?? 'default';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: spec.clusterName, cluster: { 'certificate-authority-data': b64(spec.caPem), server: spec.server } }],
    users: [{ name: spec.userName, user }],
    contexts: [{ name: context, context: { cluster: spec.clusterName, user: spec.userName } }],
    'current-context': context,
    preferences: {},
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
