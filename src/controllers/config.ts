// The controllers' configuration file (YAML): custom signers and approval policies, resolved
// and checked once at start so that a mistake is one clear error, not a surprise at runtime.

import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { parseGoDuration } from '../pki/cfssl/duration.js';
import { isKnownUsage } from '../pki/usages.js';
import { isKeyType, type KeyType } from '../pki/keys.js';
import { PkiError } from '../pki/errors.js';
import { defaultPolicyUsages, type ApprovalPolicy, type SanRules } from '../api/approval-policy/types.js';

export type { ApprovalPolicy, Requestors, SanRules } from '../api/approval-policy/types.js';

/** Where a custom signer's CA comes from: files, or generated once into a directory. */
export type SignerCaSource =
  | { readonly certFile: string; readonly keyFile: string }
  | { readonly generate: { readonly keyType: KeyType; readonly dir: string } };

/** A custom signer name served by signet. */
export interface CustomSignerConfig {
  readonly name: string;
  readonly ca: SignerCaSource;
  readonly maxDurationMs: number;
  readonly allowedUsages: readonly string[];
  readonly requiredUsages: readonly string[];
  /** Regular expression the CN must match (anchored by the author), or undefined for any. */
  readonly commonName?: RegExp;
  /** Allowed O values, or undefined for any. */
  readonly organizations?: readonly string[];
  readonly sans: SanRules;
}

/** The whole file. */
export interface ControllersConfig {
  readonly signers: readonly CustomSignerConfig[];
  readonly approvalPolicies: readonly ApprovalPolicy[];
  /** Groups never approved automatically unless a policy names them in its organizations. */
  readonly privilegedGroups: readonly string[];
}

/** The groups no policy approves unless it names them (system:nodes only outside the node flow). */
export const defaultPrivilegedGroups = ['system:masters', 'system:nodes'];

/** An unusable configuration file. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Obj = Record<string, unknown>;

function obj(v: unknown, where: string): Obj {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new ConfigError(`${where}: expected a mapping`);
  return v as Obj;
}

function strings(v: unknown, where: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new ConfigError(`${where}: expected a list of strings`);
  return v as string[];
}

function str(v: unknown, where: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new ConfigError(`${where}: expected a string`);
  return v;
}

function regex(v: unknown, where: string): RegExp | undefined {
  const s = str(v, where);
  if (s === undefined) return undefined;
  try {
    return new RegExp(s);
  } catch (err) {
    throw new ConfigError(`${where}: not a regular expression: ${(err as Error).message}`);
  }
}

function duration(v: unknown, where: string): number | undefined {
  const s = str(v, where);
  if (s === undefined) return undefined;
  try {
    const ms = parseGoDuration(s, where);
    if (ms <= 0) throw new ConfigError(`${where}: must be positive`);
    return ms;
  } catch (err) {
    if (err instanceof PkiError) throw new ConfigError(err.message);
    throw err;
  }
}

function usages(v: unknown, where: string): string[] {
  const list = strings(v, where);
  const bad = list.find((u) => !isKnownUsage(u));
  if (bad) throw new ConfigError(`${where}: unknown usage "${bad}"`);
  return list;
}

function sanRules(v: unknown, where: string): SanRules {
  const o = obj(v, where);
  return { dns: strings(o['dns'], `${where}.dns`), ips: o['ips'] === true, emails: o['emails'] === true, uris: o['uris'] === true };
}

function signer(v: unknown, i: number, base: string): CustomSignerConfig {
  const where = `signers[${i}]`;
  const o = obj(v, where);
  const name = str(o['name'], `${where}.name`);
  if (!name || !/^[a-z0-9.-]+\/[A-Za-z0-9._:-]+$/.test(name)) throw new ConfigError(`${where}.name: a signer name is "domain/path", e.g. example.com/my-signer`);
  if (name.startsWith('kubernetes.io/')) throw new ConfigError(`${where}.name: kubernetes.io/ signer names are built in`);
  const ca = obj(o['ca'], `${where}.ca`);
  const resolve = (p: string): string => (isAbsolute(p) ? p : join(base, p));
  let source: SignerCaSource;
  if (ca['certFile'] || ca['keyFile']) {
    const certFile = str(ca['certFile'], `${where}.ca.certFile`);
    const keyFile = str(ca['keyFile'], `${where}.ca.keyFile`);
    if (!certFile || !keyFile) throw new ConfigError(`${where}.ca: certFile and keyFile go together`);
    source = { certFile: resolve(certFile), keyFile: resolve(keyFile) };
  } else {
    const gen = obj(ca['generate'], `${where}.ca.generate`);
    const keyType = str(gen['keyType'], `${where}.ca.generate.keyType`) ?? 'ecdsa-p256';
    if (!isKeyType(keyType)) throw new ConfigError(`${where}.ca.generate.keyType: unknown key type "${keyType}"`);
    source = { generate: { keyType, dir: resolve(str(gen['dir'], `${where}.ca.generate.dir`) ?? 'signers') } };
  }
  return {
    name,
    ca: source,
    maxDurationMs: duration(o['maxDuration'], `${where}.maxDuration`) ?? 8760 * 3_600_000,
    allowedUsages: usages(o['allowedUsages'] ?? ['digital signature', 'key encipherment', 'client auth', 'server auth'], `${where}.allowedUsages`),
    requiredUsages: usages(o['requiredUsages'], `${where}.requiredUsages`),
    commonName: regex(o['commonName'], `${where}.commonName`),
    organizations: o['organizations'] === undefined ? undefined : strings(o['organizations'], `${where}.organizations`),
    sans: sanRules(o['subjectAltNames'], `${where}.subjectAltNames`),
  };
}

function policy(v: unknown, i: number): ApprovalPolicy {
  const where = `approvalPolicies[${i}]`;
  const o = obj(v, where);
  const name = str(o['name'], `${where}.name`);
  if (!name) throw new ConfigError(`${where}.name is required`);
  const signerName = str(o['signerName'], `${where}.signerName`);
  if (!signerName) throw new ConfigError(`${where}.signerName is required`);
  const r = obj(o['requestors'], `${where}.requestors`);
  const requestors = { users: strings(r['users'], `${where}.requestors.users`), groups: strings(r['groups'], `${where}.requestors.groups`), serviceAccounts: strings(r['serviceAccounts'], `${where}.requestors.serviceAccounts`) };
  if (requestors.users.length + requestors.groups.length + requestors.serviceAccounts.length === 0) {
    throw new ConfigError(`${where}.requestors: name at least one user, group or service account`);
  }
  const cn = o['commonName'];
  const orgs = o['organizations'];
  return {
    name,
    signerName,
    requestors,
    commonName: cn === 'requestor' ? 'requestor' : regex(cn, `${where}.commonName`),
    organizations: orgs === 'requestorGroups' || orgs === 'serviceAccountGroups' ? orgs : strings(orgs, `${where}.organizations`),
    sans: sanRules(o['subjectAltNames'], `${where}.subjectAltNames`),
    usages: usages(o['usages'] ?? defaultPolicyUsages, `${where}.usages`),
    maxDurationMs: duration(o['maxDuration'], `${where}.maxDuration`),
  };
}

/** Reads and checks a configuration file; relative paths in it are relative to the file. */
export function loadControllersConfig(path: string): ControllersConfig {
  let doc: unknown;
  try {
    doc = parse(readFileSync(path, 'utf8'), { maxAliasCount: 100 });
  } catch (err) {
    throw new ConfigError(`${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message.split('\n')[0]}`);
  }
  return resolveControllersConfig(doc, dirname(path), path);
}

/** Resolves a parsed document (exported for tests). */
export function resolveControllersConfig(doc: unknown, base: string, what = 'config'): ControllersConfig {
  try {
    const o = obj(doc, what);
    const signerList = o['signers'] ?? [];
    const policyList = o['approvalPolicies'] ?? [];
    if (!Array.isArray(signerList)) throw new ConfigError('signers: expected a list');
    if (!Array.isArray(policyList)) throw new ConfigError('approvalPolicies: expected a list');
    const signers = signerList.map((s, i) => signer(s, i, base));
    const names = new Set<string>();
    for (const s of signers) {
      if (names.has(s.name)) throw new ConfigError(`signers: "${s.name}" appears twice`);
      names.add(s.name);
    }
    return {
      signers,
      approvalPolicies: policyList.map(policy),
      privilegedGroups: [...new Set([...defaultPrivilegedGroups, ...strings(o['privilegedGroups'], 'privilegedGroups')])],
    };
  } catch (err) {
    if (err instanceof ConfigError && !err.message.startsWith(what)) throw new ConfigError(`${what}: ${err.message}`);
    throw err;
  }
}
