// `signet controllers --kubeconfig` as its own process against a benchmark's `signet serve
// --controllers=false`: the same controllers, reaching the server only over HTTPS.

import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverProcess, type CfsslServer } from './cfssl-process.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Starts the controllers with the admin kubeconfig and `args` (CA, policy); resolves once they run. */
export async function startControllersProcess(kubeconfig: string, args: readonly string[]): Promise<CfsslServer> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'signet'), 'controllers', '--kubeconfig', kubeconfig, '--leader-elect=false', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => { if (log.length < 4000) log += d.toString(); });
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`signet controllers did not start: ${log.slice(0, 500)}`)), 30_000);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('controllers running against')) { clearTimeout(timer); ok(); }
    });
    child.once('exit', (code) => { clearTimeout(timer); fail(new Error(`signet controllers exited with ${code}: ${log.slice(0, 500)}`)); });
  });
  return serverProcess(child, 0);
}
