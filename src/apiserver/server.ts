// The HTTPS front of the API: TLS with client certificates, kube-apiserver's limits, then for
// every request the fixed sequence authenticate (or anonymous) → impersonate → limit → authorize
// → route, and a graceful drain on close. What a route does is the registry's business, not this file's.
// Mirrors the handler chain of staging/src/k8s.io/apiserver/pkg/server/config.go (DefaultBuildHandlerChain).

import { encodePem } from '../pki/pem.js';
import { createServer, type Server } from 'node:https';
import { createServer as createInProcessServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { UserInfo } from '../api/types.js';
import { newBadRequest, newForbiddenForRequest, newTimeout, newTooManyRequests, newUnauthorized, toStatusError, StatusError } from '../api/errors.js';
import { invalidPathEscape, parseRequestInfo, type RequestInfo } from './request-info.js';
import { parseAccept, type AcceptEntry } from './negotiate.js';
import type { Authenticator } from './authn/authenticator.js';
import type { AuthnServices } from './authn/authentication.js';
import { hasImpersonation, impersonate } from './authn/impersonation.js';
import type { Authorizer } from './authz/authorizer.js';
import { sendJson, sendStatus, sendText } from './respond.js';
import { BodyTooLargeError, refuseBody } from './body.js';
import { createDiscoveryRouter, type DiscoveryRouter } from './discovery/routes.js';
import type { Logger } from '../runtime/log.js';
import type { Metrics } from '../runtime/metrics.js';
import { requestInProcess, type InProcessRequest, type InProcessResponse } from './in-process-transport.js';

/** Everything a route needs to know about one request. */
export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly info: RequestInfo;
  readonly user: UserInfo;
  readonly accept: readonly AcceptEntry[];
  readonly now: Date;
  /** Aborted when the client goes away, the request times out, or the server shuts down. */
  readonly signal: AbortSignal;
  /** The server's authorizer: the review APIs ask it what the request's pipeline asks. */
  readonly authorizer: Authorizer;
  /** Token review and issuing, when the server was built with them. */
  readonly authn?: AuthnServices;
}

/** Serves resource requests (anything under /api or /apis below a group-version). */
export type ResourceHandler = (ctx: RequestContext) => Promise<void>;

/** kube-apiserver's defaults. */
export interface Limits {
  readonly maxReadsInFlight: number;
  readonly maxWritesInFlight: number;
  readonly requestTimeoutMs: number;
  readonly headersTimeoutMs: number;
}

const defaultLimits: Limits = { maxReadsInFlight: 400, maxWritesInFlight: 200, requestTimeoutMs: 60_000, headersTimeoutMs: 32_000 };

/** Paths anyone may read, credentials or not (kube-apiserver's system:public-info-viewer). */
const publicPaths = new Set(['/healthz', '/livez', '/readyz', '/version']);

/** Who a request without any credentials is (k8s.io/apiserver/pkg/authentication/request/anonymous). */
const anonymousUser: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] };

/** How the server is put together. */
export interface ApiServerOptions {
  readonly tls: { readonly certPem: string; readonly keyPem: string; readonly clientCaPem: string };
  readonly authenticator: Authenticator;
  readonly authorizer: Authorizer;
  /** Services the review and token handlers use (TokenReview, TokenRequest). */
  readonly authnServices?: AuthnServices;
  /** Whether requests without credentials proceed as system:anonymous (kube-apiserver's --anonymous-auth, default true). */
  readonly anonymous?: boolean;
  readonly resources: ResourceHandler;
  readonly log: Logger;
  readonly limits?: Partial<Limits>;
  readonly clock?: () => Date;
  /** Where request counts and latencies go; served at /metrics. */
  readonly metrics?: Metrics;
  /** Why the process is not live (a held event loop), for /livez and /healthz; undefined when it is. */
  readonly livenessFailure?: () => string | undefined;
  /** The CRL (DER) of a signer name, served unauthenticated at /crl/<signer name>; undefined: none for it. */
  readonly revocationList?: (signerName: string) => Uint8Array | undefined;
}

/**
 * The request target as a URL. Concatenated, not resolved against a base: `//` and `///x` are
 * paths to Go's server, while URL resolution would read them as a host. Escapes that do not
 * decode are refused as Go's url.ParseRequestURI refuses them.
 */
function requestUrl(target: string): URL {
  const bad = invalidPathEscape(target.split('?')[0]!);
  if (bad !== undefined) throw newBadRequest(`invalid URL escape ${JSON.stringify(bad)}`);
  try {
    return new URL(target.startsWith('/') ? `https://signet.invalid${target}` : target);
  } catch {
    throw newBadRequest(`invalid request URI ${JSON.stringify(target.slice(0, 100))}`);
  }
}

const readVerbs = new Set(['get', 'list', 'watch']);

/** The API server. */
export class ApiServer {
  readonly #opts: ApiServerOptions;
  readonly #limits: Limits;
  readonly #server: Server;
  readonly #longRunning = new Set<AbortController>();
  /** The long-running requests (watches) of each client certificate, by serial: a revocation ends them. */
  readonly #streamsByCertificate = new Map<string, Set<AbortController>>();
  readonly #peerCertificates = new WeakMap<object, Uint8Array | undefined>();
  /** What each response answers, for its metrics. */
  readonly #requestInfos = new WeakMap<ServerResponse, RequestInfo>();
  #discovery: DiscoveryRouter | undefined;
  #reads = 0;
  #writes = 0;
  #ready = false;
  #draining = false;
  #closing: Promise<void> | undefined;
  /** Responses of the requests in flight (their count is what a drain waits on), told to close their connection when a drain starts. */
  readonly #answering = new Set<ServerResponse>();
  #drained: (() => void) | undefined;
  /** The same handling without TLS, for `handle`; each of its connections carries its user. */
  readonly #inProcess: HttpServer = createInProcessServer((req, res) => void this.#handle(req, res));
  readonly #inProcessUsers = new WeakMap<object, UserInfo>();

  constructor(opts: ApiServerOptions) {
    this.#opts = opts;
    this.#limits = { ...defaultLimits, ...opts.limits };
    this.#server = createServer({
      cert: opts.tls.certPem,
      key: opts.tls.keyPem,
      ca: opts.tls.clientCaPem,
      requestCert: true,
      // We verify the certificate ourselves, so that a bad one is a 401 Status, not a TLS alert.
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
      // Node enforces headersTimeout and requestTimeout only when it sweeps connections (every
      // 30 s by default); sweeping every second keeps kube-apiserver's 32 s header limit to it.
      connectionsCheckingInterval: 1000,
      // A handshake that stalls (a record header, then silence) shares the header limit, as Go's
      // ReadHeaderTimeout covers kube-apiserver's handshakes.
      handshakeTimeout: this.#limits.headersTimeoutMs,
    });
    this.#server.headersTimeout = this.#limits.headersTimeoutMs;
    this.#server.requestTimeout = this.#limits.requestTimeoutMs + 5_000;
    this.#server.keepAliveTimeout = 30_000;
    this.#server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      void this.#handle(req, res);
    });
    this.#server.on('tlsClientError', () => {
      // A client that fails the handshake has nothing to be told.
    });
  }

  /** Starts listening; resolves to the bound address. */
  async listen(host: string, port: number): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    const address = this.#server.address() as AddressInfo;
    const hostPort = address.family === 'IPv6' ? `[${address.address}]:${address.port}` : `${address.address}:${address.port}`;
    this.#discovery = createDiscoveryRouter({ serverAddress: hostPort });
    return address;
  }

  /**
   * Answers one request in-process, as `user`, through everything an HTTPS request goes through
   * after authentication (impersonation, authorization, limits, handlers, the registry), with no
   * TLS and no socket: for tests of the server's behaviour.
   */
  handle(user: UserInfo, request: InProcessRequest): Promise<InProcessResponse> {
    return requestInProcess(this.#inProcess, (connection) => this.#inProcessUsers.set(connection, user), request);
  }

  /** Marks the server ready: /readyz answers ok from now on. */
  setReady(ready: boolean): void {
    this.#ready = ready;
  }

  /**
   * Drains: stops accepting connections, ends watches cleanly, waits up to `graceMs` for
   * in-flight requests, then closes what is left.
   */
  /** Ends the watches opened with the client certificate of `serial` (it was just revoked). */
  endStreamsOf(serial: string): void {
    for (const c of this.#streamsByCertificate.get(serial) ?? []) c.abort();
  }

  close(graceMs = 10_000): Promise<void> {
    this.#closing ??= this.#drain(graceMs);
    return this.#closing;
  }

  async #drain(graceMs: number): Promise<void> {
    this.#draining = true;
    this.#ready = false;
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const c of this.#longRunning) c.abort();
    for (const res of this.#answering) if (!res.headersSent) res.setHeader('Connection', 'close');
    this.#server.closeIdleConnections();
    if (this.#answering.size > 0) {
      await Promise.race([new Promise<void>((r) => (this.#drained = r)), new Promise((r) => setTimeout(r, graceMs).unref())]);
    }
    this.#server.closeAllConnections();
    await closed;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.#answering.add(res);
    // While draining, a keep-alive connection takes no further request after this one (as Go's
    // Shutdown closes connections once their request is answered), so the drain can end.
    if (this.#draining) res.setHeader('Connection', 'close');
    const controller = new AbortController();
    // Aborting builds an AbortError; a response that finished has nobody left to tell.
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const metrics = this.#opts.metrics;
    if (metrics) {
      const started = process.hrtime.bigint();
      res.once('finish', () => {
        const info = this.#requestInfos.get(res);
        const labels = { verb: info?.verb ?? (req.method ?? '').toLowerCase(), resource: info?.resource ?? '', subresource: info?.subresource ?? '' };
        metrics.inc('apiserver_request_total', 'API requests by verb, resource and HTTP code', { ...labels, code: String(res.statusCode) });
        // Watches are open for as long as the client wants; their duration says nothing about latency.
        if (labels.verb !== 'watch') {
          metrics.observe('apiserver_request_duration_seconds', 'API request latency by verb and resource', labels, Number(process.hrtime.bigint() - started) / 1e9);
        }
      });
    }
    try {
      await this.#serve(req, res, controller);
    } catch (err) {
      this.#fail(res, err, req);
    } finally {
      this.#answering.delete(res);
      if (this.#draining && this.#answering.size === 0) this.#drained?.();
    }
  }

  #fail(res: ServerResponse, err: unknown, req: IncomingMessage): void {
    if (err instanceof BodyTooLargeError) {
      refuseBody(req, res, err.limit);
      return;
    }
    if (!(err instanceof StatusError)) this.#opts.log.error('request failed', { method: req.method, path: req.url, error: (err as Error)?.stack ?? String(err) });
    sendStatus(res, toStatusError(err));
  }

  async #serve(req: IncomingMessage, res: ServerResponse, controller: AbortController): Promise<void> {
    const now = (this.#opts.clock ?? (() => new Date()))();
    const url = requestUrl(req.url ?? '/');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    if (req.method === 'GET' && (path === '/healthz' || path === '/livez' || path === '/readyz')) {
      this.#serveHealth(res, path);
      return;
    }
    // Certificate revocation lists are for anyone who checks a certificate, as Vault's /pki/crl and step-ca's /crl.
    if (req.method === 'GET' && path.startsWith('/crl/') && this.#opts.revocationList) {
      this.#serveCrl(res, decodeURIComponent(path.slice('/crl/'.length)), url.searchParams.get('format'));
      return;
    }
    const info = parseRequestInfo(req.method ?? 'GET', url);
    this.#requestInfos.set(res, info);
    const accept = parseAccept(req.headers.accept);
    const socket = req.socket as TLSSocket;
    const preset = this.#inProcessUsers.get(socket);
    const authn = preset ? { kind: 'user' as const, user: preset } : await this.#opts.authenticator.authenticate({
      headers: req.headers,
      clientCertificate: this.#peerCertificate(socket),
      connection: socket,
      now,
    });
    let user: UserInfo;
    if (authn.kind === 'user') user = authn.user;
    else if (authn.kind === 'none' && (this.#opts.anonymous !== false || publicPaths.has(path))) user = anonymousUser;
    else {
      // The reason goes to the log (it never holds a credential); the client learns nothing.
      if (authn.kind === 'error') this.#opts.log.info('authentication failed', { path, reason: authn.message });
      throw newUnauthorized('Unauthorized');
    }
    const headers = req.headersDistinct;
    if (hasImpersonation(headers)) user = (await impersonate(user, headers, this.#opts.authorizer)) ?? user;
    const ctx: RequestContext = { req, res, url, info, user, accept, now, signal: controller.signal, authorizer: this.#opts.authorizer, authn: this.#opts.authnServices };
    if (!info.isResourceRequest) {
      await this.#serveNonResource(ctx, path);
      return;
    }
    const isLongRunning = info.verb === 'watch';
    const isRead = readVerbs.has(info.verb);
    if (!isLongRunning) {
      if (isRead ? this.#reads >= this.#limits.maxReadsInFlight : this.#writes >= this.#limits.maxWritesInFlight) {
        throw newTooManyRequests('Too many requests, please try again later.', 1);
      }
    }
    await this.#authorize(ctx);
    if (isLongRunning) {
      const serial = authn.kind === 'user' ? authn.certificateSerial : undefined;
      const ofCertificate = serial === undefined ? undefined : this.#streamsByCertificate.get(serial) ?? new Set<AbortController>();
      if (serial !== undefined) this.#streamsByCertificate.set(serial, ofCertificate!.add(controller));
      this.#longRunning.add(controller);
      try {
        await this.#opts.resources(ctx);
      } finally {
        this.#longRunning.delete(controller);
        if (ofCertificate?.delete(controller) && ofCertificate.size === 0) this.#streamsByCertificate.delete(serial!);
      }
      return;
    }
    if (isRead) this.#reads++;
    else this.#writes++;
    try {
      await this.#withTimeout(ctx, controller);
    } finally {
      if (isRead) this.#reads--;
      else this.#writes--;
    }
  }

  #serveHealth(res: ServerResponse, path: string): void {
    if (path === '/readyz') {
      sendText(res, this.#ready ? 200 : 503, this.#ready ? 'ok' : 'not ready');
      return;
    }
    const failure = this.#opts.livenessFailure?.();
    if (failure === undefined) {
      sendText(res, 200, 'ok');
      return;
    }
    // kube-apiserver's health handler: the failing check named, its reason only in the log.
    this.#opts.log.warn(`${path.slice(1)} check failed`, { check: 'event-loop', reason: failure });
    sendText(res, 500, `[-]event-loop failed: reason withheld\n${path.slice(1)} check failed`);
  }

  /** The client certificate's DER, read once per connection (getPeerCertificate builds a whole object). */
  #peerCertificate(socket: TLSSocket): Uint8Array | undefined {
    if (this.#peerCertificates.has(socket)) return this.#peerCertificates.get(socket);
    const peer = socket.getPeerCertificate?.(false);
    const der = peer && peer.raw && peer.raw.length > 0 ? peer.raw : undefined;
    this.#peerCertificates.set(socket, der);
    return der;
  }

  async #authorize(ctx: RequestContext): Promise<void> {
    const { info, user } = ctx;
    const d = await this.#opts.authorizer.authorize({
      user, verb: info.verb, isResourceRequest: info.isResourceRequest, path: info.path, apiGroup: info.apiGroup,
      apiVersion: info.apiVersion, namespace: info.namespace, resource: info.resource, subresource: info.subresource, name: info.name,
    });
    if (d.decision === 'allow') return;
    throw info.isResourceRequest
      ? newForbiddenForRequest({ user: user.username, verb: info.verb, group: info.apiGroup, resource: info.resource, subresource: info.subresource, namespace: info.namespace, name: info.name, reason: d.reason })
      : newForbiddenForRequest({ user: user.username, verb: info.verb, group: '', resource: '', path: info.path, reason: d.reason });
  }

  async #withTimeout(ctx: RequestContext, controller: AbortController): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // A request still sending its body cannot be followed by another on this connection:
        // close it after the 504, or Node's own request timeout would answer it a second time.
        if (!ctx.req.complete && !ctx.res.headersSent) ctx.res.setHeader('Connection', 'close');
        // Settle before aborting: a handler that ends when aborted must not win the race and
        // leave the client without an answer.
        reject(newTimeout('request did not complete within requested timeout - context deadline exceeded', 0));
        controller.abort();
      }, this.#limits.requestTimeoutMs);
    });
    try {
      await Promise.race([this.#opts.resources(ctx), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  #serveCrl(res: ServerResponse, signerName: string, format: string | null): void {
    const der = this.#opts.revocationList!(signerName);
    if (!der) {
      sendJson(res, 404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `no certificate revocation list for signer ${JSON.stringify(signerName)}`, reason: 'NotFound', details: {}, code: 404 });
      return;
    }
    const body = format === 'pem' ? Buffer.from(encodePem('X509 CRL', der)) : Buffer.from(der.buffer, der.byteOffset, der.byteLength);
    res.writeHead(200, { 'Content-Type': format === 'pem' ? 'application/x-pem-file' : 'application/pkix-crl', 'Content-Length': body.length, 'Cache-Control': 'no-cache' });
    res.end(body);
  }

  async #serveNonResource(ctx: RequestContext, path: string): Promise<void> {
    if (path !== '/version') await this.#authorize(ctx);
    if (path === '/metrics' && this.#opts.metrics && ctx.req.method === 'GET') {
      const text = this.#opts.metrics.render();
      ctx.res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
      ctx.res.end(text);
      return;
    }
    const answer = this.#discovery?.({ method: ctx.req.method ?? 'GET', url: ctx.req.url ?? '/', accept: ctx.req.headers.accept });
    if (!answer) {
      sendJson(ctx.res, 404, {
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404,
      });
      return;
    }
    if (ctx.res.headersSent) return;
    ctx.res.writeHead(answer.status, answer.headers);
    ctx.res.end(ctx.req.method === 'HEAD' ? undefined : answer.body);
  }
}
