// POST /api/v1/namespaces/NS/serviceaccounts/NAME/token (`kubectl create token`): a bound
// service-account token for an account that exists. Mirrors pkg/registry/core/serviceaccount/storage/token.go
// and pkg/apis/authentication/validation (ValidateTokenRequest).

import type { RequestContext } from '../server.js';
import { newBadRequest, newConflict, newInvalid, newMethodNotSupported, newNotFound } from '../../api/errors.js';
import { invalid, type FieldError } from '../../api/field-error.js';
import { sendJson } from '../respond.js';
import { decodeReviewBody } from './reviews-decode.js';
import type { BoundObject } from '../authn/service-account-token.js';
import { formatTime } from '../../api/meta.js';

const serviceAccounts = { group: '', resource: 'serviceaccounts' };
const tokenRequestKind = { group: 'authentication.k8s.io', kind: 'TokenRequest' };
const apiVersion = 'authentication.k8s.io/v1';
/** Defaulted `spec.expirationSeconds` (SetDefaults_TokenRequestSpec). */
export const defaultExpirationSeconds = 3600;
/** The shortest lifetime a TokenRequest may ask for (MinTokenAgeSec). */
export const minExpirationSeconds = 600;
const maxExpirationSeconds = 2 ** 32;

interface BoundObjectRef {
  kind?: string;
  apiVersion?: string;
  name?: string;
  uid?: string;
}


/** Whether this request is for the token subresource of a ServiceAccount. */
export function isTokenRequest(ctx: RequestContext): boolean {
  const { info } = ctx;
  return info.apiGroup === '' && info.apiVersion === 'v1' && info.resource === 'serviceaccounts' && info.subresource === 'token';
}

/** Serves the token subresource (create only). */
export async function handleTokenRequest(ctx: RequestContext): Promise<void> {
  const { info } = ctx;
  if (info.verb !== 'create' || info.namespace === '') throw newMethodNotSupported(serviceAccounts, info.verb);
  const tokens = ctx.authn?.serviceAccountTokens;
  if (!tokens) throw newNotFound(serviceAccounts, info.name);
  const req = await decodeReviewBody(ctx, 'TokenRequest', apiVersion);
  const name = info.name;
  const namespace = info.namespace;
  // The body may name the account, but only the one in the URL.
  if (req.metadata['name'] && req.metadata['name'] !== name) {
    throw newInvalid(tokenRequestKind, name, [invalid('metadata.name', String(req.metadata['name']), 'must match the service account name if specified')]);
  }
  if (req.metadata['namespace'] && req.metadata['namespace'] !== namespace) {
    throw newInvalid(tokenRequestKind, name, [invalid('metadata.namespace', String(req.metadata['namespace']), 'must match the service account namespace if specified')]);
  }
  const spec = (req['spec'] ?? {}) as { audiences?: string[]; expirationSeconds?: number; boundObjectRef?: BoundObjectRef | null };
  const expirationSeconds = spec.expirationSeconds ?? defaultExpirationSeconds;
  const errors: FieldError[] = [];
  if (expirationSeconds < minExpirationSeconds) errors.push(invalid('spec.expirationSeconds', expirationSeconds, 'may not specify a duration less than 10 minutes'));
  if (expirationSeconds > maxExpirationSeconds) errors.push(invalid('spec.expirationSeconds', expirationSeconds, 'may not specify a duration larger than 2^32 seconds'));
  if (errors.length > 0) throw newInvalid(tokenRequestKind, name, errors);

  const account = await tokens.readServiceAccount(namespace, name);
  if (!account || !account.metadata.uid) throw newNotFound(serviceAccounts, name);
  const bound = await resolveBoundObject(ctx, name, namespace, spec.boundObjectRef ?? undefined);
  const audiences = spec.audiences && spec.audiences.length > 0 ? spec.audiences : [...tokens.apiAudiences];
  const { token, expiration } = tokens.issue({ namespace, account: { name, uid: account.metadata.uid }, audiences, expirationSeconds, bound, now: ctx.now });
  sendJson(ctx.res, 201, {
    kind: 'TokenRequest',
    apiVersion,
    metadata: { name, namespace, creationTimestamp: formatTime(ctx.now) },
    spec: { audiences, expirationSeconds, boundObjectRef: spec.boundObjectRef ?? null },
    status: { token, expirationTimestamp: formatTime(expiration) },
  });
}

/** The bound object's uid, checked against the reference's; only Pods, Secrets and Nodes may be bound. */
async function resolveBoundObject(ctx: RequestContext, account: string, namespace: string, ref: BoundObjectRef | undefined): Promise<BoundObject | undefined> {
  if (!ref) return undefined;
  const tokens = ctx.authn!.serviceAccountTokens;
  const refApiVersion = ref.apiVersion ?? '';
  const [group, version] = refApiVersion.includes('/') ? refApiVersion.split('/', 2) as [string, string] : ['', refApiVersion];
  const kind = ref.kind ?? '';
  if (group !== '' || (kind !== 'Pod' && kind !== 'Secret' && kind !== 'Node')) {
    // Go's GroupVersionKind.String(): "group/version, Kind=kind".
    throw newBadRequest(`cannot bind token for serviceaccount ${JSON.stringify(account)} to object of type ${group}/${version}, Kind=${kind}`);
  }
  const refName = ref.name ?? '';
  const obj = await tokens.readBoundObject(kind, kind === 'Node' ? '' : namespace, refName);
  if (!obj || !obj.metadata.uid) throw newNotFound({ group: '', resource: `${kind.toLowerCase()}s` }, refName);
  if (ref.uid && ref.uid !== obj.metadata.uid) {
    throw newConflict({ group: '', resource: kind }, refName, `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
  }
  return { kind, name: refName, uid: obj.metadata.uid };
}
