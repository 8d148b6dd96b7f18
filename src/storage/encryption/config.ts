// kube-apiserver's --encryption-provider-config: an apiserver.config.k8s.io/v1
// EncryptionConfiguration naming, for groups of resources, the providers that seal their values
// (the first) and open them (any). Mirrors k8s.io/apiserver/pkg/apis/apiserver (types and
// validation) for the providers signet has: aescbc, aesgcm, secretbox and identity (not kms).

import { parse as parseYaml } from 'yaml';
import type { Provider, ProviderKey } from './providers.js';

/** The providers of some resources, each named `resource` (core) or `resource.group`. */
export interface EncryptionRule {
  readonly resources: readonly { readonly group: string; readonly resource: string }[];
  readonly providers: readonly Provider[];
}

/** A configuration that cannot be used, with where and why, as kube-apiserver words it. */
export class EncryptionConfigError extends Error {
  override readonly name = 'EncryptionConfigError';
}

const keySizes = [16, 24, 32];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses and validates the file's text. */
export function parseEncryptionConfig(text: string): EncryptionRule[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new EncryptionConfigError(`not YAML or JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!isObject(doc) || doc['kind'] !== 'EncryptionConfiguration' || doc['apiVersion'] !== 'apiserver.config.k8s.io/v1') {
    throw new EncryptionConfigError('not an apiserver.config.k8s.io/v1 EncryptionConfiguration');
  }
  const resources = doc['resources'];
  if (!Array.isArray(resources) || resources.length === 0) throw new EncryptionConfigError('resources: Required value: resources is a required field that must be specified');
  return resources.map((r, i) => parseRule(r, `resources[${i}]`));
}

function parseRule(r: unknown, path: string): EncryptionRule {
  if (!isObject(r)) throw new EncryptionConfigError(`${path}: Invalid value: must be an object`);
  const names = r['resources'];
  if (!Array.isArray(names) || names.length === 0) throw new EncryptionConfigError(`${path}.resources: Required value: resources is a required field that must be specified`);
  const providers = r['providers'];
  if (!Array.isArray(providers) || providers.length === 0) throw new EncryptionConfigError(`${path}.providers: Required value: providers is a required field that must be specified`);
  return {
    resources: names.map((n, j) => resourceName(n, `${path}.resources[${j}]`)),
    providers: providers.map((p, j) => parseProvider(p, `${path}.providers[${j}]`)),
  };
}

function resourceName(n: unknown, path: string): { group: string; resource: string } {
  if (typeof n !== 'string' || n === '' || n.includes('*') || n !== n.toLowerCase()) {
    throw new EncryptionConfigError(`${path}: Invalid value: ${JSON.stringify(n)}: a lowercase resource name, as "secrets" or "<resource>.<group>"`);
  }
  const dot = n.indexOf('.');
  return dot < 0 ? { group: '', resource: n } : { group: n.slice(dot + 1), resource: n.slice(0, dot) };
}

function parseProvider(p: unknown, path: string): Provider {
  if (!isObject(p) || Object.keys(p).length !== 1) throw new EncryptionConfigError(`${path}: Invalid value: exactly one provider must be configured per entry`);
  const kind = Object.keys(p)[0]!;
  if (kind === 'identity') return { kind, keys: [] };
  if (kind !== 'aescbc' && kind !== 'aesgcm' && kind !== 'secretbox') {
    throw new EncryptionConfigError(`${path}: Unsupported value: "${kind}": supported values: "aescbc", "aesgcm", "secretbox", "identity"`);
  }
  const body = p[kind];
  const keys = isObject(body) ? body['keys'] : undefined;
  if (!Array.isArray(keys) || keys.length === 0) throw new EncryptionConfigError(`${path}.${kind}.keys: Required value: keys (list) is a required field that must be specified`);
  const seen = new Set<string>();
  return { kind, keys: keys.map((k, i) => parseKey(k, `${path}.${kind}.keys[${i}]`, seen, kind === 'secretbox' ? [32] : keySizes)) };
}

function parseKey(k: unknown, path: string, seen: Set<string>, sizes: readonly number[]): ProviderKey {
  const name = isObject(k) ? k['name'] : undefined;
  const secret = isObject(k) ? k['secret'] : undefined;
  if (typeof name !== 'string' || name === '') throw new EncryptionConfigError(`${path}.name: Required value: key name is a required field that must be specified`);
  if (name.includes(':')) throw new EncryptionConfigError(`${path}.name: Invalid value: "${name}": should not contain ':'`);
  if (seen.has(name)) throw new EncryptionConfigError(`${path}.name: Duplicate value: "${name}"`);
  seen.add(name);
  if (typeof secret !== 'string' || secret === '') throw new EncryptionConfigError(`${path}.secret: Required value: secret is a required field that must be specified`);
  const bytes = Buffer.from(secret, 'base64');
  if (bytes.toString('base64').replace(/=+$/, '') !== secret.replace(/=+$/, '')) throw new EncryptionConfigError(`${path}.secret: Invalid value: "REDACTED": secrets must be base64 encoded`);
  if (!sizes.includes(bytes.length)) {
    const expected = sizes.length === 1 ? `${sizes[0]}` : `one of [${sizes.join(' ')}]`;
    throw new EncryptionConfigError(`${path}.secret: Invalid value: "REDACTED": secret is not of the expected length, got ${bytes.length}, expected ${expected}`);
  }
  return { name, secret: bytes };
}
