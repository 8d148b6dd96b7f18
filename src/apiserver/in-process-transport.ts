// Requests answered in-process: the API server's own HTTP handling over a pair of connected
// streams instead of a TLS socket, so that its behaviour (negotiation, authorization, admission,
// the registry, Status answers) can be tested without a network. The caller names the user, as a
// client certificate would.

import { Duplex } from 'node:stream';
import { request, type IncomingHttpHeaders, type Server } from 'node:http';

/** One request: method, path with query, headers and body. */
export interface InProcessRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

/** Its answer. */
export interface InProcessResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Two streams, each reading what the other writes. */
function streamPair(): [Duplex, Duplex] {
  const ends: Duplex[] = [];
  const end = (other: () => Duplex): Duplex => new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, done) {
      other().push(chunk);
      done();
    },
    final(done) {
      other().push(null);
      done();
    },
  });
  ends.push(end(() => ends[1]!), end(() => ends[0]!));
  return [ends[0]!, ends[1]!];
}

/**
 * Sends `req` to `server` over a new stream pair; `accept` is told the server's end before the
 * request is written (to tie a user to it). Resolves once the answer ended.
 */
export function requestInProcess(server: Server, accept: (serverEnd: Duplex) => void, req: InProcessRequest): Promise<InProcessResponse> {
  const [clientEnd, serverEnd] = streamPair();
  accept(serverEnd);
  server.emit('connection', serverEnd);
  return new Promise((resolve, reject) => {
    const body = req.body === undefined ? undefined : Buffer.from(req.body);
    const headers = { ...(body ? { 'Content-Length': String(body.length) } : {}), ...req.headers };
    const r = request({ method: req.method, path: req.path, headers, createConnection: () => clientEnd }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clientEnd.destroy();
        serverEnd.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(body);
  });
}
