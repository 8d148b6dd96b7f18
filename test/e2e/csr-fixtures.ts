// Shared helpers for the API-server e2e tests: keys, requests and certificates made by the real
// openssl, CertificateSigningRequest bodies, and HTTPS requests with any client certificate.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { request } from 'node:https';
import { connect } from 'node:tls';
import { run } from './harness.js';

/** The collection path of CertificateSigningRequests. */
export const csrCollection = '/apis/certificates.k8s.io/v1/certificatesigningrequests';

/** A finished HTTP exchange. */
export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** The TLS material of a kubeconfig written by `signet serve`. */
export interface Credentials {
  readonly ca: Buffer;
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** Reads the CA and the client certificate and key out of a kubeconfig with inline data. */
export function kubeconfigCredentials(path: string): Credentials {
  const text = readFileSync(path, 'utf8');
  const field = (name: string): Buffer => {
    const m = new RegExp(`${name}: (\\S+)`).exec(text);
    if (!m) throw new Error(`${path} has no ${name}`);
    return Buffer.from(m[1]!, 'base64');
  };
  return { ca: field('certificate-authority-data'), cert: field('client-certificate-data'), key: field('client-key-data') };
}

/** Runs openssl; throws with its stderr when it fails. */
export function openssl(args: readonly string[], cwd: string): string {
  const r = run('openssl', args, { cwd, timeoutMs: 30_000 });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}

/** A P-256 key and a PKCS#10 request for `subject` (`/CN=x/O=y`), made by openssl in `dir`. */
export function opensslKeyAndCsr(dir: string, stem: string, subject: string): { keyPath: string; csrPath: string; csrPem: string } {
  const keyPath = join(dir, `${stem}.key`);
  const csrPath = join(dir, `${stem}.csr`);
  openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyPath, '-subj', subject, '-out', csrPath], dir);
  return { keyPath, csrPath, csrPem: readFileSync(csrPath, 'utf8') };
}

/** A self-signed P-256 CA made by openssl in `dir`. */
export function opensslCa(dir: string, stem: string, subject: string): { certPath: string; keyPath: string } {
  const certPath = join(dir, `${stem}.crt`);
  const keyPath = join(dir, `${stem}.key`);
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyPath, '-subj', subject, '-days', '1', '-out', certPath], dir);
  return { certPath, keyPath };
}

/**
 * Signs `csrPath` with the CA files as `openssl x509 -req` does, adding `extensions` (openssl
 * config lines such as `extendedKeyUsage=clientAuth`); returns the PEM certificate. A random
 * serial keeps openssl from writing a serial file next to the CA.
 */
export function opensslSign(dir: string, stem: string, csrPath: string, ca: { certPath: string; keyPath: string }, extensions: readonly string[]): string {
  const extPath = join(dir, `${stem}.ext`);
  const certPath = join(dir, `${stem}.crt`);
  writeFileSync(extPath, extensions.join('\n') + '\n');
  openssl(['x509', '-req', '-in', csrPath, '-CA', ca.certPath, '-CAkey', ca.keyPath, '-set_serial', `0x${randomBytes(16).toString('hex')}`,
    '-days', '1', '-extfile', extPath, '-out', certPath], dir);
  return readFileSync(certPath, 'utf8');
}

/** A CertificateSigningRequest body as a client writes it. */
export function csrBody(name: string, requestPem: string | Buffer, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: { request: Buffer.from(requestPem).toString('base64'), signerName: 'example.com/e2e', usages: ['client auth'], ...spec },
  };
}

/** The same request with the last byte of its DER (inside the signature) flipped, as PEM. */
export function withBrokenSignature(csrPem: string): string {
  const b64 = csrPem.replace(/-----(BEGIN|END) CERTIFICATE REQUEST-----/g, '').replace(/\s+/g, '');
  const der = Buffer.from(b64, 'base64');
  der[der.length - 1] = der[der.length - 1]! ^ 0x01;
  const lines = der.toString('base64').match(/.{1,64}/g)!;
  return `-----BEGIN CERTIFICATE REQUEST-----\n${lines.join('\n')}\n-----END CERTIFICATE REQUEST-----\n`;
}

/** Go's `%#v` of a `[]byte`, as Kubernetes field errors print `spec.request`. */
export function goBytes(data: string | Buffer): string {
  return `[]byte{${[...Buffer.from(data)].map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(', ')}}`;
}

/** One HTTPS request to 127.0.0.1 with the given client certificate (or none). */
export function httpsRequest(o: {
  port: number; ca: Buffer; cert?: Buffer; key?: Buffer; method: string; path: string; headers?: Record<string, string>; body?: string | Buffer;
}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: o.port, method: o.method, path: o.path, ca: o.ca, cert: o.cert, key: o.key, headers: o.headers, agent: false, timeout: 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${o.method} ${o.path}: no answer within 30 s`)));
    req.on('error', reject);
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

/**
 * Sends a body the way client-go does: headers, then the whole body without waiting, reading the
 * answer as it comes. `framing` picks a Content-Length or chunked transfer encoding. Rejects when
 * the connection ends before a complete answer arrived (for instance when a reset discarded it).
 */
export function sendWholeBody(o: Credentials & {
  port: number; method: string; path: string; headers: Record<string, string>; body: Buffer; framing: 'content-length' | 'chunked';
}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port: o.port, ca: o.ca, cert: o.cert, key: o.key, servername: 'localhost' });
    const received: Buffer[] = [];
    let settled = false;
    let writeError: Error | undefined;
    const timer = setTimeout(() => sock.destroy(new Error('no answer within 30 s')), 30_000);
    const settle = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const answer = parseHttpResponse(Buffer.concat(received));
      if (answer) resolve(answer);
      else reject(new Error(`the connection ended without a complete answer (${received.length === 0 ? 'nothing received' : 'partial answer'}${writeError ? `; ${writeError.message}` : ''})`));
    };
    sock.on('data', (c: Buffer) => received.push(c));
    sock.on('error', (err: Error) => (writeError ??= err));
    sock.on('close', settle);
    sock.once('secureConnect', () => {
      const head = [`${o.method} ${o.path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(o.headers).map(([k, v]) => `${k}: ${v}`),
        o.framing === 'chunked' ? 'Transfer-Encoding: chunked' : `Content-Length: ${o.body.length}`, 'Connection: close', '', ''].join('\r\n');
      sock.write(head);
      const piece = 64 * 1024;
      for (let off = 0; off < o.body.length; off += piece) {
        const part = o.body.subarray(off, off + piece);
        sock.write(o.framing === 'chunked' ? Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')]) : part);
      }
      if (o.framing === 'chunked') sock.write('0\r\n\r\n');
    });
  });
}

// A complete HTTP/1.1 response (Content-Length, chunked, or up to the end of the connection), or
// undefined when the bytes stop before one is complete.
function parseHttpResponse(data: Buffer): Answer | undefined {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const lines = data.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(lines[0]!.split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let rest = data.subarray(end + 4);
  if (headers['transfer-encoding'] === 'chunked') {
    const parts: Buffer[] = [];
    let pos = 0;
    for (;;) {
      const eol = rest.indexOf('\r\n', pos);
      if (eol < 0) return undefined;
      const size = parseInt(rest.subarray(pos, eol).toString('latin1'), 16);
      if (size === 0) break;
      if (eol + 2 + size > rest.length) return undefined;
      parts.push(rest.subarray(eol + 2, eol + 2 + size));
      pos = eol + 2 + size + 2;
    }
    rest = Buffer.concat(parts);
  } else if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    if (rest.length < length) return undefined;
    rest = rest.subarray(0, length);
  }
  return { status, headers, body: rest.toString() };
}
