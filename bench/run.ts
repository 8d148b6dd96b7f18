// `npm run bench`: runs the benchmarks and writes bench/results/latest.json. Not a test:
// it prints ratios against baselines measured in the same run and never fails on speed.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import { runPkiBench } from './pki.bench.js';
import { runApiBench } from './apiserver.bench.js';

const resultsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../bench/results');
const only = process.argv.slice(2);
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
};
if (only.length === 0 || only.includes('pki')) results['pki'] = runPkiBench();
if (only.length === 0 || only.includes('api')) results['api'] = await runApiBench();
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
console.log(`\nwrote ${join(resultsDir, 'latest.json')}`);
