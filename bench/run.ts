// `npm run bench [-- pki|api|cfssl ...]`: runs the benchmarks (all when none is named) and
// merges what they measured into bench/results/latest.json; the cfssl comparison also writes
// bench/results/report.md and throughput.svg. Not a test: it prints ratios against baselines
// measured in the same run and never fails on speed.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import { runPkiBench } from './pki.bench.js';
import { runApiBench, type ApiBenchResult } from './apiserver.bench.js';
import { runCfsslBench } from './cfssl.bench.js';
import { writeCfsslReport } from './cfssl-report.js';

const resultsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../bench/results');
const latestPath = join(resultsDir, 'latest.json');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const wants = (name: string): boolean => only.length === 0 || only.includes(name);

// Sections not run this time are kept from the previous run, so `npm run bench -- cfssl` can
// cite the API server's scale figures without measuring them again.
const previous = existsSync(latestPath) ? (JSON.parse(readFileSync(latestPath, 'utf8')) as Record<string, unknown>) : {};
const results: Record<string, unknown> = {
  ...previous,
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
};
const ran: Record<string, string> = { ...((previous['measuredAt'] as Record<string, string> | undefined) ?? {}) };
const stamp = (name: string): void => { ran[name] = new Date().toISOString(); };
if (wants('pki')) { results['pki'] = runPkiBench(); stamp('pki'); }
if (wants('api')) { results['api'] = await runApiBench(); stamp('api'); }
if (wants('cfssl')) {
  const cfssl = await runCfsslBench(console.log, { profile: !process.argv.includes('--no-profile') });
  results['cfssl'] = cfssl;
  stamp('cfssl');
  const written = writeCfsslReport(resultsDir, cfssl, results['api'] as ApiBenchResult | undefined, ran['api']);
  console.log(`\nwrote ${written.join(', ')}`);
}
results['measuredAt'] = ran;
mkdirSync(resultsDir, { recursive: true });
writeFileSync(latestPath, JSON.stringify(results, null, 2) + '\n');
console.log(`\nwrote ${latestPath}`);
