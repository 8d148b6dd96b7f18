// Encoding objects for the client: the requested version, and a Table when kubectl asked for
// server-side printing (with PartialObjectMetadata rows so -A and --show-labels work).

import type { ServerResponse } from 'node:http';
import { wantsTable, wantsYaml } from '../negotiate.js';
import { sendJson, sendYaml } from '../respond.js';
import type { RequestContext } from '../server.js';
import type { ApiObject, ResourceDefinition, ServedVersion } from '../registry/resource.js';
import { storedJson } from '../registry/object-codec.js';

/** The object as the client's version shows it, with kind and apiVersion. */
export function toClient(def: ResourceDefinition, version: ServedVersion, apiVersion: string, obj: ApiObject): ApiObject {
  const converted = version.toVersion(obj);
  return { kind: def.kind, apiVersion, ...stripTypeMeta(converted) };
}

function stripTypeMeta(obj: ApiObject): ApiObject {
  const { kind: _k, apiVersion: _a, ...rest } = obj;
  return rest as ApiObject;
}

/** A meta.k8s.io/v1 Table of `objects`. */
export function toTable(def: ResourceDefinition, objects: readonly ApiObject[], resourceVersion: string | undefined, now: Date, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { ...(resourceVersion ? { resourceVersion } : {}), ...extra },
    columnDefinitions: def.table.columns,
    rows: objects.map((o) => ({
      cells: def.table.cells(o, now),
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}

/** Sends one object (or its one-row Table). */
export function sendObject(ctx: RequestContext, def: ResourceDefinition, version: ServedVersion, apiVersion: string, code: number, obj: ApiObject, headers: Record<string, string> = {}): void {
  if (wantsTable(ctx.accept)) {
    sendJson(ctx.res, code, toTable(def, [obj], obj.metadata.resourceVersion, ctx.now), headers);
    return;
  }
  const json = wantsYaml(ctx.accept) ? undefined : clientJson(def, version, apiVersion, obj);
  if (json !== undefined) sendJson(ctx.res, code, json, headers);
  else send(ctx.res, ctx, code, toClient(def, version, apiVersion, obj), headers);
}

/** The client's JSON of `obj` from its stored bytes, when the client asked for the storage version; else undefined. */
export function clientJson(def: ResourceDefinition, version: ServedVersion, apiVersion: string, obj: ApiObject): string | undefined {
  return version === def.versions[0] ? storedJson(obj, def.kind, apiVersion) : undefined;
}

/** Sends a body as JSON or, when asked for, YAML. */
export function send(res: ServerResponse, ctx: RequestContext, code: number, body: unknown, headers: Record<string, string> = {}): void {
  if (wantsYaml(ctx.accept)) sendYaml(res, code, body);
  else sendJson(res, code, body, headers);
}
