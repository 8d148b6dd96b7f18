// signet against cfssl in one run: `cfssl serve` and `signet serve` sign with the same CA
// (made by cfssl, RSA-2048 and P-256), driven by the same closed-loop generator at concurrency
// 1, 8 and 32; server CPU from /proc and the generator's own CPU; the bare node:crypto
// signature with that CA key as the machine's limit; `signet pki cluster` against seed 003's
// cfssl script; and a CPU profile of signet under load. 127.0.0.1 only; every loop bounded.

import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentOptions } from 'node:https';
import { createCsr } from '../src/pki/csr.js';
import { generateKeyPair } from '../src/pki/keys.js';
import { buildName } from '../src/pki/name.js';
import { encodePem } from '../src/pki/pem.js';
import { ensureCfssl, makeCfsslCa, startCfsslServe, type CfsslKeyType } from './cfssl-process.js';
import { benchApprovalPolicy, CfsslClient, SignetClient } from './issue-clients.js';
import { runLoad, type LoadPoint } from './load.js';
import { measureRawSign, tbsLength, type RawSign } from './raw-sign.js';
import { runClusterComparison, type ClusterResult } from './cluster-vs-cfssl.js';
import { summariseProfiles, type ProfileSummary } from './cpu-profile.js';
import { startBenchServer, type BenchServer } from './serve-process.js';
import { startNodeSignServer } from './node-floor-process.js';
import { startControllersProcess } from './controllers-process.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The concurrencies of the comparison: issue 8's 1, 8 and 32, and the 16 clients of issue 6's goals. */
export const concurrencies = [1, 8, 16, 32] as const;
const pointMs = 5000;
const pointMaxCount = 20_000;

/** Everything measured with one CA key type. */
export interface KeyTypeResult {
  readonly keyType: CfsslKeyType;
  readonly raw: RawSign;
  readonly cfssl: LoadPoint[];
  readonly signet: LoadPoint[];
  /** The Node floor (node-sign-server.ts): cfssl's work per certificate on one Node event loop, over HTTPS. */
  readonly nodeFloor: LoadPoint[];
  /** Both sides' certificates verified against the shared CA (a sanity check, not a timing). */
  readonly sameCaVerified: boolean;
  /** Mean time of each step of a signet issuance, per concurrency (as seen by the client). */
  readonly signetPhases: { concurrency: number; createMs: number; certificateAfterCreateMs: number }[];
  readonly watchReconnects: number;
  /** signet's log lines (warnings, errors) during this key type's runs, counted by message. */
  readonly serverLog: Record<string, number>;
  /**
   * The same issuance with the controllers in their own process (`signet controllers --kubeconfig`
   * against `signet serve --controllers=false`), at `kubeconfigConcurrencies`; CPU is both processes'.
   */
  readonly kubeconfigMode: LoadPoint[];
}

/** Concurrencies of the `signet controllers --kubeconfig` points. */
export const kubeconfigConcurrencies = [1, 16] as const;

/** Counts log lines by their message, leaving out the timestamp. */
function countLog(lines: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of lines) {
    const key = line.replace(/"time":"[^"]*",?/, '');
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

/** A server CPU profile taken at one point. */
export interface ProfiledPoint {
  readonly keyType: CfsslKeyType;
  readonly point: LoadPoint;
  readonly threads: ProfileSummary[];
  /** node:crypto calls the server made per certificate during the point (verify, sign, createPublicKey). */
  readonly cryptoPerCert: Record<string, number>;
}

/** What the cfssl comparison measured. */
export interface CfsslBenchResult {
  readonly keyTypes: KeyTypeResult[];
  readonly cluster: ClusterResult;
  readonly profiles: ProfiledPoint[];
  readonly seconds: number;
  /** 1-minute load average before the run: other work on the shared machine skews everything. */
  readonly loadAvgStart: number;
}

function requestPems(type: CfsslKeyType, n: number): string[] {
  const keyType = type === 'rsa-2048' ? 'rsa-2048' : 'ecdsa-p256';
  return Array.from({ length: n }, (_, i) => encodePem('CERTIFICATE REQUEST', createCsr({
    subject: buildName({ CN: `bench-user-${i}`, O: ['devs'] }).raw,
    privateKey: generateKeyPair(keyType).privateKey,
  })));
}

const tlsOf = (s: BenchServer): AgentOptions => (s.agent as unknown as { options: AgentOptions }).options;

/** signet's flags: sign with the cfssl CA, approve the generator's requests by policy. */
function signingArgs(ca: { certFile: string; keyFile: string }, dir: string): string[] {
  const policyFile = join(dir, 'controllers.yaml');
  writeFileSync(policyFile, benchApprovalPolicy);
  return ['--cluster-signing-cert-file', ca.certFile, '--cluster-signing-key-file', ca.keyFile, '--controllers-config', policyFile];
}

function verifies(certPem: string, caPem: X509Certificate): boolean {
  try {
    return new X509Certificate(certPem).verify(caPem.publicKey);
  } catch {
    return false;
  }
}

async function benchKeyType(type: CfsslKeyType, log: (s: string) => void): Promise<KeyTypeResult> {
  log(`  ${type}: starting cfssl serve and signet serve`);
  const dir = mkdtempSync(join(tmpdir(), 'signet-bench-cfssl-'));
  const ca = makeCfsslCa(dir, type);
  const csrs = requestPems(type, 8);
  const cfssl = await startCfsslServe(ca);
  // Nothing started here may outlive a failure further on.
  const signet = await startBenchServer({ maxSockets: 64, extraArgs: signingArgs(ca, dir) }).catch(async (e: unknown) => { await cfssl.stop(); throw e; });
  const floor = await startNodeSignServer(signet.dataDir, ca).catch(async (e: unknown) => { await signet.stop(); await cfssl.stop(); throw e; });
  const cc = new CfsslClient(cfssl.port, csrs);
  const fc = new CfsslClient(floor.port, csrs, tlsOf(signet));
  const sc = await SignetClient.open(signet.port, tlsOf(signet), csrs, `bench-${type}`).catch(async (e: unknown) => { await floor.stop(); await signet.stop(); await cfssl.stop(); throw e; });
  try {
    // Warm-up (not measured): JIT, connection pools, SQLite pages, Go's scheduler.
    await runLoad(cc.issue, cfssl.cpuSeconds, { concurrency: 8, maxMs: 1000, maxCount: 2000 });
    await runLoad(fc.issue, floor.cpuSeconds, { concurrency: 8, maxMs: 1000, maxCount: 2000 });
    const warm = await runLoad((i) => sc.issue(i + 1_000_000), signet.cpuSeconds, { concurrency: 8, maxMs: 1500, maxCount: 2000 });
    if (warm.issued === 0) throw new Error(`signet issued nothing in warm-up: ${warm.firstError ?? 'no error'}`);
    const caCert = new X509Certificate(readFileSync(ca.certFile));
    const signetPem = Buffer.from(sc.lastCertificateB64, 'base64').toString();
    const sameCaVerified = verifies(cc.lastCertificatePem, caCert) && verifies(signetPem, caCert) && verifies(fc.lastCertificatePem, caCert);
    const raw = measureRawSign(ca.keyFile, tbsLength(signetPem));
    const cfsslPoints: LoadPoint[] = [];
    const signetPoints: LoadPoint[] = [];
    const floorPoints: LoadPoint[] = [];
    const signetPhases: KeyTypeResult['signetPhases'] = [];
    for (const [k, c] of concurrencies.entries()) {
      const bounds = { concurrency: c, maxMs: pointMs, maxCount: pointMaxCount };
      // Alternate which side goes first, so slow drift of the shared machine hits both.
      const runCfssl = async (): Promise<void> => {
        cfsslPoints.push(await runLoad(cc.issue, cfssl.cpuSeconds, bounds));
        floorPoints.push(await runLoad(fc.issue, floor.cpuSeconds, bounds));
      };
      const runSignet = async (): Promise<void> => {
        sc.takePhases();
        signetPoints.push(await runLoad((i) => sc.issue(i + c * 10_000_000), signet.cpuSeconds, bounds));
        signetPhases.push({ concurrency: c, ...sc.takePhases() });
      };
      if (k % 2 === 0) { await runCfssl(); await runSignet(); } else { await runSignet(); await runCfssl(); }
      const s = signetPoints.at(-1)!;
      const f = cfsslPoints.at(-1)!;
      const n = floorPoints.at(-1)!;
      log(`  ${type} c=${c}: cfssl ${f.rate.toFixed(0)}/s (${f.errors} errors), Node floor ${n.rate.toFixed(0)}/s (${n.errors} errors), signet ${s.rate.toFixed(0)}/s (${s.errors} errors${s.firstError ? `: ${s.firstError}` : ''})`);
    }
    const kubeconfigMode = await benchKubeconfigMode(type, ca, csrs, dir, log);
    return { keyType: type, raw, cfssl: cfsslPoints, signet: signetPoints, nodeFloor: floorPoints, sameCaVerified, signetPhases, watchReconnects: sc.reconnects, serverLog: countLog(signet.logLines()), kubeconfigMode };
  } finally {
    cc.close();
    fc.close();
    sc.close();
    await floor.stop();
    await signet.stop();
    await cfssl.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The controllers as their own process, over HTTPS: `signet serve --controllers=false` and
 * `signet controllers --kubeconfig` with the same CA and policy, driven by the same generator.
 */
async function benchKubeconfigMode(type: CfsslKeyType, ca: { certFile: string; keyFile: string }, csrs: readonly string[], dir: string, log: (s: string) => void): Promise<LoadPoint[]> {
  log(`  ${type}: signet serve --controllers=false with signet controllers --kubeconfig`);
  const server = await startBenchServer({ maxSockets: 64, extraArgs: ['--controllers=false'] });
  let controllers: Awaited<ReturnType<typeof startControllersProcess>> | undefined;
  let sc: SignetClient | undefined;
  try {
    controllers = await startControllersProcess(server.kubeconfigPath, [
      '--quiet', '--cluster-signing-cert-file', ca.certFile, '--cluster-signing-key-file', ca.keyFile, '--config', join(dir, 'controllers.yaml'),
    ]);
    sc = await SignetClient.open(server.port, tlsOf(server), csrs, `kubeconfig-${type}`);
    const both = (): number => server.cpuSeconds() + controllers!.cpuSeconds();
    const warm = await runLoad((i) => sc!.issue(i + 1_000_000), both, { concurrency: 8, maxMs: 1500, maxCount: 2000 });
    if (warm.issued === 0) throw new Error(`signet controllers issued nothing in warm-up: ${warm.firstError ?? 'no error'}`);
    const points: LoadPoint[] = [];
    for (const c of kubeconfigConcurrencies) {
      const p = await runLoad((i) => sc!.issue(i + c * 10_000_000), both, { concurrency: c, maxMs: pointMs, maxCount: pointMaxCount });
      log(`  ${type} c=${c}, controllers over HTTPS: ${p.rate.toFixed(0)}/s (${p.errors} errors${p.firstError ? `: ${p.firstError}` : ''})`);
      points.push(p);
    }
    return points;
  } finally {
    sc?.close();
    await controllers?.stop();
    await server.stop();
  }
}

/** Functions the report states the cost of, by name prefix. */
export const profileFocus = ['verifyCsrSignature', 'sqliteTransaction', 'writev', '(garbage collector)', 'signOneShot', 'reconcile dist/src/controllers/signer/'] as const;

/** Reads the crypto-count preload's counters from a running server (SIGUSR2 makes it write them). */
async function cryptoCounts(pid: number, file: string): Promise<Record<string, number>> {
  process.kill(pid, 'SIGUSR2');
  await new Promise((r) => setTimeout(r, 300));
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

/**
 * One point at concurrency 8 against a fresh signet started with --cpu-prof and the
 * crypto-count preload; returns the profile summaries and node:crypto calls per certificate.
 */
async function profilePoint(type: CfsslKeyType, log: (s: string) => void): Promise<ProfiledPoint> {
  log(`  ${type}: profiling signet serve at concurrency 8`);
  const dir = mkdtempSync(join(tmpdir(), 'signet-bench-prof-'));
  const profDir = join(dir, 'profiles');
  const countFile = join(dir, 'crypto-count.json');
  const ca = makeCfsslCa(dir, type);
  const csrs = requestPems(type, 8);
  const saved = { args: process.env['SIGNET_BENCH_SERVER_NODE_ARGS'], count: process.env['SIGNET_BENCH_CRYPTO_COUNT'] };
  process.env['SIGNET_BENCH_SERVER_NODE_ARGS'] = `--cpu-prof --cpu-prof-dir=${profDir} --import=${fileURLToPath(new URL('./crypto-count.js', import.meta.url))}`;
  process.env['SIGNET_BENCH_CRYPTO_COUNT'] = countFile;
  let signet: BenchServer;
  try {
    signet = await startBenchServer({ maxSockets: 64, extraArgs: signingArgs(ca, dir) });
  } finally {
    for (const [k, v] of [['SIGNET_BENCH_SERVER_NODE_ARGS', saved.args], ['SIGNET_BENCH_CRYPTO_COUNT', saved.count]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  const sc = await SignetClient.open(signet.port, tlsOf(signet), csrs, 'prof');
  let point: LoadPoint;
  let before: Record<string, number> = {};
  let after: Record<string, number> = {};
  // The point's time on the monotonic clock V8's profiles share, to leave start-up out.
  const window = { fromUs: 0, toUs: 0 };
  try {
    await runLoad((i) => sc.issue(i + 1_000_000), signet.cpuSeconds, { concurrency: 8, maxMs: 1000, maxCount: 2000 });
    before = await cryptoCounts(signet.pid, countFile);
    window.fromUs = Number(process.hrtime.bigint() / 1000n);
    point = await runLoad(sc.issue, signet.cpuSeconds, { concurrency: 8, maxMs: pointMs, maxCount: pointMaxCount });
    window.toUs = Number(process.hrtime.bigint() / 1000n);
    // Give the last status writes' watch events time to finish before counting.
    after = await cryptoCounts(signet.pid, countFile);
  } finally {
    sc.close();
    // SIGTERM lets the server exit normally, which is when node writes the profiles.
    await signet.stop();
  }
  const threads = summariseProfiles(profDir, repoRoot, 15, window, profileFocus);
  rmSync(dir, { recursive: true, force: true });
  const cryptoPerCert: Record<string, number> = {};
  for (const k of Object.keys(after)) cryptoPerCert[k] = ((after[k] ?? 0) - (before[k] ?? 0)) / Math.max(1, point.issued);
  return { keyType: type, point, threads, cryptoPerCert };
}

const f1 = (x: number): string => x.toFixed(1);
const f2 = (x: number): string => x.toFixed(2);
const f3 = (x: number): string => x.toFixed(3);

/** The main table, as printed and as put in the report. */
export function comparisonTable(r: CfsslBenchResult): string[] {
  const rows = ['| CA | conc. | cfssl certs/s | signet certs/s | signet/cfssl | cfssl p50 / p99 ms | signet p50 / p99 ms | server CPU ms/cert cfssl | server CPU ms/cert signet | generator CPU ms/cert cfssl / signet | generator share cfssl / signet | errors cfssl / signet |', '|---|---|---|---|---|---|---|---|---|---|---|---|'];
  for (const k of r.keyTypes) {
    k.cfssl.forEach((c, i) => {
      const s = k.signet[i]!;
      rows.push(`| ${k.keyType} | ${c.concurrency} | ${c.rate.toFixed(0)} | ${s.rate.toFixed(0)} | ${f2(s.rate / c.rate)} | ${f1(c.p50Ms)} / ${f1(c.p99Ms)} | ${f1(s.p50Ms)} / ${f1(s.p99Ms)} | ${f3(c.serverCpuMsPerCert)} | ${f3(s.serverCpuMsPerCert)} | ${f3(c.generatorCpuMsPerCert)} / ${f3(s.generatorCpuMsPerCert)} | ${(c.generatorShare * 100).toFixed(0)}% / ${(s.generatorShare * 100).toFixed(0)}% | ${c.errors} / ${s.errors} |`);
    });
  }
  return rows;
}

/** The controllers in-process against the same controllers in their own process over HTTPS, per point. */
export function kubeconfigTable(r: CfsslBenchResult): string[] {
  const rows = ['| CA | conc. | in-process certs/s | p50 / p99 ms | server CPU ms/cert | over HTTPS (`signet controllers --kubeconfig`) certs/s | p50 / p99 ms | CPU ms/cert, server + controllers | errors |', '|---|---|---|---|---|---|---|---|---|'];
  for (const k of r.keyTypes) {
    for (const h of k.kubeconfigMode ?? []) {
      const s = k.signet.find((p) => p.concurrency === h.concurrency);
      if (!s) continue;
      rows.push(`| ${k.keyType} | ${h.concurrency} | ${s.rate.toFixed(0)} | ${f1(s.p50Ms)} / ${f1(s.p99Ms)} | ${f3(s.serverCpuMsPerCert)} | ${h.rate.toFixed(0)} | ${f1(h.p50Ms)} / ${f1(h.p99Ms)} | ${f3(h.serverCpuMsPerCert)} | ${h.errors} |`);
    }
  }
  return rows;
}

/**
 * The Node floor against cfssl and signet, per point: what one Node event loop spends doing
 * cfssl's work and nothing more.
 */
export function floorTable(r: CfsslBenchResult): string[] {
  const rows = ['| CA | conc. | Node floor certs/s | cfssl certs/s | signet certs/s | server CPU ms/cert: Node floor | cfssl | signet | Node floor CPU beyond the signature, ms/cert |', '|---|---|---|---|---|---|---|---|---|'];
  for (const k of r.keyTypes) {
    k.nodeFloor.forEach((n, i) => {
      const c = k.cfssl[i]!;
      const s = k.signet[i]!;
      rows.push(`| ${k.keyType} | ${n.concurrency} | ${n.rate.toFixed(0)} | ${c.rate.toFixed(0)} | ${s.rate.toFixed(0)} | ${f3(n.serverCpuMsPerCert)} | ${f3(c.serverCpuMsPerCert)} | ${f3(s.serverCpuMsPerCert)} | ${f3(n.serverCpuMsPerCert - k.raw.cpuMsPerSign)} |`);
    });
  }
  return rows;
}

/** signet against the bare node:crypto signature with the same key, per point. */
export function limitTable(r: CfsslBenchResult): string[] {
  const rows = ['| CA | conc. | node:crypto signs/s (1 thread) | node:crypto CPU ms/sign | signet certs/s | signet / 1-thread signing rate | signet server CPU ms/cert | signet CPU beyond the signature, ms/cert |', '|---|---|---|---|---|---|---|---|'];
  for (const k of r.keyTypes) {
    for (const s of k.signet) {
      rows.push(`| ${k.keyType} | ${s.concurrency} | ${k.raw.perSecond.toFixed(0)} | ${f3(k.raw.cpuMsPerSign)} | ${s.rate.toFixed(0)} | ${f2(s.rate / k.raw.perSecond)} | ${f3(s.serverCpuMsPerCert)} | ${f3(s.serverCpuMsPerCert - k.raw.cpuMsPerSign)} |`);
    }
  }
  return rows;
}

/** Where a signet issuance's latency goes, as the client sees it. */
export function phaseTable(r: CfsslBenchResult): string[] {
  const rows = ['| CA | conc. | create answered, ms | certificate seen after the create was answered (policy approval, signing), ms |', '|---|---|---|---|'];
  for (const k of r.keyTypes) for (const p of k.signetPhases) rows.push(`| ${k.keyType} | ${p.concurrency} | ${f1(p.createMs)} | ${f1(p.certificateAfterCreateMs)} |`);
  return rows;
}

/** The cluster PKI table. */
export function clusterTable(c: ClusterResult): string[] {
  return [
    '| tool | median wall time | runs (s) | files written |',
    '|---|---|---|---|',
    `| signet pki cluster examples/cluster.yaml | ${f2(c.signetMedian)} s | ${c.signetSeconds.map(f2).join(', ')} | ${c.signetFiles} (certificates, keys, CSRs, kubeconfigs) |`,
    `| seed 003: 10 × cfssl gencert \\| cfssljson -bare | ${f2(c.cfsslMedian)} s | ${c.cfsslSeconds.map(f2).join(', ')} | ${c.cfsslFiles} (certificates, keys, CSRs) |`,
    `| ratio cfssl / signet | ${f2(c.cfsslMedian / c.signetMedian)} | | |`,
  ];
}

/** Runs the cfssl comparison and prints its tables; `profile` adds one profiled point per key type. */
export async function runCfsslBench(log: (s: string) => void = console.log, opts: { profile?: boolean } = {}): Promise<CfsslBenchResult> {
  const t0 = performance.now();
  const loadAvgStart = loadavg()[0]!;
  ensureCfssl(log);
  const keyTypes: KeyTypeResult[] = [];
  log('\ncfssl comparison (cfssl serve and signet serve with the same CA; one load generator in this process)');
  for (const type of ['rsa-2048', 'ecdsa-p256'] as const) keyTypes.push(await benchKeyType(type, log));
  const profiles: ProfiledPoint[] = [];
  if (opts.profile ?? true) for (const type of ['rsa-2048', 'ecdsa-p256'] as const) profiles.push(await profilePoint(type, log));
  log('  signet pki cluster against seed 003\'s cfssl script, 5 runs each');
  const cluster = runClusterComparison(5);
  const result: CfsslBenchResult = { keyTypes, cluster, profiles, seconds: (performance.now() - t0) / 1000, loadAvgStart };
  log('');
  for (const line of comparisonTable(result)) log(line);
  log('');
  for (const line of limitTable(result)) log(line);
  log('');
  for (const line of floorTable(result)) log(line);
  log('');
  for (const line of phaseTable(result)) log(line);
  log('');
  for (const line of clusterTable(cluster)) log(line);
  for (const k of keyTypes) if (!k.sameCaVerified) log(`WARNING: ${k.keyType}: a certificate did not verify against the shared CA`);
  return result;
}
