// Request bodies of the create-only kinds (reviews, TokenRequest): JSON, YAML or protobuf, each
// checked against its shape (api/authentication, api/authorization), with the same texts as stored
// resources' bodies.

import type { RequestContext } from '../server.js';
import type { MessageShape } from '../../api/serialize/shape-kit.js';
import { selfSubjectReviewShape, tokenRequestShape, tokenReviewShape } from '../../api/authentication/shape.js';
import {
  localSubjectAccessReviewShape, selfSubjectAccessReviewShape, selfSubjectRulesReviewShape, subjectAccessReviewShape,
} from '../../api/authorization/shape.js';
import { readBody } from '../body.js';
import { mediaTypeOf, MediaType } from '../negotiate.js';
import { newBadRequest, newDecodeError, newUnsupportedMediaType } from '../../api/errors.js';
import { decodeJson } from '../../api/serialize/json.js';
import { decodeYaml } from '../../api/serialize/yaml.js';
import { decodeEnvelope, decodeMessage, ProtobufError } from '../../api/serialize/protobuf.js';
import { DecodeError, type FieldValidation } from '../../api/serialize/fields.js';

/** Shapes of the kinds served here, by kind. */
export const reviewShapes: Readonly<Record<string, MessageShape>> = {
  SelfSubjectReview: selfSubjectReviewShape,
  SelfSubjectAccessReview: selfSubjectAccessReviewShape,
  TokenRequest: tokenRequestShape,
  SubjectAccessReview: subjectAccessReviewShape,
  LocalSubjectAccessReview: localSubjectAccessReviewShape,
  SelfSubjectRulesReview: selfSubjectRulesReviewShape,
  TokenReview: tokenReviewShape,
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
