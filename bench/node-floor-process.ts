// Starts the Node floor (node-sign-server.ts) as its own process beside a benchmark's signet:
// signet's serving certificate and the shared CA, so the same client credentials work on both.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { serverProcess, type CfsslCa, type CfsslServer } from './cfssl-process.js';

/** Starts the floor server with signet's serving key pair from `dataDir` and the CA `ca`. */
export async function startNodeSignServer(dataDir: string, ca: CfsslCa): Promise<CfsslServer> {
  const script = new URL('./node-sign-server.js', import.meta.url).pathname;
  const child = spawn(process.execPath, [script, join(dataDir, 'serving.crt'), join(dataDir, 'serving.key'), ca.certFile, ca.certFile, ca.keyFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('node sign server did not start')), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      const m = /port (\d+)/.exec(d.toString());
      if (m) { clearTimeout(timer); ok(Number(m[1])); }
    });
    child.once('exit', (code) => { clearTimeout(timer); fail(new Error(`node sign server exited with ${code}`)); });
  });
  return serverProcess(child, port);
}
