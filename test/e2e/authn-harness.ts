// An API server for the authentication end-to-end tests, started in this process on 127.0.0.1 with
// the same parts `signet serve` uses (data dir, SQLite store, registry, createAuthentication), and
// an authorizer the test chooses; driven with the real kubectl. Also issues client certificates.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:https';
import { openDataDir, type DataDir } from '../../src/cli/commands/serve/data-dir.js';
import { openStore } from '../../src/storage/open.js';
import type { Store } from '../../src/storage/store.js';
import { WatchCache } from '../../src/storage/watch-cache.js';
import { createRegistry, registryPrefix } from '../../src/apiserver/registry/registry.js';
import { ApiServer } from '../../src/apiserver/server.js';
import { resourceHandler } from '../../src/apiserver/handlers/resource-handler.js';
import { createAuthentication } from '../../src/apiserver/authn/authentication.js';
import type { Authorizer } from '../../src/apiserver/authz/authorizer.js';
import { silentLogger } from '../../src/runtime/log.js';
import { renderKubeconfig, serverUrl } from '../../src/cli/kubeconfig.js';
import { Issuer, randomSerial, keyIdOf } from '../../src/pki/issuer.js';
import { createCsr, parseCsr } from '../../src/pki/csr.js';
import { encodePrivateKeyPem, generateKeyPair } from '../../src/pki/keys.js';
import { buildName } from '../../src/pki/name.js';
import { encodePem } from '../../src/pki/pem.js';
import { resolveUsages } from '../../src/pki/usages.js';
import { classifyHosts } from '../../src/pki/general-name.js';
import { spawn } from 'node:child_process';
import { tempDir, type Ran } from './harness.js';

/** An answer to a raw request. */
export interface Answer {
  readonly status: number;
  readonly body: string;
}

/** Credentials of a raw request or a kubeconfig. */
export interface Credentials {
  readonly token?: string;
  readonly certPem?: string;
  readonly keyPem?: string;
}

/** A running in-process server. */
export interface AuthnServer {
  readonly dir: string;
  readonly dataDir: DataDir;
  readonly store: Store;
  readonly port: number;
  readonly adminKubeconfig: string;
  /** Writes a kubeconfig for `creds` and returns its path. */
  kubeconfigFor(name: string, creds: Credentials): string;
  /** Runs kubectl without blocking this process's event loop (the server lives in it). */
  kubectl(args: readonly string[], opts?: { kubeconfig?: string }): Promise<Ran>;
  fetch(method: string, path: string, opts?: Credentials & { body?: string; headers?: Record<string, string> }): Promise<Answer>;
  /** Stores an object directly (as the registry would), e.g. a ServiceAccount before the resource is served. */
  put(resource: string, namespace: string, obj: Record<string, unknown> & { metadata: Record<string, unknown> }): Promise<void>;
  remove(resource: string, namespace: string, name: string): Promise<void>;
  stop(): Promise<void>;
}

/** A client certificate from `dataDir`'s CA (or any issuer), valid in [notBefore, notAfter]. */
export function issueClientCert(issuer: Issuer, cn: string, orgs: string[], validity: { notBefore: Date; notAfter: Date }): { certPem: string; keyPem: string } {
  const { privateKey } = generateKeyPair('ecdsa-p256');
  const csr = parseCsr(createCsr({ subject: buildName({ CN: cn, O: orgs }).raw, privateKey }));
  const u = resolveUsages(['digital signature', 'key encipherment', 'client auth']);
  const der = issuer.issue({
    serialNumber: randomSerial(), subject: csr.subject.raw, publicKeyInfo: csr.publicKey.raw, notBefore: validity.notBefore, notAfter: validity.notAfter,
    keyUsage: u.keyUsage, extKeyUsage: u.extKeyUsage, basicConstraints: { ca: false }, sans: classifyHosts([]), subjectKeyId: keyIdOf(csr.publicKey.raw),
  });
  return { certPem: encodePem('CERTIFICATE', der), keyPem: encodePrivateKeyPem(privateKey) };
}

/** Starts the server; `tokenAuthFile` contents are written to a file and passed as --token-auth-file would. */
export async function startAuthnServer(opts: { authorizer: Authorizer; tokenFile?: string }): Promise<AuthnServer> {
  const tmp = tempDir('signet-authn-');
  const dataDir = openDataDir(join(tmp.dir, 'data'), { caKeyType: 'ecdsa-p256', servingHosts: ['localhost', '127.0.0.1'] }, new Date());
  const home = join(tmp.dir, 'home');
  mkdirSync(home, { recursive: true });
  let tokenAuthFile: string | undefined;
  if (opts.tokenFile !== undefined) {
    tokenAuthFile = join(tmp.dir, 'tokens.csv');
    writeFileSync(tokenAuthFile, opts.tokenFile, { mode: 0o600 });
  }
  const store = await openStore({ kind: 'sqlite', path: dataDir.databaseFile });
  const cache = await WatchCache.start(store, registryPrefix);
  const registry = createRegistry(store, cache);
  const authn = createAuthentication({ clientCAs: [dataDir.ca], store, serviceAccountKey: dataDir.serviceAccountKey, tokenAuthFile });
  const server = new ApiServer({
    tls: { certPem: dataDir.servingCertPem, keyPem: dataDir.servingKeyPem, clientCaPem: dataDir.caPem },
    authenticator: authn.authenticator,
    authnServices: authn.services,
    authorizer: opts.authorizer,
    resources: resourceHandler(registry),
    log: silentLogger,
  });
  const { port } = await server.listen('127.0.0.1', 0);
  server.setReady(true);
  const url = serverUrl('127.0.0.1', port);

  const kubeconfigFor = (name: string, creds: Credentials): string => {
    const path = join(tmp.dir, `${name}.kubeconfig`);
    writeFileSync(path, renderKubeconfig({
      clusterName: 'signet', server: url, caPem: dataDir.caPem, userName: name, contextName: name,
      ...(creds.token ? { token: creds.token } : {}), ...(creds.certPem ? { clientCertPem: creds.certPem, clientKeyPem: creds.keyPem } : {}),
    }), { mode: 0o600 });
    return path;
  };
  const adminKubeconfig = kubeconfigFor('admin', { certPem: dataDir.adminCertPem, keyPem: dataDir.adminKeyPem });
  const key = (resource: string, namespace: string, name: string): string => `/registry/core/${resource}/${namespace}/${name}`;

  return {
    dir: tmp.dir,
    dataDir,
    store,
    port,
    adminKubeconfig,
    kubeconfigFor,
    kubectl(args, o = {}) {
      const env = { ...process.env, HOME: home, KUBECACHEDIR: join(home, 'cache'), KUBECONFIG: o.kubeconfig ?? adminKubeconfig };
      return runAsync('kubectl', args, env);
    },
    fetch(method, path, o = {}) {
      return new Promise((resolve, reject) => {
        const headers = { ...(o.token ? { Authorization: `Bearer ${o.token}` } : {}), ...(o.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...o.headers };
        const req = request({ host: '127.0.0.1', port, method, path, ca: dataDir.caPem, cert: o.certPem, key: o.keyPem, headers, timeout: 30_000 }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        });
        req.on('error', reject);
        if (o.body !== undefined) req.write(o.body);
        req.end();
      });
    },
    async put(resource, namespace, obj) {
      const name = String(obj.metadata['name']);
      const k = key(resource, namespace, name);
      const existing = await store.get(k);
      const bytes = Buffer.from(JSON.stringify(obj));
      if (existing) await store.update(k, bytes, existing.modRevision);
      else await store.create(k, bytes);
    },
    async remove(resource, namespace, name) {
      await store.delete(key(resource, namespace, name));
    },
    async stop() {
      await server.close(1000);
      await cache.stop();
      await store.close();
      tmp.cleanup();
    },
  };
}

/** Runs a program to completion asynchronously, killed after 60 s. */
function runAsync(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Issues with the data dir's CA. */
export function clusterIssuer(dataDir: DataDir): Issuer {
  return new Issuer(dataDir.ca, dataDir.caKey);
}
