// GET of one object and of a collection.

import { collectionOptions, type ResourceRequest } from './resource-request.js';
import { listPage, type ListOptions } from '../registry/list-watch.js';
import { wantsTable, wantsYaml } from '../negotiate.js';
import { rawListBody } from '../registry/object-codec.js';
import { sendJson } from '../respond.js';
import { send, sendObject, toClient, toTable } from './output.js';
import { newInvalid } from '../../api/errors.js';
import { forbidden, notSupported, type FieldError } from '../../api/field-error.js';

/** GET …/name[/status|/approval]. */
export async function handleGet(r: ResourceRequest): Promise<void> {
  const { ctx, store } = r;
  const obj = await store.get(ctx.info.namespace, ctx.info.name);
  sendObject(ctx, store.def, r.version, r.apiVersion, 200, obj);
}

/**
 * resourceVersionMatch and the other options only a list may carry, refused as
 * apimachinery's ValidateListOptions refuses them (422 ListOptions).
 */
function listMatch(q: URLSearchParams): string | undefined {
  const match = q.get('resourceVersionMatch') ?? '';
  const errors: FieldError[] = [];
  if (match !== '') {
    if ((q.get('resourceVersion') ?? '') === '') errors.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
    if ((q.get('continue') ?? '') !== '') errors.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
    if (match !== 'Exact' && match !== 'NotOlderThan') errors.push(notSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan', '']));
    if (match === 'Exact' && q.get('resourceVersion') === '0') errors.push(forbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
  }
  if (q.has('sendInitialEvents')) errors.push(forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  if (errors.length > 0) throw newInvalid({ group: 'meta.k8s.io', kind: 'ListOptions' }, '', errors);
  return match === '' ? undefined : match;
}

/** GET of a collection: a List, or a Table for kubectl's printing. */
export async function handleList(r: ResourceRequest): Promise<void> {
  const { ctx, store } = r;
  const resourceVersionMatch = listMatch(ctx.url.searchParams);
  // A plain JSON list of the storage version needs no object at all: stored values are spliced.
  const raw = !wantsTable(ctx.accept) && !wantsYaml(ctx.accept) && r.version === store.def.versions[0];
  const page = await listPage(store, store.def, store.prefix(ctx.info.namespace), { ...collectionOptions(r), resourceVersionMatch, rawOnly: raw });
  const meta: Record<string, unknown> = { resourceVersion: page.resourceVersion };
  if (page.continueToken) meta['continue'] = page.continueToken;
  if (page.remainingItemCount !== undefined) meta['remainingItemCount'] = page.remainingItemCount;
  if (raw) {
    sendJson(ctx.res, 200, rawListBody(`{"kind":${JSON.stringify(store.def.listKind)},"apiVersion":${JSON.stringify(r.apiVersion)},"metadata":${JSON.stringify(meta)},"items":[`, page.kvs, ']}'));
    return;
  }
  if (wantsTable(ctx.accept)) {
    const { resourceVersion: _rv, ...rest } = meta;
    sendJson(ctx.res, 200, toTable(store.def, page.items, page.resourceVersion, ctx.now, rest));
    return;
  }
  send(ctx.res, ctx, 200, {
    kind: store.def.listKind,
    apiVersion: r.apiVersion,
    metadata: meta,
    items: page.items.map((o) => {
      const c = toClient(store.def, r.version, r.apiVersion, o);
      // Items in a List carry no kind/apiVersion of their own in kube-apiserver's output.
      delete c.kind;
      delete c.apiVersion;
      return c;
    }),
  });
}
