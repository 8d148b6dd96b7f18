// The two clients of the cfssl comparison. cfssl: one POST /api/v1/cfssl/sign per certificate,
// over keep-alive HTTP. signet, end to end: create a CertificateSigningRequest, which the
// server's policy approver approves (see `benchApprovalPolicy`), and wait until the certificate
// is seen on one watch stream shared by all waiters of the run.

import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, type AgentOptions } from 'node:https';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { benchProfile } from './cfssl-process.js';

type Reply = { status: number; body: string };

/** No single request may hang a run: after this, it fails. */
const requestTimeoutMs = 30_000;

function bound(req: ClientRequest, fail: (e: Error) => void): void {
  req.setTimeout(requestTimeoutMs, () => req.destroy(new Error(`no answer within ${requestTimeoutMs / 1000} s`)));
  req.on('error', fail);
}

function collect(res: IncomingMessage, ok: (r: Reply) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => ok({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
}

/**
 * Issues certificates through cfssl's sign API; `issue(i)` signs request `i mod n`. Plain HTTP
 * for `cfssl serve`; HTTPS with `tls` for the Node floor (node-sign-server.ts), which speaks
 * the same API.
 */
export class CfsslClient {
  private readonly agent: HttpAgent;
  private readonly send: typeof httpRequest;
  private readonly bodies: string[];
  /** The last certificate returned (PEM). */
  lastCertificatePem = '';

  constructor(private readonly port: number, requestPems: readonly string[], tls?: AgentOptions) {
    this.agent = tls ? new HttpsAgent({ ...tls, keepAlive: true, maxSockets: 64 }) : new HttpAgent({ keepAlive: true, maxSockets: 64 });
    this.send = tls ? httpsRequest : httpRequest;
    this.bodies = requestPems.map((pem) => JSON.stringify({ certificate_request: pem, profile: benchProfile }));
  }

  /** One sign request; resolves once the certificate is in the answer. */
  issue = (i: number): Promise<void> => new Promise((ok, fail) => {
    const body = this.bodies[i % this.bodies.length]!;
    const req = this.send({ host: '127.0.0.1', port: this.port, method: 'POST', path: '/api/v1/cfssl/sign', agent: this.agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => collect(res, (r) => {
      if (r.status !== 200) return fail(new Error(`cfssl sign: HTTP ${r.status} ${r.body.slice(0, 200)}`));
      const parsed = JSON.parse(r.body) as { success: boolean; result?: { certificate?: string }; errors?: unknown };
      if (!parsed.success || !parsed.result?.certificate) return fail(new Error(`cfssl sign failed: ${r.body.slice(0, 200)}`));
      this.lastCertificatePem = parsed.result.certificate;
      ok();
    }));
    bound(req, fail);
    req.end(body);
  });

  /** Closes the keep-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}

const csrPath = '/apis/certificates.k8s.io/v1/certificatesigningrequests';

interface Waiter { ok: () => void; fail: (e: Error) => void; timer: NodeJS.Timeout }

/**
 * The controllers configuration the signet side runs with: the load generator's requests (as the
 * admin user, subject O=devs, the usages below) are approved by policy, as seed 001 wishes.
 */
export const benchApprovalPolicy = [
  'approvalPolicies:',
  '  - name: benchmark',
  '    signerName: kubernetes.io/kube-apiserver-client',
  '    requestors: {users: [admin]}',
  '    organizations: [devs]',
  '    usages: [digital signature, key encipherment, client auth]',
  '',
].join('\n');

/** Issues certificates from `signet serve` end to end; see the file comment. */
export class SignetClient {
  private readonly agent: HttpsAgent;
  private readonly watchAgent: HttpsAgent;
  private readonly waiters = new Map<string, Waiter>();
  private readonly templates: string[];
  private watchReq: ClientRequest | undefined;
  private lastVersion = '';
  private closed = false;
  /** The last certificate seen on the watch, base64 DER as in status.certificate (PEM inside). */
  lastCertificateB64 = '';
  /** Watch streams that ended and were reopened during the run. */
  reconnects = 0;
  /** Summed milliseconds of each step of successful issues since the last {@link takePhases}. */
  private phases = { create: 0, certificate: 0, n: 0 };

  private constructor(private readonly port: number, tls: AgentOptions, requestPems: readonly string[], private readonly prefix: string) {
    this.agent = new HttpsAgent({ ...tls, keepAlive: true, maxSockets: 64 });
    this.watchAgent = new HttpsAgent({ ...tls, keepAlive: false });
    // Everything but the name is fixed, so the body is built by splicing the name in.
    this.templates = requestPems.map((pem) => JSON.stringify({
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name: '@NAME@' },
      spec: { request: Buffer.from(pem).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client', usages: ['digital signature', 'key encipherment', 'client auth'] },
    }));
  }

  /** Opens the shared watch from the current resourceVersion; `prefix` keeps names unique per client. */
  static async open(port: number, tls: AgentOptions, requestPems: readonly string[], prefix: string): Promise<SignetClient> {
    const c = new SignetClient(port, tls, requestPems, prefix);
    const list = await c.call('GET', `${csrPath}?limit=1`);
    if (list.status !== 200) throw new Error(`list: HTTP ${list.status} ${list.body.slice(0, 200)}`);
    c.lastVersion = (JSON.parse(list.body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    await c.openWatch();
    return c;
  }

  private call(method: string, path: string, body?: string): Promise<Reply> {
    return new Promise((ok, fail) => {
      const headers = body === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) };
      const req = httpsRequest({ host: '127.0.0.1', port: this.port, method, path, agent: this.agent, headers }, (res) => collect(res, ok));
      bound(req, fail);
      req.end(body);
    });
  }

  private openWatch(): Promise<void> {
    return new Promise((opened, failed) => {
      // The watch's headers must come back promptly; after that the stream may stay quiet.
      const timer = setTimeout(() => req.destroy(new Error(`watch: no answer within ${requestTimeoutMs / 1000} s`)), requestTimeoutMs);
      const req = httpsRequest({ host: '127.0.0.1', port: this.port, path: `${csrPath}?watch=true&resourceVersion=${this.lastVersion}`, agent: this.watchAgent }, (res) => {
        clearTimeout(timer);
        if (res.statusCode !== 200) return failed(new Error(`watch: HTTP ${res.statusCode}`));
        opened();
        let buf = '';
        res.on('data', (d: Buffer) => {
          buf += d.toString();
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            this.onEvent(buf.slice(0, nl));
            buf = buf.slice(nl + 1);
          }
        });
        // A server may end a watch at any time (Kubernetes does after a timeout): resume from
        // the last version seen so no event is lost.
        res.on('end', () => {
          if (this.closed) return;
          this.reconnects++;
          this.openWatch().catch((e: Error) => this.failAll(e));
        });
      });
      req.on('error', (e) => (this.closed ? undefined : failed(e)));
      req.end();
      this.watchReq = req;
    });
  }

  private onEvent(line: string): void {
    const rv = /"resourceVersion":"(\d+)"/.exec(line);
    if (rv) this.lastVersion = rv[1]!;
    // Only events that can end a wait are parsed: the client's CPU is part of what is measured.
    const issued = line.includes('"certificate":"');
    if (!issued && !line.includes('"Failed"') && !line.includes('"Denied"')) return;
    const ev = JSON.parse(line) as { type: string; object: { metadata: { name: string }; status?: { certificate?: string; conditions?: { type: string; message?: string }[] } } };
    const w = this.waiters.get(ev.object.metadata.name);
    if (!w) return;
    this.waiters.delete(ev.object.metadata.name);
    clearTimeout(w.timer);
    if (issued) {
      this.lastCertificateB64 = ev.object.status!.certificate!;
      w.ok();
    } else {
      const ended = ev.object.status?.conditions?.find((c) => c.type === 'Failed' || c.type === 'Denied');
      w.fail(new Error(`signet ${ended?.type === 'Denied' ? 'denied' : 'failed'} ${ev.object.metadata.name}: ${ended?.message ?? ''}`));
    }
  }

  private failAll(e: Error): void {
    for (const [, w] of this.waiters) {
      clearTimeout(w.timer);
      w.fail(e);
    }
    this.waiters.clear();
  }

  /** Create request `i mod n` and wait for its certificate (at most 30 s). */
  issue = async (i: number): Promise<void> => {
    const name = `${this.prefix}-${i}`;
    const seen = new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => {
        this.waiters.delete(name);
        fail(new Error(`no certificate for ${name} within 30 s`));
      }, 30_000);
      this.waiters.set(name, { ok, fail, timer });
    });
    // A rejected wait must not go unhandled if the create throws first.
    seen.catch(() => {});
    const t0 = performance.now();
    let t1 = t0;
    try {
      const created = await this.call('POST', csrPath, this.templates[i % this.templates.length]!.replace('@NAME@', name));
      if (created.status !== 201) throw new Error(`create ${name}: HTTP ${created.status} ${created.body.slice(0, 200)}`);
      t1 = performance.now();
    } catch (e) {
      const w = this.waiters.get(name);
      if (w) clearTimeout(w.timer);
      this.waiters.delete(name);
      throw e;
    }
    await seen;
    this.phases.create += t1 - t0;
    this.phases.certificate += performance.now() - t1;
    this.phases.n++;
  };

  /** Mean milliseconds per step (create answered; certificate seen after that) since the last call. */
  takePhases(): { createMs: number; certificateAfterCreateMs: number } {
    const { create, certificate, n } = this.phases;
    this.phases = { create: 0, certificate: 0, n: 0 };
    const d = Math.max(1, n);
    return { createMs: create / d, certificateAfterCreateMs: certificate / d };
  }

  /** Ends the watch, fails any pending waits, and closes the connections. */
  close(): void {
    this.closed = true;
    this.failAll(new Error('client closed'));
    this.watchReq?.destroy();
    this.agent.destroy();
    this.watchAgent.destroy();
  }
}
