// Reading a kubeconfig's current context into a RestConfig: server, CA, and a client
// certificate or a bearer token, inline (`*-data`) or from files relative to the kubeconfig.

import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import type { RestConfig } from './rest-client.js';

interface Named<T> {
  name: string;
  [k: string]: T | string;
}

/** A kubeconfig that cannot be used, with a reason a person can act on. */
export class KubeconfigError extends Error {
  override readonly name = 'KubeconfigError';
}

function find<T>(list: unknown, name: string, field: string, what: string): T {
  const entry = Array.isArray(list) ? (list as Named<T>[]).find((e) => e?.name === name) : undefined;
  if (!entry || !entry[field]) throw new KubeconfigError(`kubeconfig has no ${what} named "${name}"`);
  return entry[field] as T;
}

/** The REST configuration of the kubeconfig's current context (or `context`). */
export function loadKubeconfig(path: string, context?: string): RestConfig {
  let doc: Record<string, unknown>;
  try {
    doc = parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new KubeconfigError(`cannot read kubeconfig ${path}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!doc || typeof doc !== 'object') throw new KubeconfigError(`kubeconfig ${path} is empty`);
  const ctxName = context ?? (doc['current-context'] as string | undefined);
  if (!ctxName) throw new KubeconfigError(`kubeconfig ${path} has no current-context`);
  const ctx = find<{ cluster: string; user: string }>(doc['contexts'], ctxName, 'context', 'context');
  const cluster = find<Record<string, string>>(doc['clusters'], ctx.cluster, 'cluster', 'cluster');
  const user = find<Record<string, string>>(doc['users'], ctx.user, 'user', 'user');
  const base = dirname(path);
  const material = (data: string | undefined, file: string | undefined): string | undefined => {
    if (data) return Buffer.from(data, 'base64').toString('utf8');
    if (file) return readFileSync(isAbsolute(file) ? file : join(base, file), 'utf8');
    return undefined;
  };
  if (!cluster['server']) throw new KubeconfigError(`cluster "${ctx.cluster}" in ${path} has no server`);
  return {
    server: cluster['server'],
    caPem: material(cluster['certificate-authority-data'], cluster['certificate-authority']),
    certPem: material(user['client-certificate-data'], user['client-certificate']),
    keyPem: material(user['client-key-data'], user['client-key']),
    token: user['token'],
  };
}
