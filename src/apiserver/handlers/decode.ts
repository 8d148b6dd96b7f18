// Request bodies to objects: JSON, YAML or protobuf by Content-Type, decoded against the kind's
// known fields with kube-apiserver's fieldValidation (Strict, Warn, Ignore), and checked to be
// the kind and version the URL names.

import type { ResourceRequest } from './resource-request.js';
import type { ApiObject } from '../registry/resource.js';
import { mediaTypeOf, MediaType } from '../negotiate.js';
import { newBadRequest, newDecodeError, newInvalid, newUnsupportedMediaType } from '../../api/errors.js';
import { invalid } from '../../api/field-error.js';
import { decodeJson, JsonSyntaxError, parseJson } from '../../api/serialize/json.js';
import { decodeYaml, parseYaml, YamlSyntaxError } from '../../api/serialize/yaml.js';
import { decodeProtobuf, ProtobufError } from '../../api/serialize/protobuf.js';
import { checkFields, DecodeError, type Decoded, type FieldValidation, type SentType } from '../../api/serialize/fields.js';
import { shapeOfKind } from './scheme.js';

const bodyTypes = [MediaType.json, MediaType.yaml, MediaType.protobuf];

/**
 * The fieldValidation of the request; kube-apiserver's default is Warn. Any other value was
 * already refused with the write's options (writeOptions in write.ts).
 */
function fieldValidation(r: ResourceRequest): FieldValidation {
  return (r.ctx.url.searchParams.get('fieldValidation') || 'Warn') as FieldValidation;
}

/** A body read without a kind's shape; syntax errors are DecodeErrors, as for shaped kinds. */
function parseLoose(text: Buffer, type: string): unknown {
  try {
    return type === MediaType.yaml ? parseYaml(text.toString('utf8')).value : parseJson(text).value;
  } catch (err) {
    if (err instanceof YamlSyntaxError) throw new DecodeError(`error converting YAML to JSON: ${err.message}`, false);
    if (err instanceof JsonSyntaxError) throw new DecodeError(err.message, false, true);
    throw err;
  }
}

/** Decodes a POST or PUT body into the resource's kind. */
export function decodeObjectBody(r: ResourceRequest, body: Buffer): { object: ApiObject; warnings: readonly string[] } {
  const kind = r.store.def.kind;
  const type = mediaTypeOf(r.ctx.req.headers['content-type']) || MediaType.json;
  if (!bodyTypes.includes(type as (typeof bodyTypes)[number])) throw newUnsupportedMediaType(bodyTypes);
  if (body.length === 0) throw newDecodeError(kind, 'Object \'Kind\' is missing in \'\'', undefined, body);
  const validation = fieldValidation(r);
  let decoded: Decoded<ApiObject>;
  let sent: { kind: string; version: string } | undefined;
  try {
    if (type === MediaType.protobuf) {
      const pb = decodeProtobuf(body, shapeOfKind);
      sent = { kind: pb.kind, version: pb.apiVersion };
      decoded = { object: pb.object as ApiObject, warnings: [] };
    } else {
      const shape = r.store.def.shape;
      if (shape) {
        decoded = type === MediaType.yaml
          ? decodeYaml<ApiObject>(body.toString('utf8'), shape, { fieldValidation: validation })
          : decodeJson<ApiObject>(body, shape, { fieldValidation: validation });
      } else {
        decoded = { object: parseLoose(body, type) as ApiObject, warnings: [] };
      }
    }
  } catch (err) {
    // A body that is not even well-formed JSON fails where upstream reads apiVersion and kind.
    if (err instanceof DecodeError && err.syntax) throw newDecodeError(kind, `couldn't get version/kind; json parse error: ${err.message}`, undefined, body);
    if (err instanceof DecodeError || err instanceof ProtobufError) {
      // What the body named comes with the error: reading a large body again for it would double the cost.
      throw newDecodeError(kind, err.message, sent ?? (err instanceof DecodeError && err.sent ? withUrlDefaults(r, err.sent) : undefined), body);
    }
    throw err;
  }
  return { object: checkTypeMeta(r, decoded.object), warnings: decoded.warnings };
}

/**
 * What the body named, completed from the URL where it named nothing, as upstream's decoder
 * completes a body's type with the default the handler passes it (gvkWithDefaults).
 */
function withUrlDefaults(r: ResourceRequest, sent: SentType): { kind: string; version: string } {
  const sameGroup = sent.group === '' || sent.group === r.store.def.groupResource.group;
  return { kind: sent.kind || r.store.def.kind, version: sent.version || (sameGroup ? r.version.version : '') };
}

/** The body's kind and apiVersion must be the URL's (or absent); metadata must be an object. */
function checkTypeMeta(r: ResourceRequest, obj: ApiObject): ApiObject {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw newDecodeError(r.store.def.kind, 'the body is not an object');
  if (obj.kind && obj.kind !== r.store.def.kind) {
    throw newBadRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${r.store.def.kind})`);
  }
  if (obj.apiVersion && obj.apiVersion !== r.apiVersion) {
    throw newBadRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${r.apiVersion})`);
  }
  if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
  return obj;
}

/** schema.GroupVersionKind's String(): `group/version, Kind=kind` (`/v1` for the core group). */
function groupVersionKindString(apiVersion: unknown, kind: unknown): string {
  const gv = typeof apiVersion === 'string' ? apiVersion : '';
  const [group, version] = gv.includes('/') ? gv.split('/', 2) : ['', gv];
  return `${group}/${version}, Kind=${typeof kind === 'string' ? kind : ''}`;
}

/** Parses a JSON patch body of any patch type (kubectl sends JSON for all three). */
export function decodePatchBody(body: Buffer, type: string): unknown {
  if (type !== MediaType.mergePatch && type !== MediaType.strategicMergePatch && type !== MediaType.jsonPatch) {
    throw newUnsupportedMediaType([MediaType.jsonPatch, MediaType.mergePatch, MediaType.applyPatch, MediaType.strategicMergePatch]);
  }
  try {
    return parseJson(body).value;
  } catch (err) {
    throw newBadRequest(`error decoding patch: ${(err as Error).message}`);
  }
}

/**
 * Field validation of a patch's result; returns the warnings (Warn) or throws: unknown fields
 * under Strict are 400, as for a body; a result that does not decode into the kind (a number
 * where a label belongs) is 422 naming the patched object, as kube-apiserver's patcher answers.
 */
export function checkPatchedObject(r: ResourceRequest, obj: ApiObject): readonly string[] {
  const shape = r.store.def.shape;
  if (!shape) return [];
  try {
    return checkFields(obj, shape, { fieldValidation: fieldValidation(r) }).warnings;
  } catch (err) {
    if (err instanceof DecodeError) {
      if (err.strict) throw newBadRequest(err.message);
      throw newInvalid({ group: '', kind: '' }, '', [invalid('patch', JSON.stringify(obj), err.message)]);
    }
    throw err;
  }
}

/** The configuration of a server-side apply (YAML or JSON, which is YAML too). */
export function decodeApplyBody(r: ResourceRequest, body: Buffer): ApiObject {
  const shape = r.store.def.shape;
  try {
    const obj = shape
      ? decodeYaml<ApiObject>(body.toString('utf8'), shape, { fieldValidation: fieldValidation(r) }).object
      : (parseYaml(body.toString('utf8')).value as ApiObject);
    // The field manager's version check: an apply configuration names its kind and version.
    const sent = obj !== null && typeof obj === 'object' && !Array.isArray(obj) ? obj : ({} as Partial<ApiObject>);
    if (sent.apiVersion !== r.apiVersion || sent.kind !== r.store.def.kind) {
      throw newBadRequest(`invalid object type: ${groupVersionKindString(sent.apiVersion, sent.kind)}`);
    }
    return checkTypeMeta(r, obj);
  } catch (err) {
    if (err instanceof DecodeError) throw newBadRequest(err.message);
    throw err;
  }
}
