// Starts a real `signet serve` on 127.0.0.1 with a free port and a temporary data dir, and runs
// the real kubectl against it with its own HOME and KUBECACHEDIR.

import { before, after } from 'node:test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:https';
import { run, signetBin, tempDir, type Ran } from './harness.js';

/** A running server and the means to drive it. */
export interface TestServer {
  readonly dir: string;
  readonly dataDir: string;
  readonly kubeconfig: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** Runs kubectl with the admin kubeconfig (or `env.KUBECONFIG` if given). */
  kubectl(args: readonly string[], opts?: { input?: string; env?: NodeJS.ProcessEnv; kubeconfig?: string }): Ran;
  /** An HTTPS request with the admin client certificate. */
  fetch(method: string, path: string, opts?: { body?: string | Buffer; headers?: Record<string, string>; anonymous?: boolean }): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>;
  /** Stops the server with SIGTERM and waits for it; resolves to its exit code. */
  stop(): Promise<number | null>;
  /** Kills the server with SIGKILL. */
  kill(): Promise<void>;
  /** Removes the temporary directory (after stop). */
  cleanup(): void;
  readonly stderr: () => string;
}

/** How `startServer` starts a server. */
export interface StartOptions {
  /** Flags added to `signet serve`'s. */
  readonly extraArgs?: readonly string[];
  /** The data directory (default: `data` in the server's directory). */
  readonly dataDir?: string;
  /** A directory to use instead of a new one (a restart); the caller removes it. */
  readonly reuse?: { readonly dir: string };
}

/** How `serverForSuite` starts a suite's server. */
export interface SuiteOptions extends Omit<StartOptions, 'reuse'> {
  /**
   * Runs before the server starts, with the suite's own directory (token files, configuration
   * files, keys); what it returns is added to the serve flags.
   */
  readonly prepare?: (dir: string) => readonly string[] | void | Promise<readonly string[] | void>;
}

/** A suite's server, with the suite's own directory beside it. */
export interface SuiteServer extends TestServer {
  /** The suite's directory: `prepare`'s, there from before the first test to after the last. */
  readonly work: string;
}

/**
 * One server for a whole suite: started before its first test, stopped and removed with the
 * suite's directory after its last. `assign` receives it, for the suite's `let server` to hold.
 * With `controllersConfig`, the server runs `--controllers=false` and a `signet controllers`
 * process with that configuration runs beside it for the same time. Hooks run in the order they
 * are registered: a suite's own `after` that must run while the server is up (to end what it
 * started against it) is registered before this call.
 */
export function serverForSuite(assign: (server: SuiteServer) => void, opts: SuiteOptions = {}, controllersConfig?: string): void {
  let tmp: { dir: string; cleanup: () => void } | undefined;
  let server: TestServer | undefined;
  let controllers: ControllersProcess | undefined;
  before(async () => {
    tmp = tempDir('signet-e2e-');
    const work = join(tmp.dir, 'work');
    mkdirSync(work);
    const prepared = (await opts.prepare?.(work)) ?? [];
    const extraArgs = [...(controllersConfig === undefined ? [] : ['--controllers=false']), ...(opts.extraArgs ?? []), ...prepared];
    server = await startServer({ dataDir: opts.dataDir, extraArgs, reuse: tmp });
    if (controllersConfig !== undefined) controllers = startControllersProcess(server, controllersConfig);
    assign({ ...server, work });
  });
  after(async () => {
    await controllers?.stop();
    await server?.stop();
    tmp?.cleanup();
  });
}

/** Starts `signet serve`; `extraArgs` are passed through. Reuses `dataDir` if given (restart). */
export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  const tmp = opts.reuse ? { dir: opts.reuse.dir, cleanup: () => {} } : tempDir('signet-e2e-');
  const dataDir = opts.dataDir ?? join(tmp.dir, 'data');
  const home = join(tmp.dir, 'home');
  mkdirSync(home, { recursive: true });
  const child = spawn(process.execPath, [signetBin, 'serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir, ...(opts.extraArgs ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const kubeconfig = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 30 s:\n${stderr}`)), 30_000);
    const check = (): void => {
      const m = /export KUBECONFIG=(\S+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${stderr}`));
    });
  });
  const config = readFileSync(kubeconfig, 'utf8');
  const port = Number(/server: https:\/\/127\.0\.0\.1:(\d+)/.exec(config)![1]);
  const certData = (field: string): Buffer => Buffer.from(new RegExp(`${field}: (\\S+)`).exec(config)![1]!, 'base64');
  const ca = certData('certificate-authority-data');
  const cert = certData('client-certificate-data');
  const key = certData('client-key-data');
  const env = { ...process.env, HOME: home, KUBECACHEDIR: join(home, 'cache'), KUBECONFIG: kubeconfig };

  return {
    dir: tmp.dir,
    dataDir,
    kubeconfig,
    port,
    process: child,
    stderr: () => stderr,
    kubectl(args, o = {}) {
      const e = { ...env, ...(o.kubeconfig ? { KUBECONFIG: o.kubeconfig } : {}), ...o.env };
      return run('kubectl', args, { env: e, input: o.input, timeoutMs: 60_000 });
    },
    fetch(method, path, o = {}) {
      return new Promise((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1', port, method, path, ca, ...(o.anonymous ? {} : { cert, key }), timeout: 30_000,
            // Node sends a DELETE's body without framing unless told its length.
            headers: o.body === undefined ? o.headers : { 'Content-Length': String(Buffer.byteLength(o.body)), ...o.headers },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
          },
        );
        req.on('error', reject);
        if (o.body !== undefined) req.write(o.body);
        req.end();
      });
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
    cleanup: tmp.cleanup,
  };
}

/** A `signet controllers` process; `stop()` ends it with SIGTERM and resolves to its exit code. */
export interface ControllersProcess {
  stop(): Promise<number | null>;
}

/**
 * Runs `signet controllers --config` with `config` (YAML) against `server`, which should have been
 * started with `--controllers=false`; it signs with the server's CA on one signing thread.
 */
export function startControllersProcess(server: TestServer, config: string): ControllersProcess {
  const configPath = join(server.dir, 'controllers.yaml');
  writeFileSync(configPath, config);
  const child = spawn(process.execPath, [signetBin, 'controllers', '--kubeconfig', server.kubeconfig, '--config', configPath,
    '--cluster-signing-cert-file', join(server.dataDir, 'ca.crt'), '--cluster-signing-key-file', join(server.dataDir, 'ca.key'), '--signing-threads', '1'], { stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
