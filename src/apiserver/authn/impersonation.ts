// Impersonation: `Impersonate-User`, `-Group`, `-Uid` and `-Extra-*` headers (kubectl --as,
// --as-group, --as-uid), each value gated by the `impersonate` verb for the real requester.
// Mirrors staging/src/k8s.io/apiserver/pkg/endpoints/filters/impersonation.go.

import type { UserInfo } from '../../api/types.js';
import { newForbiddenForRequest, newInternalError } from '../../api/errors.js';
import type { Attributes, Authorizer } from '../authz/authorizer.js';
import { allAuthenticatedGroup } from './authenticator.js';
import { serviceAccountGroups, serviceAccountUsername, splitServiceAccountUsername } from './service-account-token.js';

const userHeader = 'impersonate-user';
const uidHeader = 'impersonate-uid';
const groupHeader = 'impersonate-group';
const extraPrefix = 'impersonate-extra-';
const anonymousUser = 'system:anonymous';
const unauthenticatedGroup = 'system:unauthenticated';
const authenticationV1 = 'authentication.k8s.io/v1';

/** One value to impersonate: Go's v1.ObjectReference, field for field, as its %v prints it. */
interface ImpersonationRequest {
  readonly kind: 'ServiceAccount' | 'User' | 'Group' | 'UserExtra' | 'UID';
  readonly namespace: string;
  readonly name: string;
  readonly apiVersion: string;
  readonly fieldPath: string;
}

const request = (kind: ImpersonationRequest['kind'], name: string, more: Partial<ImpersonationRequest> = {}): ImpersonationRequest => ({ kind, name, namespace: '', apiVersion: '', fieldPath: '', ...more });

/** Go's `%v` of an ObjectReference: `{Kind Namespace Name UID APIVersion ResourceVersion FieldPath}`. */
function goFormat(r: ImpersonationRequest): string {
  return `{${[r.kind, r.namespace, r.name, '', r.apiVersion, '', r.fieldPath].join(' ')}}`;
}

/** Whether the request asks to impersonate anyone (any Impersonate-* header). */
export function hasImpersonation(headers: Readonly<Record<string, readonly string[] | undefined>>): boolean {
  return Object.keys(headers).some((h) => h.startsWith('impersonate-'));
}

function unescapeExtraKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

/** The impersonation requests of the headers, in upstream's order; throws 500 for groups/extra/uid without a user. */
function buildRequests(headers: Readonly<Record<string, readonly string[] | undefined>>): ImpersonationRequest[] {
  const out: ImpersonationRequest[] = [];
  const requestedUser = headers[userHeader]?.[0] ?? '';
  if (requestedUser !== '') {
    const sa = splitServiceAccountUsername(requestedUser);
    out.push(sa ? request('ServiceAccount', sa.name, { namespace: sa.namespace }) : request('User', requestedUser));
  }
  const groups = headers[groupHeader] ?? [];
  for (const g of groups) out.push(request('Group', g));
  let hasExtra = false;
  for (const [name, values] of Object.entries(headers)) {
    if (!name.startsWith(extraPrefix)) continue;
    hasExtra = true;
    const key = unescapeExtraKey(name.slice(extraPrefix.length).toLowerCase());
    for (const v of values ?? []) out.push(request('UserExtra', v, { apiVersion: authenticationV1, fieldPath: key }));
  }
  const uid = headers[uidHeader]?.[0] ?? '';
  if (uid !== '') out.push(request('UID', uid, { apiVersion: authenticationV1 }));
  if ((groups.length > 0 || hasExtra || uid !== '') && requestedUser === '') {
    throw newInternalError(`requested [${out.map(goFormat).join(' ')}] without impersonating a user`);
  }
  return out;
}

const resources: Readonly<Record<ImpersonationRequest['kind'], string>> = { ServiceAccount: 'serviceaccounts', User: 'users', Group: 'groups', UserExtra: 'userextras', UID: 'uids' };

/**
 * The user to act as, after checking that `requestor` may impersonate every value asked for;
 * undefined when no impersonation headers were sent. Throws 403 with Kubernetes' text for the
 * first value that is not allowed.
 */
export async function impersonate(requestor: UserInfo, headers: Readonly<Record<string, readonly string[] | undefined>>, authorizer: Authorizer): Promise<UserInfo | undefined> {
  const requests = buildRequests(headers);
  if (requests.length === 0) return undefined;
  let username = '';
  let uid = '';
  const groups: string[] = [];
  // A Map: an extra named `constructor` or `__proto__` is a key like any other.
  const extra = new Map<string, string[]>();
  const groupsSpecified = requests.some((r) => r.kind === 'Group');
  for (const r of requests) {
    const group = r.apiVersion.includes('/') ? r.apiVersion.split('/')[0]! : '';
    const attrs: Attributes = {
      user: requestor, verb: 'impersonate', isResourceRequest: true, path: '', apiGroup: group, apiVersion: r.apiVersion.split('/').pop() ?? '',
      namespace: r.namespace, resource: resources[r.kind], subresource: r.kind === 'UserExtra' ? r.fieldPath : '', name: r.name,
    };
    switch (r.kind) {
      case 'ServiceAccount':
        username = serviceAccountUsername(r.namespace, r.name);
        // A service account's groups are a fixed mapping: add them unless groups were asked for.
        if (!groupsSpecified) groups.push(...serviceAccountGroups(r.namespace));
        break;
      case 'User':
        username = r.name;
        break;
      case 'Group':
        groups.push(r.name);
        break;
      case 'UserExtra':
        if (extra.has(r.fieldPath)) extra.get(r.fieldPath)!.push(r.name);
        else extra.set(r.fieldPath, [r.name]);
        break;
      case 'UID':
        uid = r.name;
        break;
    }
    const d = await authorizer.authorize(attrs);
    if (d.decision !== 'allow') {
      throw newForbiddenForRequest({
        user: requestor.username, verb: attrs.verb, group: attrs.apiGroup, resource: attrs.resource, subresource: attrs.subresource, namespace: attrs.namespace, name: attrs.name, reason: d.reason,
      });
    }
  }
  if (username !== anonymousUser) {
    if (!groups.includes(allAuthenticatedGroup) && !groups.includes(unauthenticatedGroup)) groups.push(allAuthenticatedGroup);
  } else if (!groups.includes(unauthenticatedGroup)) {
    groups.push(unauthenticatedGroup);
  }
  return { username, ...(uid ? { uid } : {}), groups, ...(extra.size > 0 ? { extra: Object.fromEntries(extra) } : {}) };
}
