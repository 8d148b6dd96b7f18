// The create-only review APIs: SelfSubjectReview and TokenReview (authentication.k8s.io/v1),
// SelfSubjectAccessReview, SubjectAccessReview, LocalSubjectAccessReview and SelfSubjectRulesReview
// (authorization.k8s.io/v1). Nothing is stored; each answers with the review and its status.
// Mirrors pkg/registry/authentication/{selfsubjectreview,tokenreview} and pkg/registry/authorization/*.

import type { RequestContext } from '../server.js';
import type { UserInfo } from '../../api/types.js';
import { newBadRequest, newInvalid, newMethodNotSupported, newNotFound } from '../../api/errors.js';
import { invalid, required, type FieldError } from '../../api/field-error.js';
import type { Attributes, Authorizer } from '../authz/authorizer.js';
import { systemMastersGroup } from '../authz/authorizer.js';
import { allAuthenticatedGroup } from '../authn/authenticator.js';
import { sendJson } from '../respond.js';
import { decodeReviewBody } from './reviews-decode.js';
import { formatTime } from '../../api/meta.js';

type Json = Record<string, unknown>;

interface Review {
  readonly group: string;
  readonly kind: string;
  readonly namespaced: boolean;
  handle(ctx: RequestContext, obj: Json & { metadata: Json }): Promise<Json>;
}

/** A rule of SelfSubjectRulesReview (authorization.k8s.io/v1 ResourceRule). */
export interface ResourceRule {
  readonly verbs: readonly string[];
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
}

/** A non-resource rule of SelfSubjectRulesReview. */
export interface NonResourceRule {
  readonly verbs: readonly string[];
  readonly nonResourceURLs?: readonly string[];
}

/** What an authorizer that can list a user's rules answers (RBAC's RulesFor). */
export interface RulesForResult {
  readonly resourceRules: readonly ResourceRule[];
  readonly nonResourceRules: readonly NonResourceRule[];
  readonly incomplete: boolean;
  readonly evaluationError?: string;
}

/** An authorizer that can also list what a user may do in a namespace. */
export interface RuleResolver {
  rulesFor(user: UserInfo, namespace: string): RulesForResult | Promise<RulesForResult>;
}

function isRuleResolver(a: Authorizer): a is Authorizer & RuleResolver {
  return typeof (a as Partial<RuleResolver>).rulesFor === 'function';
}

export interface AccessSpec {
  resourceAttributes?: { namespace?: string; verb?: string; group?: string; version?: string; resource?: string; subresource?: string; name?: string };
  nonResourceAttributes?: { path?: string; verb?: string };
  user?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
  uid?: string;
}

/** ValidateSelfSubjectAccessReviewSpec's exactly-one rule (a nil pointer prints as "null"). */
function validateAttributes(spec: AccessSpec): FieldError[] {
  if (spec.resourceAttributes && spec.nonResourceAttributes) return [invalid('spec.nonResourceAttributes', { goSyntax: goStruct(spec.nonResourceAttributes) }, 'cannot be specified in combination with resourceAttributes')];
  if (!spec.resourceAttributes && !spec.nonResourceAttributes) return [invalid('spec.resourceAttributes', 'null', 'exactly one of nonResourceAttributes or resourceAttributes must be specified')];
  return [];
}

function goStruct(a: { path?: string; verb?: string }): string {
  return `authorization.NonResourceAttributes{Path:${JSON.stringify(a.path ?? '')}, Verb:${JSON.stringify(a.verb ?? '')}}`;
}

/** The authorizer's attributes for a review's spec (authorizationutil.ResourceAttributesFrom / NonResourceAttributesFrom). */
function attributesOf(user: UserInfo, spec: AccessSpec): Attributes {
  const r = spec.resourceAttributes;
  if (r) {
    return {
      user, verb: r.verb ?? '', isResourceRequest: true, path: '', apiGroup: r.group ?? '', apiVersion: r.version ?? '',
      namespace: r.namespace ?? '', resource: r.resource ?? '', subresource: r.subresource ?? '', name: r.name ?? '',
    };
  }
  const n = spec.nonResourceAttributes ?? {};
  return { user, verb: n.verb ?? '', isResourceRequest: false, path: n.path ?? '', apiGroup: '', apiVersion: '', namespace: '', resource: '', subresource: '', name: '' };
}

/** status of a SubjectAccessReview: allowed always, denied/reason/evaluationError only when set. */
async function accessStatus(authorizer: Authorizer, attrs: Attributes): Promise<Json> {
  try {
    const d = await authorizer.authorize(attrs);
    return { allowed: d.decision === 'allow', ...(d.decision === 'deny' ? { denied: true } : {}), ...(d.reason ? { reason: d.reason } : {}) };
  } catch (err) {
    return { allowed: false, evaluationError: (err as Error).message };
  }
}

function specOf(obj: Json): AccessSpec {
  return (obj['spec'] ?? {}) as AccessSpec;
}

/** The user a SubjectAccessReview asks about. */
function subjectOf(kind: string, spec: AccessSpec): UserInfo {
  const errors = validateAttributes(spec);
  if (!spec.user && (!spec.groups || spec.groups.length === 0)) errors.push(invalid('spec.user', spec.user ?? '', 'at least one of user or group must be specified'));
  if (errors.length > 0) throw newInvalid({ group: 'authorization.k8s.io', kind }, '', errors);
  return { username: spec.user ?? '', groups: spec.groups ?? [], ...(spec.uid ? { uid: spec.uid } : {}), ...(spec.extra ? { extra: spec.extra } : {}) };
}

function userInfoJson(u: UserInfo): Json {
  return {
    ...(u.username ? { username: u.username } : {}), ...(u.uid ? { uid: u.uid } : {}),
    ...(u.groups && u.groups.length > 0 ? { groups: [...u.groups] } : {}),
    ...(u.extra && Object.keys(u.extra).length > 0 ? { extra: u.extra } : {}),
  };
}

/** The privileged group may do everything, as cluster-admin's binding to it says. */
const everything: RulesForResult = {
  resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
  nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
  incomplete: false,
};

async function rulesFor(authorizer: Authorizer, user: UserInfo, namespace: string): Promise<RulesForResult> {
  if (isRuleResolver(authorizer)) return authorizer.rulesFor(user, namespace);
  if (user.groups?.includes(systemMastersGroup)) return everything;
  // An authorizer that cannot list rules: say the list is incomplete, as webhook authorizers do.
  return { resourceRules: [], nonResourceRules: [], incomplete: true };
}


const reviews: Readonly<Record<string, Review>> = {
  'authentication.k8s.io/selfsubjectreviews': {
    group: 'authentication.k8s.io', kind: 'SelfSubjectReview', namespaced: false,
    async handle(ctx) {
      return { metadata: { creationTimestamp: formatTime(ctx.now) }, status: { userInfo: userInfoJson(ctx.user) } };
    },
  },
  'authentication.k8s.io/tokenreviews': {
    group: 'authentication.k8s.io', kind: 'TokenReview', namespaced: false,
    async handle(ctx, obj) {
      const spec = (obj['spec'] ?? {}) as { token?: string; audiences?: string[] };
      if (!spec.token) throw newBadRequest('token is required for TokenReview in authentication');
      const tokens = ctx.authn;
      if (!tokens) return { ...obj, status: { user: {}, error: 'invalid bearer token' } };
      const audiences = spec.audiences && spec.audiences.length > 0 ? spec.audiences : tokens.serviceAccountTokens.apiAudiences;
      const r = await tokens.tokenAuthenticator.authenticateToken(spec.token, audiences, ctx.now);
      if (r.kind !== 'user') return { ...obj, status: { user: {}, error: r.kind === 'error' ? `[invalid bearer token, ${r.message}]` : 'invalid bearer token' } };
      const groups = r.user.groups ?? [];
      const user = groups.includes(allAuthenticatedGroup) ? r.user : { ...r.user, groups: [...groups, allAuthenticatedGroup] };
      return { ...obj, status: { authenticated: true, user: userInfoJson(user), audiences: [...r.audiences] } };
    },
  },
  'authorization.k8s.io/selfsubjectaccessreviews': {
    group: 'authorization.k8s.io', kind: 'SelfSubjectAccessReview', namespaced: false,
    async handle(ctx, obj) {
      const spec = specOf(obj);
      const errors = validateAttributes(spec);
      if (errors.length > 0) throw newInvalid({ group: 'authorization.k8s.io', kind: 'SelfSubjectAccessReview' }, '', errors);
      return { ...obj, status: await accessStatus(ctx.authorizer, attributesOf(ctx.user, spec)) };
    },
  },
  'authorization.k8s.io/subjectaccessreviews': {
    group: 'authorization.k8s.io', kind: 'SubjectAccessReview', namespaced: false,
    async handle(ctx, obj) {
      const spec = specOf(obj);
      return { ...obj, status: await accessStatus(ctx.authorizer, attributesOf(subjectOf('SubjectAccessReview', spec), spec)) };
    },
  },
  'authorization.k8s.io/localsubjectaccessreviews': {
    group: 'authorization.k8s.io', kind: 'LocalSubjectAccessReview', namespaced: true,
    async handle(ctx, obj) {
      const spec = specOf(obj);
      const namespace = ctx.info.namespace;
      if (obj.metadata['namespace'] && obj.metadata['namespace'] !== namespace) throw newBadRequest('the namespace of the provided object does not match the namespace sent on the request');
      obj.metadata['namespace'] = namespace;
      const errors: FieldError[] = [];
      if (!spec.resourceAttributes) errors.push(required('spec.resourceAttributes'));
      if (spec.nonResourceAttributes) errors.push(invalid('spec.nonResourceAttributes', { goSyntax: goStruct(spec.nonResourceAttributes) }, 'disallowed on this kind of request'));
      if (spec.resourceAttributes && (spec.resourceAttributes.namespace ?? '') !== namespace) errors.push(invalid('spec.resourceAttributes.namespace', spec.resourceAttributes.namespace ?? '', 'must match metadata.namespace'));
      if (errors.length > 0) throw newInvalid({ group: 'authorization.k8s.io', kind: 'LocalSubjectAccessReview' }, '', errors);
      return { ...obj, status: await accessStatus(ctx.authorizer, attributesOf(subjectOf('LocalSubjectAccessReview', spec), spec)) };
    },
  },
  'authorization.k8s.io/selfsubjectrulesreviews': {
    group: 'authorization.k8s.io', kind: 'SelfSubjectRulesReview', namespaced: false,
    async handle(ctx, obj) {
      const namespace = ((obj['spec'] ?? {}) as { namespace?: string }).namespace ?? '';
      if (namespace === '') throw newBadRequest('no namespace on request');
      let r: RulesForResult;
      try {
        r = await rulesFor(ctx.authorizer, ctx.user, namespace);
      } catch (err) {
        r = { resourceRules: [], nonResourceRules: [], incomplete: true, evaluationError: (err as Error).message };
      }
      const status = { resourceRules: r.resourceRules, nonResourceRules: r.nonResourceRules, incomplete: r.incomplete, ...(r.evaluationError ? { evaluationError: r.evaluationError } : {}) };
      return { ...obj, status };
    },
  },
};

/**
 * The status of a SubjectAccessReview of `spec`, as POST subjectaccessreviews answers it (the
 * caller has been authorized to create one); throws the same 422 for a spec it refuses.
 */
export function subjectAccessReviewStatus(authorizer: Authorizer, spec: AccessSpec): Promise<Json> {
  return accessStatus(authorizer, attributesOf(subjectOf('SubjectAccessReview', spec), spec));
}

/** The review a request is for, if it is for one (v1 only). */
function reviewOf(ctx: RequestContext): Review | undefined {
  const { info } = ctx;
  if (info.apiVersion !== 'v1') return undefined;
  return reviews[`${info.apiGroup}/${info.resource}`];
}

/** Whether the request is for one of the review APIs. */
export function isReviewRequest(ctx: RequestContext): boolean {
  return reviewOf(ctx) !== undefined;
}

/** Serves a review: create only, on the collection; answers 201 with the review and its status. */
export async function handleReview(ctx: RequestContext): Promise<void> {
  const review = reviewOf(ctx)!;
  const { info } = ctx;
  const gr = { group: review.group, resource: info.resource };
  if (info.name !== '' || info.subresource !== '' || review.namespaced !== (info.namespace !== '')) throw newNotFound(gr, info.name);
  if (info.verb !== 'create') throw newMethodNotSupported(gr, info.verb);
  const apiVersion = `${review.group}/v1`;
  const obj = await decodeReviewBody(ctx, review.kind, apiVersion);
  const { kind: _k, apiVersion: _a, metadata, ...rest } = obj;
  const answer = await review.handle(ctx, { metadata: { creationTimestamp: null, ...metadata }, ...rest });
  sendJson(ctx.res, 201, { kind: review.kind, apiVersion, ...answer });
}
