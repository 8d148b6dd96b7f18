// Benchmark helper: a real `signet serve` in a child process on 127.0.0.1 with a temporary data
// dir, plus an HTTPS client with the admin certificate and keep-alive connections.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'node:https';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A running server for a benchmark. */
export interface BenchServer {
  readonly pid: number;
  readonly port: number;
  readonly dataDir: string;
  /** The admin kubeconfig the server wrote. */
  readonly kubeconfigPath: string;
  readonly agent: Agent;
  call(method: string, path: string, body?: string, contentType?: string): Promise<{ status: number; body: string }>;
  /** Resident set size of the server process, from /proc. */
  rssBytes(): number;
  /** CPU seconds (user + system) the server process has used, from /proc. */
  cpuSeconds(): number;
  /** The server's log lines so far (warnings and errors under --quiet), at most the first 1,000. */
  logLines(): readonly string[];
  stop(): Promise<void>;
}

/** Starts `signet serve`; `prepare(dataDir)` may fill the data dir first. */
export async function startBenchServer(opts: { maxSockets: number; dataDir?: string; extraArgs?: readonly string[] } = { maxSockets: 16 }): Promise<BenchServer> {
  const base = opts.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'signet-bench-'));
  const dataDir = opts.dataDir ?? join(base!, 'data');
  // SIGNET_BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/p") profiles the server.
  const nodeArgs = (process.env['SIGNET_BENCH_SERVER_NODE_ARGS'] ?? '').split(' ').filter((a) => a !== '');
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, join(repoRoot, 'bin', 'signet'), 'serve', '--quiet', '--listen', '127.0.0.1:0', '--data-dir', dataDir, ...(opts.extraArgs ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The log still reaches the terminal, and is kept so a benchmark can report what went wrong.
  const logLines: string[] = [];
  let partial = '';
  child.stderr!.on('data', (d: Buffer) => {
    process.stderr.write(d);
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) if (line !== '' && logLines.length < 1000) logLines.push(line);
  });
  const kubeconfigPath = await new Promise<string>((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error('server did not start')), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /export KUBECONFIG=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    });
    child.once('exit', (code) => fail(new Error(`server exited with ${code}`)));
  });
  const config = readFileSync(kubeconfigPath, 'utf8');
  const field = (name: string): Buffer => Buffer.from(new RegExp(`${name}: (\\S+)`).exec(config)![1]!, 'base64');
  const port = Number(/server: https:\/\/127\.0\.0\.1:(\d+)/.exec(config)![1]);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.maxSockets, ca: field('certificate-authority-data'), cert: field('client-certificate-data'), key: field('client-key-data') });
  const pid = child.pid!;
  const procStat = (): string[] => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return {
    pid,
    port,
    dataDir,
    kubeconfigPath,
    agent,
    call(method, path, body, contentType = 'application/json') {
      return new Promise((ok, fail) => {
        const req = request({ host: '127.0.0.1', port, method, path, agent, headers: body ? { 'Content-Type': contentType } : {} }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => ok({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        });
        req.on('error', fail);
        req.end(body);
      });
    },
    logLines: () => logLines,
    rssBytes() {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : 0;
    },
    cpuSeconds() {
      const f = procStat();
      // Fields 14 and 15 of /proc/PID/stat (utime, stime), counted after the command name.
      return (Number(f[11]) + Number(f[12])) / 100;
    },
    async stop() {
      agent.destroy();
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      if (base) rmSync(base, { recursive: true, force: true });
    },
  };
}
