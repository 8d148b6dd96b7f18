// cfssl's signing configuration (`ca-config.json`): a default profile and named profiles.
// Mirrors cfssl config/config.go (Signing, SigningProfile, CAConstraint, DefaultConfig).

import { PkiError } from '../errors.js';
import { resolveUsages } from '../usages.js';
import { asObject, optionalString, optionalStrings } from './json.js';
import { parseGoDuration } from './duration.js';

/** A resolved signing profile. */
export interface SigningProfile {
  readonly name: string;
  readonly usages: readonly string[];
  readonly keyUsage: number;
  /** EKU OIDs in the profile's order, as cfssl writes them. */
  readonly extKeyUsage: readonly string[];
  readonly expiryMs: number;
  readonly caConstraint?: { readonly isCa: boolean; readonly maxPathLen?: number };
}

/** A resolved configuration. */
export interface SigningConfig {
  readonly defaultProfile: SigningProfile;
  readonly profiles: ReadonlyMap<string, SigningProfile>;
}

/** cfssl's built-in default: one year, signing + key encipherment + server auth + client auth. */
export const defaultUsages = ['signing', 'key encipherment', 'server auth', 'client auth'] as const;
const oneYearMs = 8760 * 3_600_000;

function resolveProfile(name: string, value: unknown, what: string): SigningProfile {
  const where = `${what}: ${name === 'default' ? 'signing.default' : `profile "${name}"`}`;
  const p = asObject(value, where);
  const usages = optionalStrings(p, 'usages', where) ?? [];
  const resolved = resolveUsages(usages, 'given');
  if (resolved.unknown.length > 0) {
    throw new PkiError('config', `${where}: unknown usage ${resolved.unknown.map((u) => `"${u}"`).join(', ')}`);
  }
  const expiry = optionalString(p, 'expiry', where);
  if (!expiry) throw new PkiError('config', `${where}: "expiry" is required (e.g. "8760h")`);
  const expiryMs = parseGoDuration(expiry, `${where}: expiry`);
  if (expiryMs <= 0) throw new PkiError('config', `${where}: expiry must be positive`);
  let caConstraint: SigningProfile['caConstraint'];
  if (p['ca_constraint'] !== undefined && p['ca_constraint'] !== null) {
    const c = asObject(p['ca_constraint'], `${where}: ca_constraint`);
    const max = c['max_path_len'];
    const isCa = c['is_ca'] === true;
    const zero = c['max_path_len_zero'] === true;
    caConstraint = { isCa, maxPathLen: typeof max === 'number' && max > 0 ? max : zero ? 0 : undefined };
  }
  return { name, usages, keyUsage: resolved.keyUsage, extKeyUsage: resolved.extKeyUsage, expiryMs, caConstraint };
}

/** The configuration used when no `-config` is given. */
export function defaultSigningConfig(): SigningConfig {
  const r = resolveUsages(defaultUsages, 'given');
  return {
    defaultProfile: { name: 'default', usages: [...defaultUsages], keyUsage: r.keyUsage, extKeyUsage: r.extKeyUsage, expiryMs: oneYearMs },
    profiles: new Map(),
  };
}

/** Resolves a parsed `ca-config.json`; every profile is checked now, not when first used. */
export function resolveSigningConfig(json: unknown, what: string): SigningConfig {
  const doc = asObject(json, what);
  if (doc['signing'] === undefined) throw new PkiError('config', `${what}: missing "signing" section`);
  const signing = asObject(doc['signing'], `${what}: signing`);
  const defaultProfile =
    signing['default'] === undefined || signing['default'] === null
      ? defaultSigningConfig().defaultProfile
      : resolveProfile('default', signing['default'], what);
  const profiles = new Map<string, SigningProfile>();
  if (signing['profiles'] !== undefined && signing['profiles'] !== null) {
    const all = asObject(signing['profiles'], `${what}: signing.profiles`);
    for (const [name, value] of Object.entries(all)) profiles.set(name, resolveProfile(name, value, what));
  }
  return { defaultProfile, profiles };
}

/** The named profile, or the default for an empty name; an unknown name is an error. */
export function selectProfile(config: SigningConfig, name: string | undefined): SigningProfile {
  if (!name) return config.defaultProfile;
  const p = config.profiles.get(name);
  if (!p) {
    const known = [...config.profiles.keys()];
    throw new PkiError('config', `unknown profile "${name}"${known.length ? ` (known: ${known.join(', ')})` : ' (the configuration defines none)'}`);
  }
  return p;
}
