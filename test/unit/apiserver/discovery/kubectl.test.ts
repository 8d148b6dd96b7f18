// Runs the real kubectl 1.32 against a throwaway HTTP server on 127.0.0.1 that serves only the discovery documents.
// The server is in-process, so kubectl runs asynchronously (a synchronous exec would block the server it talks to).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createDiscoveryRouter, type DiscoveryRouter } from '../../../../src/apiserver/discovery/routes.js';

const run = promisify(execFile);
const CSR_PATH = '/apis/certificates.k8s.io/v1/certificatesigningrequests';

interface Recorded { method: string; url: string; contentType: string; body: string }

/** A fake server: discovery from the router, one canned CSR for apply, a Status 404 for everything else. */
class FakeServer {
  readonly requests: Recorded[] = [];
  private server: Server | undefined;
  private router: DiscoveryRouter | undefined;
  /** When true, /api and /apis ignore Accept and answer legacy discovery, like a server without aggregation. */
  legacyOnly = false;
  liveCsr: object | undefined;

  async start(): Promise<number> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const port = (this.server.address() as AddressInfo).port;
    this.router = createDiscoveryRouter({ serverAddress: `127.0.0.1:${port}` });
    return port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const url = req.url ?? '/';
    this.requests.push({ method: req.method ?? '', url, contentType: req.headers['content-type'] ?? '', body });
    const accept = this.legacyOnly ? 'application/json' : req.headers.accept;
    const found = this.router!({ method: req.method ?? 'GET', url, accept });
    if (found !== null) {
      res.writeHead(found.status, found.headers).end(found.body);
      return;
    }
    const path = url.split('?')[0];
    if (path === `${CSR_PATH}/myuser` && this.liveCsr !== undefined && (req.method === 'GET' || req.method === 'PATCH')) {
      this.json(res, 200, this.liveCsr);
    } else if (path === CSR_PATH && req.method === 'POST') {
      this.json(res, 201, { ...JSON.parse(body), metadata: { ...JSON.parse(body).metadata, uid: 'u1', resourceVersion: '1' } });
    } else {
      this.json(res, 404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404,
        message: `certificatesigningrequests.certificates.k8s.io "myuser" not found` });
    }
  }

  private json(res: ServerResponse, status: number, value: object): void {
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
  }
}

const fake = new FakeServer();
let dir = '';
let kubectlMissing = false;

/** Runs kubectl with a cold or warm cache in the temp dir; returns stdout, or throws with stderr attached. */
async function kubectl(args: string[], cache = 'cache'): Promise<string> {
  const env = { PATH: process.env.PATH ?? '', HOME: dir, KUBECACHEDIR: join(dir, cache), KUBECONFIG: join(dir, 'kubeconfig') };
  const { stdout } = await run('kubectl', args, { env, timeout: 30_000, cwd: dir });
  return stdout;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signet-discovery-'));
  const port = await fake.start();
  writeFileSync(join(dir, 'kubeconfig'), [
    'apiVersion: v1', 'kind: Config', 'current-context: t',
    `clusters: [{name: c, cluster: {server: "http://127.0.0.1:${port}"}}]`,
    'users: [{name: u, user: {}}]', 'contexts: [{name: t, context: {cluster: c, user: u}}]', '',
  ].join('\n'));
  try {
    await run('kubectl', ['version', '--client'], { env: { PATH: process.env.PATH ?? '', HOME: dir, KUBECACHEDIR: join(dir, 'probe') }, timeout: 30_000 });
  } catch {
    kubectlMissing = true;
  }
});

after(async () => {
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

const skip = (): string | false => (kubectlMissing ? 'kubectl is not installed on this machine' : false);

test('kubectl version -o json shows the 1.32 server version', async (t) => {
  if (skip()) return t.skip(skip() as string);
  const out = JSON.parse(await kubectl(['version', '-o', 'json']));
  assert.equal(out.serverVersion.major, '1');
  assert.equal(out.serverVersion.minor, '32');
  assert.equal(out.serverVersion.gitVersion, 'v1.32.0');
  assert.match(out.clientVersion.gitVersion, /^v1\.32\./, 'the dispatcher kept its built-in 1.32 client');
});

test('kubectl api-resources lists csr and events from aggregated discovery', async (t) => {
  if (skip()) return t.skip(skip() as string);
  const out = await kubectl(['api-resources', '-o', 'wide']);
  assert.match(out, /^certificatesigningrequests\s+csr\s+certificates\.k8s\.io\/v1\s+false\s+CertificateSigningRequest\s+create,delete,deletecollection,get,list,patch,update,watch/m);
  assert.match(out, /^events\s+ev\s+v1\s+true\s+Event\s/m);
  assert.match(out, /^pods\s+po\s+v1\s+true\s+Pod\s/m);
  assert.ok(fake.requests.some((r) => r.url.startsWith('/apis?')), 'discovery was fetched');
  assert.ok(!fake.requests.some((r) => r.url.startsWith('/apis/certificates.k8s.io/v1?')), 'aggregated discovery needs no per-group-version fetch');
});

test('kubectl api-resources also works from legacy discovery', async (t) => {
  if (skip()) return t.skip(skip() as string);
  fake.legacyOnly = true;
  try {
    const out = await kubectl(['api-resources'], 'cache-legacy');
    assert.match(out, /^certificatesigningrequests\s+csr\s+certificates\.k8s\.io\/v1\s+false\s+CertificateSigningRequest$/m);
    assert.match(out, /^events\s+ev\s+v1\s+true\s+Event$/m);
  } finally {
    fake.legacyOnly = false;
  }
});

test('kubectl explain csr prints the Kubernetes description and required spec', async (t) => {
  if (skip()) return t.skip(skip() as string);
  const out = await kubectl(['explain', 'csr']);
  assert.match(out, /^KIND:\s+CertificateSigningRequest$/m);
  assert.match(out, /^VERSION:\s+v1$/m);
  assert.match(out, /CertificateSigningRequest objects provide a mechanism to obtain x509/);
  assert.match(out, /^\s+spec\s+<CertificateSigningRequestSpec> -required-$/m);
});

test('kubectl explain csr.spec.usages and csr.spec.request print the field docs', async (t) => {
  if (skip()) return t.skip(skip() as string);
  const usages = await kubectl(['explain', 'csr.spec.usages']);
  assert.match(usages, /^FIELD: usages <\[\]string>$/m);
  assert.match(usages, /usages specifies a set of key usages requested in the issued certificate/);
  const request = await kubectl(['explain', 'csr.spec.request']);
  assert.match(request, /^FIELD: request <string>$/m);
  assert.match(request, /"CERTIFICATE REQUEST" PEM block/);
});

const csrYaml = (labels: string, usages: string): string => [
  'apiVersion: certificates.k8s.io/v1', 'kind: CertificateSigningRequest', `metadata: {name: myuser${labels}}`,
  'spec:', '  request: aGVsbG8=', '  signerName: kubernetes.io/kube-apiserver-client', `  usages: [${usages}]`, '',
].join('\n');

test('kubectl create -f validates server-side: the POST carries fieldValidation=Strict', async (t) => {
  if (skip()) return t.skip(skip() as string);
  writeFileSync(join(dir, 'csr.yaml'), csrYaml('', 'client auth'));
  const out = await kubectl(['create', '-f', 'csr.yaml']);
  assert.match(out, /certificatesigningrequest\.certificates\.k8s\.io\/myuser created/);
  const post = fake.requests.find((r) => r.method === 'POST');
  assert.ok(post);
  assert.match(post.url, /fieldValidation=Strict/);
  assert.ok(!fake.requests.some((r) => r.url.startsWith('/openapi/v2')), 'no fallback to /openapi/v2');
});

test('kubectl apply computes a strategic merge patch from the served schema', async (t) => {
  if (skip()) return t.skip(skip() as string);
  const applied = { apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { annotations: {}, name: 'myuser' },
    spec: { request: 'aGVsbG8=', signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] } };
  fake.liveCsr = { ...applied, metadata: { name: 'myuser', uid: 'u1', resourceVersion: '1',
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `${JSON.stringify(applied)}\n` } }, status: {} };
  writeFileSync(join(dir, 'csr2.yaml'), csrYaml(', labels: {team: devs}', 'digital signature, client auth'));
  await kubectl(['apply', '-f', 'csr2.yaml']);
  const patch = fake.requests.find((r) => r.method === 'PATCH');
  assert.ok(patch, 'a PATCH was sent');
  assert.equal(patch.contentType, 'application/strategic-merge-patch+json');
  assert.match(patch.url, /fieldValidation=Strict/);
  const body = JSON.parse(patch.body);
  assert.deepEqual(body.metadata.labels, { team: 'devs' });
  assert.deepEqual(body.spec.usages, ['digital signature', 'client auth'], 'atomic lists are replaced whole');
  // kubectl only falls back to /openapi/v2 when the v3 document lacks the kind's schema.
  assert.ok(!fake.requests.some((r) => r.url.startsWith('/openapi/v2')), 'the patch was computed from the v3 schema');
});
