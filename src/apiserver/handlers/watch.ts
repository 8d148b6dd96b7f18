// ?watch=true: a chunked stream of newline-delimited JSON events, flushed one by one, until
// the client goes away, timeoutSeconds passes, or the server drains.

import { parseResourceVersion, watchCollection } from '../registry/list-watch.js';
import { boolParam, int64Param } from '../query-params.js';
import { collectionOptions, type ResourceRequest } from './resource-request.js';
import { wantsTable } from '../negotiate.js';
import { clientJson, toClient, toTable } from './output.js';
import type { ApiObject } from '../registry/resource.js';
import { StatusError, toStatusError } from '../../api/errors.js';
import type { ServerResponse } from 'node:http';

/** One event's line, and the same line framed as an HTTP/1.1 chunk. */
interface EventLine {
  readonly line: Buffer;
  readonly framed: Buffer;
}

const crlf = Buffer.from('\r\n');

function eventLine(text: string): EventLine {
  const line = Buffer.from(text);
  return { line, framed: Buffer.concat([Buffer.from(`${line.length.toString(16)}\r\n`), line, crlf]) };
}

/**
 * One event's line, serialized and framed once for every watcher of the same version, so that a
 * thousand watchers share one encoding and each costs one socket write (see `eventWriter`):
 * watch objects are shared between watchers (list-watch.ts decodes each stored value once).
 */
const lines = new WeakMap<object, Map<string, EventLine>>();

function serializedEvent(type: string, object: ApiObject, r: ResourceRequest): EventLine {
  let byVersion = lines.get(object);
  if (!byVersion) {
    byVersion = new Map();
    lines.set(object, byVersion);
  }
  const key = `${type} ${r.apiVersion}`;
  let line = byVersion.get(key);
  if (line === undefined) {
    const json = clientJson(r.store.def, r.version, r.apiVersion, object) ?? JSON.stringify(toClient(r.store.def, r.version, r.apiVersion, object));
    line = eventLine(`{"type":"${type}","object":${json}}\n`);
    byVersion.set(key, line);
  }
  return line;
}

/**
 * Writes framed chunks straight to the connection: a watch response is the connection's only
 * traffic until it ends, and ServerResponse.write would frame each event again and cork and
 * uncork the socket per watcher. Only for a chunked (HTTP/1.1) response; res.end() still writes
 * the last chunk. Anything else (an HTTP/1.0 client) gets the plain line through res.write.
 */
function eventWriter(res: ServerResponse): (e: EventLine) => void {
  const socket = res.socket;
  const chunked = (res as ServerResponse & { chunkedEncoding?: boolean }).chunkedEncoding === true;
  if (!socket || !chunked) return (e) => res.write(e.line);
  return (e) => {
    if (!socket.destroyed) socket.write(e.framed);
  };
}

/** kube-apiserver's --min-request-timeout. */
const minRequestTimeoutSeconds = 1800;

/** Streams watch events. A failure after the stream started becomes an ERROR event. */
export async function handleWatch(r: ResourceRequest): Promise<void> {
  const { ctx, store } = r;
  const q = ctx.url.searchParams;
  const opts = { ...collectionOptions(r), allowBookmarks: boolParam(q, 'allowWatchBookmarks') };
  // A watch on one named object (GET …/name?watch=true) is a watch with a name selector.
  const name = ctx.info.name;
  // Without timeoutSeconds, kube-apiserver ends a watch after --min-request-timeout (1800 s) to twice
  // that, at random, so that watchers reconnect spread out and a forgotten one does not live for ever.
  const timeoutSeconds = int64Param(q, 'timeoutSeconds') || minRequestTimeoutSeconds * (1 + Math.random());
  // Refused before the stream starts, so the client gets a status code, not an ERROR event.
  parseResourceVersion(opts.resourceVersion, 'resourceVersion');
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  ctx.signal.addEventListener('abort', abort, { once: true });
  const timer = timeoutSeconds > 0 ? setTimeout(abort, timeoutSeconds * 1000) : undefined;
  const table = wantsTable(ctx.accept);
  // Headers go out at once: clients wait for them before reading events. Without a length, Node
  // chunks the body for HTTP/1.1 clients and streams it plainly (ending with the connection) for
  // HTTP/1.0 ones, which know no chunks.
  ctx.res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' });
  ctx.res.flushHeaders();
  const events = watchCollection(store, store.def, store.prefix(ctx.info.namespace), opts, controller.signal);
  const write = eventWriter(ctx.res);
  try {
    for await (const ev of events) {
      if (name && ev.object.metadata.name !== name && ev.type !== 'BOOKMARK') continue;
      write(ev.type === 'BOOKMARK'
        ? eventLine(JSON.stringify({ type: ev.type, object: { ...ev.object, apiVersion: r.apiVersion, kind: store.def.kind } }) + '\n')
        : table
          ? eventLine(JSON.stringify({ type: ev.type, object: toTable(store.def, [ev.object], ev.object.metadata.resourceVersion, new Date()) }) + '\n')
          : serializedEvent(ev.type, ev.object, r));
    }
  } catch (err) {
    if (controller.signal.aborted && !(err instanceof StatusError)) return endStream(r);
    const status = toStatusError(err).status;
    if (!ctx.res.destroyed) ctx.res.write(JSON.stringify({ type: 'ERROR', object: status }) + '\n');
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', abort);
  }
  endStream(r);
}

function endStream(r: ResourceRequest): void {
  const res = r.ctx.res;
  if (!res.writableEnded && !res.destroyed) res.end();
}
