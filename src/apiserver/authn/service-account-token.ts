// Service-account tokens: bound tokens (TokenRequest) and legacy Secret tokens, signed with the
// data dir's sa.key, and the authenticator that believes them only while the account (and the
// bound object) still exists with the same uid. Mirrors k8s.io/kubernetes/pkg/serviceaccount/
// {claims.go,legacy.go,jwt.go} and staging/src/k8s.io/apiserver/pkg/authentication/serviceaccount/util.go.

import { createPublicKey, randomUUID, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { UserInfo } from '../../api/types.js';
import type { ApiObject } from '../registry/resource.js';
import { hasValidSignature, keyIdOf, parseJwt, signJwt, type Claims } from './jwt.js';
import type { TokenAuthenticator, TokenResult } from './token.js';
import { credentialIdKey } from './authenticator.js';
import { secretValue, type ObjectReader } from './stored-objects.js';

/** kube-apiserver's usual `--service-account-issuer` (kubeadm's), also the default API audience. */
export const defaultServiceAccountIssuer = 'https://kubernetes.default.svc.cluster.local';
/** The issuer of legacy Secret tokens. */
export const legacyIssuer = 'kubernetes/serviceaccount';
/** The Secret type whose token the token controller fills in. */
export const serviceAccountTokenSecretType = 'kubernetes.io/service-account-token';
/** Annotations naming the account of such a Secret. */
export const serviceAccountNameKey = 'kubernetes.io/service-account.name';
export const serviceAccountUidKey = 'kubernetes.io/service-account.uid';

const serviceAccountUsernamePrefix = 'system:serviceaccount:';

/** `system:serviceaccount:NS:NAME`. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${serviceAccountUsernamePrefix}${namespace}:${name}`;
}

/** `[system:serviceaccounts, system:serviceaccounts:NS]`. */
export function serviceAccountGroups(namespace: string): string[] {
  return ['system:serviceaccounts', `system:serviceaccounts:${namespace}`];
}

/** NS and NAME of a `system:serviceaccount:NS:NAME` username, or undefined. */
export function splitServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(serviceAccountUsernamePrefix)) return undefined;
  const parts = username.slice(serviceAccountUsernamePrefix.length).split(':');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return undefined;
  return { namespace: parts[0]!, name: parts[1]! };
}

/** An object a token is bound to (`spec.boundObjectRef`, resolved to its uid). */
export interface BoundObject {
  readonly kind: 'Pod' | 'Secret' | 'Node';
  readonly name: string;
  readonly uid: string;
}

/** What a bound token is issued for. */
export interface TokenIssue {
  readonly namespace: string;
  readonly account: { readonly name: string; readonly uid: string };
  readonly audiences: readonly string[];
  readonly expirationSeconds: number;
  readonly bound?: BoundObject;
  readonly now: Date;
}

const boundClaimKey: Readonly<Record<BoundObject['kind'], string>> = { Pod: 'pod', Secret: 'secret', Node: 'node' };
const boundReaders: Readonly<Record<BoundObject['kind'], string>> = { Pod: 'pods', Secret: 'secrets', Node: 'nodes' };

interface Ref {
  readonly name?: unknown;
  readonly uid?: unknown;
}

const seconds = (d: Date): number => Math.floor(d.getTime() / 1000);

/** Issues service-account tokens and authenticates them. */
export class ServiceAccountTokens implements TokenAuthenticator {
  readonly #key: KeyObject;
  readonly #publicKey: KeyObject;
  readonly #kid: string;
  readonly #read: ObjectReader;
  /** The issuer written into bound tokens and accepted back. */
  readonly issuer: string;
  /** Audiences a token must name to be used against this API server (and TokenRequest's default). */
  readonly apiAudiences: readonly string[];

  constructor(opts: { key: KeyObject; read: ObjectReader; issuer?: string; apiAudiences?: readonly string[] }) {
    this.#key = opts.key;
    this.#publicKey = createPublicKey(opts.key);
    this.#kid = keyIdOf(opts.key);
    this.#read = opts.read;
    this.issuer = opts.issuer ?? defaultServiceAccountIssuer;
    this.apiAudiences = opts.apiAudiences ?? [this.issuer];
  }

  /** Reads a ServiceAccount; the TokenRequest handler needs it too. */
  readServiceAccount(namespace: string, name: string): Promise<ApiObject | undefined> {
    return this.#read('serviceaccounts', namespace, name);
  }

  /** Reads an object a token may be bound to. */
  readBoundObject(kind: BoundObject['kind'], namespace: string, name: string): Promise<ApiObject | undefined> {
    return this.#read(boundReaders[kind], namespace, name);
  }

  /** A bound token (claims as claims.go writes them, keys sorted as go-jose serializes them). */
  issue(t: TokenIssue): { token: string; expiration: Date } {
    const expiration = new Date((seconds(t.now) + t.expirationSeconds) * 1000);
    const k8s: Record<string, unknown> = { namespace: t.namespace };
    if (t.bound) k8s[boundClaimKey[t.bound.kind]] = { name: t.bound.name, uid: t.bound.uid };
    k8s['serviceaccount'] = { name: t.account.name, uid: t.account.uid };
    const claims: Claims = {
      aud: [...t.audiences], exp: seconds(expiration), iat: seconds(t.now), iss: this.issuer, jti: randomUUID(),
      'kubernetes.io': sortKeys(k8s), nbf: seconds(t.now), sub: serviceAccountUsername(t.namespace, t.account.name),
    };
    return { token: signJwt(claims, this.#key, this.#kid), expiration };
  }

  /** A legacy, non-expiring token for a Secret of type kubernetes.io/service-account-token (legacy.go). */
  legacyToken(namespace: string, account: { readonly name: string; readonly uid: string }, secretName: string): string {
    const claims: Claims = {
      iss: legacyIssuer,
      'kubernetes.io/serviceaccount/namespace': namespace,
      'kubernetes.io/serviceaccount/secret.name': secretName,
      'kubernetes.io/serviceaccount/service-account.name': account.name,
      'kubernetes.io/serviceaccount/service-account.uid': account.uid,
      sub: serviceAccountUsername(namespace, account.name),
    };
    return signJwt(claims, this.#key, this.#kid);
  }

  /** Authenticates a token this server issued. Tokens of other issuers, or not JWTs, get no opinion. */
  async authenticateToken(token: string, audiences: readonly string[], now: Date): Promise<TokenResult> {
    const jwt = parseJwt(token);
    if (!jwt) return { kind: 'none' };
    const iss = jwt.claims['iss'];
    if (iss !== this.issuer && iss !== legacyIssuer) return { kind: 'none' };
    if (!hasValidSignature(jwt, this.#publicKey)) return { kind: 'error', message: 'square/go-jose: error in cryptographic primitive' };
    const wanted = audiences.length > 0 ? audiences : this.apiAudiences;
    if (iss === legacyIssuer) return this.#validateLegacy(jwt.claims, token, wanted);
    const aud = audienceList(jwt.claims['aud']);
    const accepted = wanted.filter((a) => aud.includes(a));
    if (accepted.length === 0) return { kind: 'error', message: `token audiences ${goList(aud)} is invalid for the target audiences ${goList(wanted)}` };
    return this.#validateBound(jwt.claims, accepted, now);
  }

  async #validateBound(c: Claims, audiences: readonly string[], now: Date): Promise<TokenResult> {
    const t = seconds(now);
    // go-jose's ValidateWithLeeway allows a minute either way.
    if (typeof c['exp'] !== 'number' || t > c['exp'] + 60) return fail('service account token has expired');
    if (typeof c['nbf'] === 'number' && t < c['nbf'] - 60) return fail('service account token is not valid yet');
    const k8s = (c['kubernetes.io'] ?? {}) as Record<string, Ref | string | undefined>;
    const namespace = typeof k8s['namespace'] === 'string' ? k8s['namespace'] : '';
    const sa = (k8s['serviceaccount'] ?? {}) as Ref;
    if (namespace === '' || typeof sa.name !== 'string' || typeof sa.uid !== 'string') return fail('service account token claims did not include a service account');
    const account = await this.#liveAccount(namespace, sa.name, sa.uid);
    if (typeof account === 'string') return fail(account);
    const extra: Record<string, string[]> = {};
    for (const kind of ['Pod', 'Secret', 'Node'] as const) {
      const ref = k8s[boundClaimKey[kind]] as Ref | undefined;
      if (!ref || typeof ref.name !== 'string' || typeof ref.uid !== 'string') continue;
      const obj = await this.#read(boundReaders[kind], kind === 'Node' ? '' : namespace, ref.name);
      const noun = kind.toLowerCase();
      if (!obj || obj.metadata.deletionTimestamp) return fail(`${noun} ${kind === 'Node' ? '' : `${namespace}/`}${ref.name} has been deleted`);
      if (obj.metadata.uid !== ref.uid) return fail(`${noun} UID (${obj.metadata.uid}) does not match service account ${noun} ref claim (${ref.uid})`);
      if (kind !== 'Secret') {
        extra[`authentication.kubernetes.io/${noun}-name`] = [ref.name];
        extra[`authentication.kubernetes.io/${noun}-uid`] = [ref.uid];
      }
    }
    if (typeof c['jti'] === 'string' && c['jti'] !== '') extra[credentialIdKey] = [`JTI=${c['jti']}`];
    const user: UserInfo = { username: serviceAccountUsername(namespace, sa.name), uid: sa.uid, groups: serviceAccountGroups(namespace), ...(Object.keys(extra).length > 0 ? { extra: sortKeys(extra) as Record<string, string[]> } : {}) };
    return { kind: 'user', user, audiences };
  }

  async #validateLegacy(c: Claims, token: string, audiences: readonly string[]): Promise<TokenResult> {
    const str = (k: string): string => (typeof c[`kubernetes.io/serviceaccount/${k}`] === 'string' ? (c[`kubernetes.io/serviceaccount/${k}`] as string) : '');
    const namespace = str('namespace');
    const name = str('service-account.name');
    const uid = str('service-account.uid');
    const secretName = str('secret.name');
    if (!namespace || !name || !uid || !secretName) return fail('service account token claims did not include a service account');
    const secret = await this.#read('secrets', namespace, secretName);
    if (!secret || secret.metadata.deletionTimestamp) return fail(`secret ${namespace}/${secretName} has been deleted`);
    const stored = Buffer.from(secretValue(secret, 'token') ?? '');
    const presented = Buffer.from(token);
    if (stored.length !== presented.length || !timingSafeEqual(stored, presented)) return fail(`token does not match the token stored in secret ${namespace}/${secretName}`);
    const account = await this.#liveAccount(namespace, name, uid);
    if (typeof account === 'string') return fail(account);
    return { kind: 'user', user: { username: serviceAccountUsername(namespace, name), uid, groups: serviceAccountGroups(namespace) }, audiences };
  }

  /** The account if it exists with `uid`; otherwise why not (for the log only). */
  async #liveAccount(namespace: string, name: string, uid: string): Promise<ApiObject | string> {
    const sa = await this.readServiceAccount(namespace, name);
    if (!sa || sa.metadata.deletionTimestamp) return `service account ${namespace}/${name} has been deleted`;
    if (sa.metadata.uid !== uid) return `service account UID (${sa.metadata.uid}) does not match claim (${uid})`;
    return sa;
  }
}

const fail = (message: string): TokenResult => ({ kind: 'error', message });

function audienceList(aud: unknown): string[] {
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}

/** Go's %q of a []string: `["a" "b"]`. */
function goList(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
}

function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Fills in a Secret of type kubernetes.io/service-account-token as the token controller does:
 * a legacy token bound to the Secret (`data.token`), `data["ca.crt"]`, `data.namespace`, and the
 * account's uid annotation. Returns a new object; returns `secret` unchanged when it is of another
 * type, names no account, or the account does not exist (or has another uid than the annotation
 * says) — the controller leaves such Secrets without a token.
 * Call it from the Secret strategy's create (and update, when `data.token` is missing).
 */
export async function fillServiceAccountTokenSecret(secret: ApiObject, deps: { readonly tokens: ServiceAccountTokens; readonly caPem: string; readonly namespace: string }): Promise<ApiObject> {
  if (secret['type'] !== serviceAccountTokenSecretType) return secret;
  const annotations = secret.metadata.annotations ?? {};
  const accountName = annotations[serviceAccountNameKey];
  const secretName = secret.metadata.name;
  if (!accountName || !secretName) return secret;
  const account = await deps.tokens.readServiceAccount(deps.namespace, accountName);
  const uid = account?.metadata.uid;
  if (!uid) return secret;
  const wantedUid = annotations[serviceAccountUidKey];
  if (wantedUid && wantedUid !== uid) return secret;
  const token = deps.tokens.legacyToken(deps.namespace, { name: accountName, uid }, secretName);
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  const data = { ...((secret['data'] as Record<string, string> | undefined) ?? {}), 'ca.crt': b64(deps.caPem), namespace: b64(deps.namespace), token: b64(token) };
  return { ...secret, metadata: { ...secret.metadata, annotations: { ...annotations, [serviceAccountUidKey]: uid } }, data };
}
