// Preloaded into the profiled `signet serve` (node --import): counts the node:crypto calls the
// server makes, so the report can say how many signatures and verifications one certificate
// costs. Writes {verify, sign, createPublicKey} to $SIGNET_BENCH_CRYPTO_COUNT at exit.

import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { writeFileSync } from 'node:fs';

const counts: Record<string, number> = { verify: 0, sign: 0, createPublicKey: 0 };
const target = crypto as unknown as Record<string, (...args: unknown[]) => unknown>;
for (const name of Object.keys(counts)) {
  const original = target[name]!;
  target[name] = function counted(this: unknown, ...args: unknown[]): unknown {
    counts[name]!++;
    return original.apply(this, args);
  };
}
// Named imports of node:crypto (import { verify } from 'node:crypto') see the wrappers only
// after this.
syncBuiltinESMExports();

/** Counts so far; read at a point's start and end by sending SIGUSR2 (written to the file). */
function dump(): void {
  const file = process.env['SIGNET_BENCH_CRYPTO_COUNT'];
  if (file) writeFileSync(file, JSON.stringify(counts));
}
process.on('SIGUSR2', dump);
process.on('exit', dump);
