// `signet pki cluster examples/cluster.yaml` against the cfssl command sequence of Kubernetes
// the Hard Way (seed 003) for the same cluster: one generated shell script of ten
// `cfssl gencert ... | cfssljson -bare NAME` lines. Wall time, alternating runs, median.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './measure.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** What the cluster comparison measured. */
export interface ClusterResult {
  readonly runs: number;
  readonly signetSeconds: number[];
  readonly cfsslSeconds: number[];
  readonly signetMedian: number;
  readonly cfsslMedian: number;
  readonly signetFiles: number;
  readonly cfsslFiles: number;
}

// The values of examples/cluster.yaml, written the way seed 003 writes them.
const names = { C: 'US', L: 'Portland', ST: 'Oregon', OU: 'Kubernetes The Hard Way' };
const workers = [['worker-0', '10.240.0.20', '203.0.113.20'], ['worker-1', '10.240.0.21', '203.0.113.21'], ['worker-2', '10.240.0.22', '203.0.113.22']] as const;
const apiHosts = '10.32.0.1,10.240.0.10,10.240.0.11,10.240.0.12,203.0.113.10,127.0.0.1,kubernetes,kubernetes.default,kubernetes.default.svc,kubernetes.default.svc.cluster,kubernetes.svc.cluster.local';

function csrJson(cn: string, o: string, ou = names.OU): string {
  return JSON.stringify({ CN: cn, key: { algo: 'rsa', size: 2048 }, names: [{ ...names, O: o, OU: ou }] });
}

/** Writes seed 003's inputs and script into `dir`; returns the script path. */
export function writeSeedScript(dir: string): string {
  writeFileSync(join(dir, 'ca-config.json'), JSON.stringify({
    signing: { default: { expiry: '8760h' }, profiles: { kubernetes: { usages: ['signing', 'key encipherment', 'server auth', 'client auth'], expiry: '8760h' } } },
  }));
  const gencert = (csr: string, out: string, hostname?: string): string =>
    `cfssl gencert -ca=ca.pem -ca-key=ca-key.pem -config=ca-config.json${hostname ? ` -hostname=${hostname}` : ''} -profile=kubernetes ${csr} | cfssljson -bare ${out}`;
  const lines = ['set -e', 'cfssl gencert -initca ca-csr.json | cfssljson -bare ca'];
  writeFileSync(join(dir, 'ca-csr.json'), csrJson('Kubernetes', 'Kubernetes', 'CA'));
  writeFileSync(join(dir, 'admin-csr.json'), csrJson('admin', 'system:masters'));
  lines.push(gencert('admin-csr.json', 'admin'));
  for (const [w, internal, external] of workers) {
    writeFileSync(join(dir, `${w}-csr.json`), csrJson(`system:node:${w}`, 'system:nodes'));
    lines.push(gencert(`${w}-csr.json`, w, `${w},${external},${internal}`));
  }
  for (const [file, cn, o] of [
    ['kube-controller-manager', 'system:kube-controller-manager', 'system:kube-controller-manager'],
    ['kube-proxy', 'system:kube-proxy', 'system:node-proxier'],
    ['kube-scheduler', 'system:kube-scheduler', 'system:kube-scheduler'],
  ] as const) {
    writeFileSync(join(dir, `${file}-csr.json`), csrJson(cn, o));
    lines.push(gencert(`${file}-csr.json`, file));
  }
  writeFileSync(join(dir, 'kubernetes-csr.json'), csrJson('kubernetes', 'Kubernetes'));
  lines.push(gencert('kubernetes-csr.json', 'kubernetes', apiHosts));
  writeFileSync(join(dir, 'service-account-csr.json'), csrJson('service-accounts', 'Kubernetes'));
  lines.push(gencert('service-account-csr.json', 'service-account'));
  const script = join(dir, 'kthw-certs.sh');
  writeFileSync(script, lines.join('\n') + '\n');
  return script;
}

function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return (performance.now() - t0) / 1000;
}

/** Runs each side `runs` times, alternating, each in a fresh directory. */
export function runClusterComparison(runs = 5): ClusterResult {
  const scratch = mkdtempSync(join(tmpdir(), 'signet-bench-cluster-'));
  const signetSeconds: number[] = [];
  const cfsslSeconds: number[] = [];
  let signetFiles = 0;
  let cfsslFiles = 0;
  try {
    for (let r = 0; r < runs; r++) {
      const sDir = join(scratch, `signet-${r}`);
      mkdirSync(sDir);
      signetSeconds.push(timed(() => execFileSync(process.execPath, [join(repoRoot, 'bin', 'signet'), 'pki', 'cluster', '--out', sDir, join(repoRoot, 'examples', 'cluster.yaml')], { stdio: 'ignore', timeout: 60_000 })));
      signetFiles = readdirSync(sDir).length;
      const cDir = join(scratch, `cfssl-${r}`);
      mkdirSync(cDir);
      const script = writeSeedScript(cDir);
      const inputs = readdirSync(cDir).length;
      cfsslSeconds.push(timed(() => execFileSync('bash', [script], { cwd: cDir, stdio: 'ignore', timeout: 60_000 })));
      cfsslFiles = readdirSync(cDir).length - inputs;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { runs, signetSeconds, cfsslSeconds, signetMedian: median(signetSeconds), cfsslMedian: median(cfsslSeconds), signetFiles, cfsslFiles };
}
