// Resources advertised in discovery but not served (rows marked advertisedOnly; none today, since
// pods became stored objects): whoever RBAC lets through sees an empty collection, and a named
// object is not found.

import type { RequestContext } from '../server.js';
import { newMethodNotSupported, newNotFound } from '../../api/errors.js';
import { RESOURCES } from '../discovery/resources.js';
import { sendJson } from '../respond.js';

/** Answers a request for an advertised-only resource and returns true; false if it is not one. */
export function answerAdvertisedOnly(ctx: RequestContext): boolean {
  const { info } = ctx;
  const row = RESOURCES.find((r) => r.advertisedOnly && r.group === info.apiGroup && r.version === info.apiVersion && r.resource === info.resource);
  if (!row) return false;
  const gr = { group: info.apiGroup, resource: info.resource };
  if (info.verb === 'list') {
    sendJson(ctx.res, 200, { kind: `${row.kind}List`, apiVersion: info.apiGroup ? `${info.apiGroup}/${info.apiVersion}` : info.apiVersion, metadata: { resourceVersion: '0' }, items: [] });
    return true;
  }
  if (info.verb === 'get') throw newNotFound(gr, info.name);
  throw newMethodNotSupported(gr, info.verb);
}
