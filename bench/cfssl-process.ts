// Benchmark helper: a CA made by `cfssl gencert -initca` and a real `cfssl serve` child on
// 127.0.0.1 signing with it, plus CPU time of any process from /proc. signet is given the same
// CA files, so both sides sign with identical keys.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';

/** The CA key types the comparison runs with, as cfssl spells them. */
export type CfsslKeyType = 'rsa-2048' | 'ecdsa-p256';

/** The cfssl profile both sides issue with: a one-year client certificate. */
export const benchProfile = 'client';

/** Makes sure cfssl and cfssljson are on PATH, installing Debian's golang-cfssl when missing (as root). */
export function ensureCfssl(log: (s: string) => void): void {
  const present = (): boolean => {
    try {
      execFileSync('cfssl', ['version'], { stdio: 'ignore', timeout: 10_000 });
      execFileSync('sh', ['-c', 'command -v cfssljson'], { stdio: 'ignore', timeout: 10_000 });
      return true;
    } catch {
      return false;
    }
  };
  if (present()) return;
  if (process.getuid?.() !== 0) throw new Error('cfssl is not installed: apt-get install golang-cfssl');
  log('  installing golang-cfssl with apt-get');
  execFileSync('apt-get', ['install', '-y', 'golang-cfssl'], { stdio: 'ignore', timeout: 300_000 });
  if (!present()) throw new Error('apt-get install golang-cfssl did not provide cfssl and cfssljson');
}

/** Files of a CA written by cfssl. */
export interface CfsslCa {
  readonly certFile: string;
  readonly keyFile: string;
  readonly configFile: string;
}

/** Makes a CA of `type` in `dir` with `cfssl gencert -initca`, and a config.json with {@link benchProfile}. */
export function makeCfsslCa(dir: string, type: CfsslKeyType): CfsslCa {
  const key = type === 'rsa-2048' ? { algo: 'rsa', size: 2048 } : { algo: 'ecdsa', size: 256 };
  const csrJson = join(dir, 'ca-csr.json');
  writeFileSync(csrJson, JSON.stringify({ CN: 'bench-ca', key, names: [{ O: 'signet bench' }] }));
  const out = JSON.parse(execFileSync('cfssl', ['gencert', '-initca', csrJson], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 30_000 }).toString()) as { cert: string; key: string };
  const ca = { certFile: join(dir, 'ca.pem'), keyFile: join(dir, 'ca-key.pem'), configFile: join(dir, 'config.json') };
  writeFileSync(ca.certFile, out.cert);
  writeFileSync(ca.keyFile, out.key, { mode: 0o600 });
  // The same usages signet's kube-apiserver-client signer puts in a client certificate.
  writeFileSync(ca.configFile, JSON.stringify({
    signing: {
      default: { expiry: '8760h' },
      profiles: { [benchProfile]: { usages: ['digital signature', 'key encipherment', 'client auth'], expiry: '8760h' } },
    },
  }));
  return ca;
}

/** CPU seconds (user + system, all threads) a process has used, from /proc/PID/stat. */
export function processCpuSeconds(pid: number): number {
  // Fields 14 and 15 (utime, stime) counted from after the parenthesised command name; the
  // kernel reports them in clock ticks, 100 per second on Linux here.
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

/** A free TCP port on 127.0.0.1 (cfssl serve cannot bind port 0 and report it). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => ok(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const sock = connect(port, '127.0.0.1');
    sock.once('connect', () => { sock.destroy(); ok(true); });
    sock.once('error', () => ok(false));
  });
}

/** A running `cfssl serve`. */
export interface CfsslServer {
  readonly pid: number;
  readonly port: number;
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** Starts `cfssl serve` with `ca` on a free 127.0.0.1 port; resolves once it accepts connections. */
export async function startCfsslServe(ca: CfsslCa): Promise<CfsslServer> {
  const port = await freePort();
  // -loglevel 2 (warnings): cfssl otherwise logs every signature, and signet runs with --quiet.
  const child: ChildProcess = spawn('cfssl', ['serve', '-loglevel', '2', '-address', '127.0.0.1', '-port', String(port), '-ca', ca.certFile, '-ca-key', ca.keyFile, '-config', ca.configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { if (stderr.length < 4000) stderr += d.toString(); });
  let exited = false;
  child.once('exit', () => { exited = true; });
  const deadline = Date.now() + 15_000;
  while (!(await canConnect(port))) {
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`cfssl serve did not start: ${stderr.slice(0, 500)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return serverProcess(child, port);
}

/** A server child process on `port`: its CPU from /proc, and a stop that waits for its exit (SIGKILL after 5 s). */
export function serverProcess(child: ChildProcess, port: number): CfsslServer {
  const pid = child.pid!;
  return {
    pid,
    port,
    cpuSeconds: () => processCpuSeconds(pid),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await done;
      clearTimeout(timer);
    },
  };
}
