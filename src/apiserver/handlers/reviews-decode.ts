// Request bodies of the create-only kinds (reviews, TokenRequest): JSON, YAML or protobuf, each
// checked against its shape, with the same texts as stored resources' bodies. The shapes of the
// kinds kubectl never sends (SubjectAccessReview, TokenReview, SelfSubjectRulesReview) live here.

import type { RequestContext } from '../server.js';
import type { FieldShape, MessageShape, Shape } from '../../api/serialize/shapes.js';
import { objectMetaShape, selfSubjectAccessReviewShape, selfSubjectReviewShape, tokenRequestShape } from '../../api/serialize/shapes.js';
import { readBody } from '../body.js';
import { mediaTypeOf, MediaType } from '../negotiate.js';
import { newBadRequest, newDecodeError, newUnsupportedMediaType } from '../../api/errors.js';
import { decodeJson } from '../../api/serialize/json.js';
import { decodeYaml } from '../../api/serialize/yaml.js';
import { decodeEnvelope, decodeMessage, ProtobufError } from '../../api/serialize/protobuf.js';
import { DecodeError, type FieldValidation } from '../../api/serialize/fields.js';

const f = (name: string, num: number, shape: Shape, extra: Partial<FieldShape> = {}): FieldShape => ({ name, num, shape, ...extra });
const list = (name: string, num: number, shape: Shape): FieldShape => ({ name, num, shape, repeated: true });
const msg = (go: string, fields: FieldShape[]): MessageShape => ({ kind: 'message', go, fields });
const kind = (go: string, fields: FieldShape[]): MessageShape => msg(go, [f('kind', 1001, 'string'), f('apiVersion', 1002, 'string'), f('metadata', 1, objectMetaShape), ...fields]);

const ssar = selfSubjectAccessReviewShape;
const ssarSpec = (ssar.fields.find((x) => x.name === 'spec')!.shape as MessageShape).fields;
const sarStatus = ssar.fields.find((x) => x.name === 'status')!;
const extraMap: Shape = { kind: 'map', go: 'map[string]ExtraValue', values: 'extraValue' };
const userInfo = msg('UserInfo', [f('username', 1, 'string'), f('uid', 2, 'string'), list('groups', 3, 'string'), f('extra', 4, extraMap)]);

/** authorization.k8s.io/v1 SubjectAccessReview (LocalSubjectAccessReview has the same fields). */
const sarShape = (go: string): MessageShape => kind(go, [
  f('spec', 2, msg('SubjectAccessReviewSpec', [...ssarSpec, f('user', 3, 'string'), list('groups', 4, 'string'), f('extra', 5, extraMap), f('uid', 6, 'string')])),
  sarStatus,
]);

/** Shapes of the kinds served here, by kind. */
export const reviewShapes: Readonly<Record<string, MessageShape>> = {
  SelfSubjectReview: selfSubjectReviewShape,
  SelfSubjectAccessReview: ssar,
  TokenRequest: tokenRequestShape,
  SubjectAccessReview: sarShape('SubjectAccessReview'),
  LocalSubjectAccessReview: sarShape('LocalSubjectAccessReview'),
  SelfSubjectRulesReview: kind('SelfSubjectRulesReview', [
    f('spec', 2, msg('SelfSubjectRulesReviewSpec', [f('namespace', 1, 'string')])),
    f('status', 3, msg('SubjectRulesReviewStatus', [
      list('resourceRules', 1, msg('ResourceRule', [list('verbs', 1, 'string'), list('apiGroups', 2, 'string'), list('resources', 3, 'string'), list('resourceNames', 4, 'string')])),
      list('nonResourceRules', 2, msg('NonResourceRule', [list('verbs', 1, 'string'), list('nonResourceURLs', 2, 'string')])),
      f('incomplete', 3, 'bool'), f('evaluationError', 4, 'string'),
    ])),
  ]),
  TokenReview: kind('TokenReview', [
    f('spec', 2, msg('TokenReviewSpec', [f('token', 1, 'string'), list('audiences', 2, 'string')])),
    f('status', 3, msg('TokenReviewStatus', [f('authenticated', 1, 'bool'), f('user', 2, userInfo), list('audiences', 4, 'string'), f('error', 3, 'string')])),
  ]),
};

const bodyTypes = [MediaType.json, MediaType.yaml, MediaType.protobuf];

function fieldValidation(ctx: RequestContext): FieldValidation {
  const v = ctx.url.searchParams.get('fieldValidation') ?? 'Warn';
  if (v !== 'Strict' && v !== 'Warn' && v !== 'Ignore') throw newBadRequest(`fieldValidation parameter unsupported: ${v}. Supported values: [Ignore Warn Strict]`);
  return v;
}

/** Decodes the request body as `kindName` of `apiVersion` (`group/version`). */
export async function decodeReviewBody(ctx: RequestContext, kindName: string, apiVersion: string): Promise<Record<string, unknown> & { metadata: Record<string, unknown> }> {
  const shape = reviewShapes[kindName]!;
  const type = mediaTypeOf(ctx.req.headers['content-type']) || MediaType.json;
  if (!bodyTypes.includes(type as (typeof bodyTypes)[number])) throw newUnsupportedMediaType(bodyTypes);
  const body = await readBody(ctx.req);
  if (body.length === 0) throw newDecodeError(kindName, 'Object \'Kind\' is missing in \'\'', undefined, body);
  let obj: Record<string, unknown>;
  let sent: { kind: string; version: string } | undefined;
  try {
    if (type === MediaType.protobuf) {
      const env = decodeEnvelope(body);
      sent = { kind: env.kind, version: env.apiVersion };
      obj = { kind: env.kind, apiVersion: env.apiVersion, ...decodeMessage(env.raw, shape) };
    } else {
      const opts = { fieldValidation: fieldValidation(ctx) };
      obj = (type === MediaType.yaml ? decodeYaml<Record<string, unknown>>(body.toString('utf8'), shape, opts) : decodeJson<Record<string, unknown>>(body, shape, opts)).object;
    }
  } catch (err) {
    if (err instanceof DecodeError && err.syntax) throw newDecodeError(kindName, `couldn't get version/kind; json parse error: ${err.message}`, undefined, body);
    if (err instanceof DecodeError || err instanceof ProtobufError) throw newDecodeError(kindName, err.message, sent, body);
    throw err;
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw newDecodeError(kindName, 'the body is not an object');
  if (obj['kind'] && obj['kind'] !== kindName) throw newBadRequest(`the kind in the data (${String(obj['kind'])}) does not match the expected kind (${kindName})`);
  if (obj['apiVersion'] && obj['apiVersion'] !== apiVersion) throw newBadRequest(`the API version in the data (${String(obj['apiVersion'])}) does not match the expected API version (${apiVersion})`);
  if (!obj['metadata'] || typeof obj['metadata'] !== 'object') obj['metadata'] = {};
  return obj as Record<string, unknown> & { metadata: Record<string, unknown> };
}
