// Reading collections: consistent, paged lists pinned at one revision, and watches that start
// exactly after a resourceVersion (or with a synthetic ADDED for each current object).
// Mirrors k8s.io/apiserver/pkg/storage/etcd3/store.go (GetList, continue tokens) and
// the watch semantics of the cacher.

import type { Store, ListResult, KeyValue } from '../../storage/store.js';
import type { WatchCache } from '../../storage/watch-cache.js';
import { CompactedError, TooLargeResourceVersionError } from '../../storage/store.js';
import { expiredMessages, newBadRequest, newResourceExpired, newInconsistentContinue, newTooLargeResourceVersion } from '../../api/errors.js';
import type { Selector } from './selectors.js';
import type { ApiObject, ResourceDefinition } from './resource.js';
import { decodeObject, decodeShared } from './object-codec.js';

/** What a list or watch asked for. */
export interface CollectionOptions {
  readonly labelSelector: Selector;
  readonly fieldSelector: Selector;
  readonly resourceVersion?: string;
}

/** Paging of a list. */
export interface ListOptions extends CollectionOptions {
  /** `Exact`, `NotOlderThan`, or unset (validated by the handler). */
  readonly resourceVersionMatch?: string;
  readonly limit?: number;
  readonly continueToken?: string;
  /** Skip decoding when nothing needs the objects (no selectors; the caller splices raw values). */
  readonly rawOnly?: boolean;
}

/** One page. */
export interface ListPage {
  /** The matching objects, decoded (empty when the caller asked for raw values only). */
  readonly items: ApiObject[];
  /** The matching stored values, in order. */
  readonly kvs: KeyValue[];
  readonly resourceVersion: string;
  readonly continueToken?: string;
  readonly remainingItemCount?: number;
}

/** One watch event as the API sends it. */
export interface WatchOutput {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  readonly object: ApiObject;
}

const maxPageFill = 10_000;

interface ContinueToken {
  readonly rv: number;
  readonly start: string;
}

function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64url');
}

/** A continue token, checked as storage.DecodeContinue checks it (its texts after "invalid continue token: "). */
function decodeContinue(token: string): ContinueToken {
  const invalid = (why: string): Error => newBadRequest(`invalid continue token: continue key is not valid${why}`);
  const bad = /[^A-Za-z0-9_-]/.exec(token);
  if (bad) throw invalid(`: illegal base64 data at input byte ${bad.index}`);
  let t: { v?: unknown; rv?: unknown; start?: unknown };
  try {
    t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as typeof t;
  } catch {
    throw invalid(': the continue parameter is not valid JSON');
  }
  if (t === null || typeof t !== 'object' || (t.rv !== undefined && !Number.isInteger(t.rv)) || (t.start !== undefined && typeof t.start !== 'string')) {
    throw invalid(': the continue parameter is not a continue token');
  }
  if (t.v !== 'meta.k8s.io/v1') throw invalid(`: server does not recognize this encoded version ${JSON.stringify(t.v ?? '')}`);
  const rv = (t.rv as number | undefined) ?? 0;
  const start = (t.start as string | undefined) ?? '';
  if (rv === 0) throw invalid(': incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (start === '') throw invalid(': encoded start key empty (version meta.k8s.io/v1)');
  // A start that climbs out of the collection (path.Clean would change it) is refused.
  if (start.split('/').some((seg) => seg === '..' || seg === '.') || start.includes('//')) throw invalid(`: ${start}`);
  return { rv, start };
}

/** A resourceVersion as Go's strconv.ParseUint(rv, 10, 64) reads it; absent, empty and 0 are "any". */
export function parseResourceVersion(rv: string | undefined, what: string): number | undefined {
  if (rv === undefined || rv === '' || rv === '0') return undefined;
  if (!/^[1-9][0-9]*$/.test(rv)) throw newBadRequest(`${what}: Invalid value: "${rv}": strconv.ParseUint: parsing "${rv}": invalid syntax`);
  if (BigInt(rv) >= 1n << 64n) throw newBadRequest(`${what}: Invalid value: "${rv}": strconv.ParseUint: parsing "${rv}": value out of range`);
  return Number(rv);
}

function matches(def: ResourceDefinition, opts: CollectionOptions, obj: ApiObject): boolean {
  return (opts.labelSelector.empty || opts.labelSelector.matches(obj.metadata.labels ?? {})) &&
    (opts.fieldSelector.empty || opts.fieldSelector.matches(def.selectableFields(obj)));
}


/** Where a collection is read from: the store, and the watch cache for resourceVersion=0 reads. */
export interface CollectionSource {
  readonly store: Store;
  readonly cache?: WatchCache;
}

/**
 * Lists `prefix` at one revision, filling each page past filtered-out items as etcd3's store
 * does. resourceVersion=0 means "any recent state": the watch cache answers from memory.
 */
export async function listPage(source: CollectionSource, def: ResourceDefinition, prefix: string, opts: ListOptions): Promise<ListPage> {
  // The watch cache answers what it can answer exactly: "any recent state" (resourceVersion=0),
  // the latest state once it has caught up with the store (a consistent read, as kube-apiserver's
  // consistent lists from cache), and later pages of a list pinned at the very revision it holds.
  // Anything else (an older pinned revision) is read from the store.
  const cache = source.cache;
  const read = async (p: string, o: { revision?: number; limit?: number; startKey?: string }): Promise<ListResult> => {
    const page = { limit: o.limit, startKey: o.startKey };
    if (cache) {
      if (opts.resourceVersion === '0' && !opts.continueToken) return cache.list(p, page);
      if (o.revision === undefined) return cache.listConsistent(p, page);
      if (o.revision === cache.revision) return cache.list(p, page);
    }
    return source.store.list(p, o);
  };
  const limit = opts.limit && opts.limit > 0 ? opts.limit : undefined;
  let revision: number | undefined;
  /** resourceVersion=N read as "not older than N": the latest state, which must have reached N. */
  let notOlderThan: number | undefined;
  let startKey = prefix;
  if (opts.continueToken) {
    if (opts.resourceVersion && opts.resourceVersion !== '0') throw newBadRequest('specifying resource version is not allowed when using continue');
    const t = decodeContinue(opts.continueToken);
    // A negative revision is the token of a 410 for an expired continue: go on from the latest state.
    revision = t.rv > 0 ? t.rv : undefined;
    startKey = prefix + t.start;
  } else {
    revision = parseResourceVersion(opts.resourceVersion, 'resourceVersion');
    // The API's table: with resourceVersionMatch unset, a first page (limit set) is Exact and a
    // whole list is NotOlderThan; NotOlderThan asks for it in any case.
    const match = opts.resourceVersionMatch ?? '';
    if (revision !== undefined && (match === 'NotOlderThan' || (match === '' && limit === undefined))) {
      notOlderThan = revision;
      revision = undefined;
    }
  }
  const items: ApiObject[] = [];
  const kvs: KeyValue[] = [];
  const unfiltered = opts.labelSelector.empty && opts.fieldSelector.empty;
  const decode = !(opts.rawOnly && unfiltered);
  let pinned: number | undefined = revision;
  let fetch = limit ?? 0;
  for (;;) {
    let page;
    try {
      page = await read(prefix, { revision: pinned, limit: fetch || undefined, startKey });
    } catch (err) {
      if (err instanceof CompactedError) {
        if (opts.continueToken) throw newInconsistentContinue(encodeContinue(-1, startKey.slice(prefix.length)));
        throw newResourceExpired(expiredMessages.list);
      }
      if (err instanceof TooLargeResourceVersionError) throw newTooLargeResourceVersion(err.requestedRevision, err.currentRevision, 1);
      throw err;
    }
    if (notOlderThan !== undefined && page.revision < notOlderThan) throw newTooLargeResourceVersion(notOlderThan, page.revision, 1);
    pinned = page.revision;
    for (let i = 0; i < page.kvs.length; i++) {
      const kv = page.kvs[i]!;
      if (decode) {
        const obj = decodeObject(kv);
        if (!matches(def, opts, obj)) continue;
        items.push(obj);
      }
      kvs.push(kv);
      if (limit && kvs.length === limit) {
        const more = page.more || i < page.kvs.length - 1;
        if (!more) return { items, kvs, resourceVersion: String(pinned) };
        const next = kv.key.slice(prefix.length) + '\u0000';
        const remaining = unfiltered ? page.remaining + (page.kvs.length - i - 1) : undefined;
        return { items, kvs, resourceVersion: String(pinned), continueToken: encodeContinue(pinned, next), remainingItemCount: remaining };
      }
    }
    if (!page.more || page.kvs.length === 0) return { items, kvs, resourceVersion: String(pinned) };
    startKey = page.kvs[page.kvs.length - 1]!.key + '\u0000';
    fetch = Math.min(fetch * 2, maxPageFill);
  }
}

/**
 * Watches `prefix`. Without a resourceVersion (or "0") every current object comes first as
 * ADDED; with one, only changes after it. Selector transitions become ADDED or DELETED, as
 * the cacher reports them. Ends when `signal` aborts.
 */
export async function* watchCollection(
  source: CollectionSource,
  def: ResourceDefinition,
  prefix: string,
  opts: CollectionOptions & { readonly allowBookmarks: boolean },
  signal: AbortSignal,
): AsyncGenerator<WatchOutput> {
  let from = parseResourceVersion(opts.resourceVersion, 'resourceVersion');
  if (from === undefined) {
    // One snapshot, as the cacher's: paging it would read later pages at a revision the writes
    // meanwhile may have taken out of reach (a memory store keeps little history).
    const snapshot = source.cache ? source.cache.list(prefix) : await source.store.list(prefix);
    for (const kv of snapshot.kvs) {
      const obj = decodeShared(kv);
      if (matches(def, opts, obj)) yield { type: 'ADDED', object: obj };
    }
    from = snapshot.revision;
  }
  try {
    for await (const ev of (source.cache ?? source.store).watch(prefix, from!, signal)) {
      if (ev.type === 'BOOKMARK') {
        if (opts.allowBookmarks) {
          yield { type: 'BOOKMARK', object: { kind: def.kind, apiVersion: '', metadata: { resourceVersion: String(ev.revision) } } };
        }
        continue;
      }
      // Without a selector every object matches, so the previous one is needed only for a DELETE.
      if (opts.labelSelector.empty && opts.fieldSelector.empty && ev.type === 'PUT') {
        yield { type: ev.prevKv ? 'MODIFIED' : 'ADDED', object: decodeShared(ev.kv) };
        continue;
      }
      const obj = ev.type === 'PUT' ? decodeShared(ev.kv) : undefined;
      const old = ev.prevKv ? decodeShared(ev.prevKv) : undefined;
      const nowMatches = ev.type === 'PUT' && obj !== undefined && matches(def, opts, obj);
      const oldMatches = old !== undefined && matches(def, opts, old);
      if (ev.type === 'DELETE') {
        if (oldMatches) {
          yield { type: 'DELETED', object: { ...old!, metadata: { ...old!.metadata, resourceVersion: String(ev.kv.modRevision) } } };
        }
      } else if (nowMatches && oldMatches) yield { type: 'MODIFIED', object: obj! };
      else if (nowMatches) yield { type: 'ADDED', object: obj! };
      else if (oldMatches) {
        // Left the selection: a DELETED with the new state, at the new revision.
        yield { type: 'DELETED', object: obj! };
      }
    }
  } catch (err) {
    if (err instanceof CompactedError) throw newResourceExpired(`too old resource version: ${from} (${err.compactRevision})`);
    if (err instanceof TooLargeResourceVersionError) throw newTooLargeResourceVersion(err.requestedRevision, err.currentRevision, 1);
    throw err;
  }
}
