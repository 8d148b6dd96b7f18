// A small Kubernetes REST client over HTTPS: JSON requests with client certificates or a bearer
// token, Status errors as StatusError, and watches as a stream of events. Controllers use it
// for everything, so they run the same against signet and any Kubernetes API server.

import { Agent, request } from 'node:https';
import { StatusError } from '../api/errors.js';
import type { Status } from '../api/types.js';

/** Where and how to connect. */
export interface RestConfig {
  readonly server: string;
  readonly caPem?: string;
  readonly certPem?: string;
  readonly keyPem?: string;
  readonly token?: string;
  readonly userAgent?: string;
}

/** One watch event. */
export interface WatchEvent<T> {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  readonly object: T;
}

function asStatusError(code: number, body: string): StatusError {
  try {
    const s = JSON.parse(body) as Status;
    if (s && s.kind === 'Status') return new StatusError(s);
  } catch {
    // not a Status body
  }
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: body.slice(0, 200) || `HTTP ${code}`, reason: '', code });
}

/** The client. */
export class RestClient {
  readonly #agent: Agent;
  readonly #url: URL;
  readonly #headers: Record<string, string>;

  constructor(readonly config: RestConfig) {
    this.#url = new URL(config.server);
    this.#agent = new Agent({ keepAlive: true, maxSockets: 32, ca: config.caPem, cert: config.certPem, key: config.keyPem });
    this.#headers = { Accept: 'application/json', 'User-Agent': config.userAgent ?? 'signet-controllers' };
    if (config.token) this.#headers['Authorization'] = `Bearer ${config.token}`;
  }

  /** A JSON request; resolves to the parsed body, or throws StatusError for a non-2xx answer. */
  call<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.#url.hostname.replace(/^\[|\]$/g, ''),
          port: this.#url.port || 443,
          method,
          path,
          agent: this.#agent,
          // The length always: Node would send a DELETE's body unframed, and the server would read a bodiless DELETE.
          headers: payload === undefined ? this.#headers : { ...this.#headers, 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(payload)) },
          timeout: 60_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const code = res.statusCode ?? 0;
            if (code < 200 || code > 299) reject(asStatusError(code, text));
            else {
              try {
                resolve(JSON.parse(text) as T);
              } catch (err) {
                reject(err);
              }
            }
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Streams watch events until `signal` aborts or the server ends the stream. */
  async *watch<T>(path: string, signal: AbortSignal): AsyncGenerator<WatchEvent<T>> {
    const res = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
      const req = request(
        { host: this.#url.hostname.replace(/^\[|\]$/g, ''), port: this.#url.port || 443, method: 'GET', path, agent: this.#agent, headers: this.#headers, signal },
        resolve,
      );
      req.on('error', reject);
      req.end();
    });
    if ((res.statusCode ?? 0) !== 200) {
      const chunks: Buffer[] = [];
      for await (const c of res) chunks.push(c as Buffer);
      throw asStatusError(res.statusCode ?? 0, Buffer.concat(chunks).toString());
    }
    let buf = '';
    try {
      for await (const chunk of res) {
        buf += (chunk as Buffer).toString('utf8');
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (line) yield JSON.parse(line) as WatchEvent<T>;
        }
      }
    } catch (err) {
      if (!signal.aborted) throw err;
    }
  }

  /** Closes idle connections. */
  close(): void {
    this.#agent.destroy();
  }
}
