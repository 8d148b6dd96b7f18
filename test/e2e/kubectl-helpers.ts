// Helpers for driving the real kubectl against a test server: shell lines as a user types them,
// background kubectl processes (watches) with bounded waits, and reading kubectl's table output.

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { run, type Ran } from './harness.js';
import type { TestServer } from './server-harness.js';

/** The environment the harness gives kubectl: its own HOME, KUBECACHEDIR and the admin kubeconfig. */
export function kubectlEnv(server: TestServer, kubeconfig = server.kubeconfig): NodeJS.ProcessEnv {
  const home = join(server.dir, 'home');
  return { ...process.env, HOME: home, KUBECACHEDIR: join(home, 'cache'), KUBECONFIG: kubeconfig };
}

/** Runs one shell line (pipes, heredocs, `$(…)`) in `cwd` with the harness's kubectl environment. */
export function shellLine(server: TestServer, line: string, cwd: string): Ran {
  return run('sh', ['-c', line], { cwd, env: kubectlEnv(server), timeoutMs: 60_000 });
}

/** How a background process ended. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A kubectl started in the background, whose output is collected as it arrives. */
export interface BackgroundKubectl {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves once the process has ended. */
  readonly exited: Promise<Exit>;
  /** Waits (at most `timeoutMs`) until `test` holds for the output so far; rejects with the output otherwise. */
  waitFor(what: string, test: (out: { stdout: string; stderr: string }) => boolean, timeoutMs?: number): Promise<void>;
  /** Waits (at most `timeoutMs`) for the process to end on its own; rejects otherwise. */
  waitForExit(timeoutMs?: number): Promise<Exit>;
  /** Stops this process (by its PID) if it is still running, and waits for it. */
  stop(): Promise<Exit>;
}

/**
 * Starts kubectl in the background. It is killed after `maxMs` in any case, so a test that
 * forgets it, or a server that never answers, cannot hang the run.
 */
export function spawnKubectl(server: TestServer, args: readonly string[], opts: { maxMs?: number; kubeconfig?: string } = {}): BackgroundKubectl {
  const child = spawn('kubectl', args, { env: kubectlEnv(server, opts.kubeconfig), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const notify = (): void => {
    for (const l of [...listeners]) l();
  };
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
    notify();
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    notify();
  });
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let ended = false;
  void exited.then(() => {
    ended = true;
    notify();
  });
  const guard = setTimeout(() => {
    if (!ended) child.kill('SIGKILL');
  }, opts.maxMs ?? 60_000);
  guard.unref();
  void exited.then(() => clearTimeout(guard));

  const describeOutput = (): string => `kubectl ${args.join(' ')}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`;

  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitFor(what, test, timeoutMs = 20_000) {
      return new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (test({ stdout, stderr })) {
            done();
            resolve();
          } else if (ended) {
            done();
            reject(new Error(`kubectl ended before ${what}\n${describeOutput()}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${what} within ${timeoutMs} ms\n${describeOutput()}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    async waitForExit(timeoutMs = 20_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`kubectl did not end within ${timeoutMs} ms\n${describeOutput()}`)), timeoutMs);
      });
      try {
        return await Promise.race([exited, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async stop() {
      if (!ended && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
      return exited;
    },
  };
}

/** `kubectl -v=6` logs each request once its response headers arrived; this one is the watch. */
export function hasWatchStarted(stderr: string): boolean {
  return /round_trippers\.go:\d+\] GET \S+[?&]watch=true\S* 200 OK/.test(stderr);
}

/** The whitespace-separated cells of each non-empty line of kubectl's table output. */
export function tableRows(stdout: string): string[][] {
  return stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => l.split(/\s+/));
}

/** The rows whose first cell is `name`, in output order. */
export function rowsNamed(stdout: string, name: string): string[][] {
  return tableRows(stdout).filter((r) => r[0] === name);
}

/** The header kubectl prints for `get csr` (server-side Table columns, upper-cased). */
export const csrHeader = ['NAME', 'AGE', 'SIGNERNAME', 'REQUESTOR', 'REQUESTEDDURATION', 'CONDITION'];

/** A v1 CSR manifest for `name` with the given base64 request. */
export function csrManifest(name: string, requestB64: string, extra: { usages?: readonly string[]; expirationSeconds?: number; signerName?: string } = {}): string {
  const usages = extra.usages ?? ['client auth'];
  return [
    'apiVersion: certificates.k8s.io/v1',
    'kind: CertificateSigningRequest',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    `  request: ${requestB64}`,
    `  signerName: ${extra.signerName ?? 'kubernetes.io/kube-apiserver-client'}`,
    ...(extra.expirationSeconds !== undefined ? [`  expirationSeconds: ${extra.expirationSeconds}`] : []),
    '  usages:',
    ...usages.map((u) => `  - ${u}`),
    '',
  ].join('\n');
}

/** Seed 001's key and request, made as the seed makes them (2048-bit RSA, /CN=jean.doe/O=devs/). */
export const seed001RequestLine = 'openssl req -newkey rsa:2048 -nodes -keyout key.pem -new -subj /CN=jean.doe/O=devs/ -out csr.pem';

/** Seed 001's CSR heredoc: v1beta1 and no signerName, so the legacy signer is defaulted. */
export const seed001ApplyLine = `kubectl apply -f - <<EOF
apiVersion: certificates.k8s.io/v1beta1
kind: CertificateSigningRequest
metadata:
  name: user=jean.doe
spec:
  request: $(base64 -w0 < csr.pem)
  usages:
  - digital signature
  - key encipherment
  - client auth
EOF
`;
