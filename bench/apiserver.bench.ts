// API server benchmark: CSR creates from 16 keep-alive clients against a bare HTTPS baseline
// measured in the same run; paging through 100,000 stored CSRs; server memory; and how fast
// 1,000 open watches see a change. Every loop is bounded in count and time; 127.0.0.1 only.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { request, Agent } from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createCsr, parseCsrPem, verifyCsrSignature } from '../src/pki/csr.js';
import { generateKeyPair } from '../src/pki/keys.js';
import { buildName } from '../src/pki/name.js';
import { encodePem } from '../src/pki/pem.js';
import { SqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import { startBenchServer, type BenchServer } from './serve-process.js';
import { median } from './measure.js';
import { processCpuSeconds } from './cfssl-process.js';

/** What the API benchmark measured. */
export interface ApiBenchResult {
  readonly createsPerSecond: number;
  readonly createP50Ms: number;
  readonly createP99Ms: number;
  readonly baselinePerSecond: number;
  readonly ratioToBaseline: number;
  readonly serverCpuMsPerCreate: number;
  /** CPU the bare baseline server spends per request: the least any Node server can spend on a create. */
  readonly baselineCpuMsPerCreate: number;
  /** CPU the load generator spends per create (against signet). */
  readonly generatorCpuMsPerCreate: number;
  /** CPU the load generator spends per request against the bare server. */
  readonly baselineGeneratorCpuMsPerCreate: number;
  /** CPU of parsing and verifying the benchmark's P-256 CSR once (part of the baseline's work per request). */
  readonly csrVerifyCpuMs: number;
  /**
   * Creates/s the two cores would give if the baseline's work per request were spread over both
   * without loss, beside the generator: 2 / (baseline CPU + generator CPU per request).
   */
  readonly twoCoreCeilingPerSecond: number;
  readonly list100kSeconds: number;
  readonly rssMiBWith100k: number;
  readonly watchP99Ms: number;
  readonly watchP50Ms: number;
  /** The same 1,000 watchers on the bare server, which only writes each event line to every held stream. */
  readonly watchFloorP50Ms?: number;
  readonly watchFloorP99Ms?: number;
}

const requestPem = encodePem('CERTIFICATE REQUEST', createCsr({ subject: buildName({ CN: 'bench-user', O: ['devs'] }).raw, privateKey: generateKeyPair('ecdsa-p256').privateKey }));
const requestB64 = Buffer.from(requestPem).toString('base64');

function csrBody(name: string): string {
  return JSON.stringify({
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: { request: requestB64, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'], expirationSeconds: 86400 },
  });
}

/** CPU milliseconds of one parse and verification of the benchmark's CSR, as the baseline does it. */
function csrVerifyCpuMs(): number {
  for (let i = 0; i < 50; i++) verifyCsrSignature(parseCsrPem(requestPem));
  const n = 2000;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) verifyCsrSignature(parseCsrPem(requestPem));
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / 1000 / n;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

type Call = (method: string, path: string, body?: string, contentType?: string) => Promise<{ status: number; body: string }>;

/** Runs `concurrency` loops of creates for up to `ms` or `max` requests; returns rate and latencies. */
async function createLoad(call: Call, prefix: string, concurrency: number, ms: number, max: number): Promise<{ rate: number; latencies: number[] }> {
  const latencies: number[] = [];
  let issued = 0;
  const start = performance.now();
  const deadline = start + ms;
  const worker = async (): Promise<void> => {
    while (issued < max && performance.now() < deadline) {
      const name = `${prefix}-${issued++}`;
      const t0 = performance.now();
      const r = await call('POST', '/apis/certificates.k8s.io/v1/certificatesigningrequests', csrBody(name));
      if (r.status !== 201) throw new Error(`create ${name}: ${r.status} ${r.body.slice(0, 200)}`);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  return { rate: latencies.length / seconds, latencies: latencies.sort((a, b) => a - b) };
}

async function startBaseline(dataDir: string): Promise<WatchTarget & { cpuSeconds: () => number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [new URL('./bare-server.js', import.meta.url).pathname, join(dataDir, 'serving.crt'), join(dataDir, 'serving.key'), join(dataDir, 'ca.crt')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((ok) => child.stdout!.on('data', (d: Buffer) => ok(Number(/port (\d+)/.exec(d.toString())![1]))));
  const tls = { ca: readFileSync(join(dataDir, 'ca.crt')), cert: readFileSync(join(dataDir, 'admin.crt')), key: readFileSync(join(dataDir, 'admin.key')) };
  const agent = new Agent({ ...tls, keepAlive: true, maxSockets: 16 });
  const call: Call = (method, path, body) => new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers: { 'Content-Type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', fail);
    req.end(body);
  });
  return {
    port,
    tls,
    call,
    cpuSeconds: () => processCpuSeconds(child.pid!),
    stop: async () => {
      agent.destroy();
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Fills a data dir's database with `count` CSRs directly through the store (the server is not running). */
async function preload(dataDir: string, count: number): Promise<void> {
  const store = SqliteStore.open({ path: join(dataDir, 'signet.db') });
  const template = JSON.parse(csrBody('x')) as Record<string, any>;
  const batch: Promise<number>[] = [];
  for (let i = 0; i < count; i++) {
    const name = `preload-${String(i).padStart(6, '0')}`;
    // The stored shape (object-codec.ts): metadata first, no kind or apiVersion.
    const obj = { metadata: { name, uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, creationTimestamp: new Date().toISOString().slice(0, 19) + 'Z', }, spec: { ...template['spec'], username: 'admin', groups: ['system:masters', 'system:authenticated'] }, status: {} };
    batch.push(store.create(`/registry/certificates.k8s.io/certificatesigningrequests/${name}`, Buffer.from(JSON.stringify(obj))));
    if (batch.length === 1000) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
  await store.close();
}

async function listAll(server: BenchServer): Promise<{ seconds: number; items: number }> {
  const start = performance.now();
  let items = 0;
  let cont = '';
  for (let pages = 0; pages < 1000; pages++) {
    const r = await server.call('GET', `/apis/certificates.k8s.io/v1/certificatesigningrequests?limit=500${cont ? `&continue=${cont}` : ''}`);
    const list = JSON.parse(r.body) as { items: unknown[]; metadata: { continue?: string } };
    items += list.items.length;
    if (!list.metadata.continue) break;
    cont = encodeURIComponent(list.metadata.continue);
  }
  return { seconds: (performance.now() - start) / 1000, items };
}

/** Opens `n` watches, then changes one object `rounds` times; returns per-watcher delivery latencies. */
/** A server to watch: where, with what client TLS options, and how to send it a request. */
interface WatchTarget {
  readonly port: number;
  readonly tls: object;
  readonly call: Call;
}

async function watchLatency(server: WatchTarget, n: number, rounds: number): Promise<number[]> {
  const created = await server.call('POST', '/apis/certificates.k8s.io/v1/certificatesigningrequests', csrBody('watched'));
  const rv = (JSON.parse(created.body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
  const agent = new Agent({ ...server.tls, keepAlive: true, maxSockets: n + 10 });
  const latencies: number[] = [];
  // Arrival times by resourceVersion: an event can arrive before the write's own response.
  const arrivals = new Map<string, number[]>();
  const requests: ReturnType<typeof request>[] = [];
  let ready = 0;
  await new Promise<void>((allOpen) => {
    for (let i = 0; i < n; i++) {
      const req = request({ host: '127.0.0.1', port: server.port, path: `/apis/certificates.k8s.io/v1/certificatesigningrequests?watch=true&resourceVersion=${rv}&fieldSelector=metadata.name%3Dwatched`, agent }, (res) => {
        if (++ready === n) allOpen();
        // The watchers share this process's one thread: each event is only searched for its
        // resourceVersion, so the client's own work delays the later deliveries as little as it can.
        res.setEncoding('utf8');
        let buf = '';
        res.on('data', (d: string) => {
          const at = performance.now();
          buf += d;
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const version = /"resourceVersion":"(\d+)"/.exec(buf.slice(0, nl))?.[1] ?? '';
            buf = buf.slice(nl + 1);
            const list = arrivals.get(version) ?? [];
            list.push(at);
            arrivals.set(version, list);
          }
        });
      });
      req.on('error', () => {});
      req.end();
      requests.push(req);
    }
  });
  // Round 0 warms up (the first event after a thousand watches opened runs code paths neither
  // side has compiled yet) and is not counted, as the other benchmarks discard their warm-up.
  for (let round = 0; round <= rounds; round++) {
    const t0 = performance.now();
    const r = await server.call('PATCH', '/apis/certificates.k8s.io/v1/certificatesigningrequests/watched', JSON.stringify({ metadata: { labels: { round: String(round) } } }), 'application/merge-patch+json');
    if (r.status !== 200) throw new Error(`PATCH answered ${r.status}: ${r.body}`);
    const version = (JSON.parse(r.body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    const until = performance.now() + 5000;
    while ((arrivals.get(version)?.length ?? 0) < n && performance.now() < until) await new Promise((w) => setTimeout(w, 2));
    if (round > 0) for (const at of arrivals.get(version) ?? []) latencies.push(at - t0);
  }
  for (const req of requests) req.destroy();
  agent.destroy();
  return latencies.sort((a, b) => a - b);
}

/** Runs the API benchmark and prints its table. */
export async function runApiBench(log: (s: string) => void = console.log): Promise<ApiBenchResult> {
  // 1. Creates against signet, then against the bare baseline, alternating twice.
  const server = await startBenchServer({ maxSockets: 16 });
  const signetRuns: { rate: number; latencies: number[]; cpu: number; generatorCpu: number }[] = [];
  const baselineRuns: { rate: number; cpu: number; generatorCpu: number }[] = [];
  const baseline = await startBaseline(server.dataDir);
  // CPU seconds of a server and of this process (the generator) per completed create.
  const measured = async (cpuSeconds: () => number, load: () => Promise<{ rate: number; latencies: number[] }>) => {
    const server0 = cpuSeconds();
    const gen0 = process.cpuUsage();
    const r = await load();
    const gen = process.cpuUsage(gen0);
    return { ...r, cpu: (cpuSeconds() - server0) / r.latencies.length, generatorCpu: (gen.user + gen.system) / 1e6 / r.latencies.length };
  };
  for (let round = 0; round < 2; round++) {
    signetRuns.push(await measured(server.cpuSeconds, () => createLoad(server.call, `r${round}`, 16, 5000, 40_000)));
    baselineRuns.push(await measured(baseline.cpuSeconds, () => createLoad(baseline.call, `b${round}`, 16, 5000, 40_000)));
  }
  await baseline.stop();
  await server.stop();
  const best = signetRuns.reduce((a, b) => (a.rate > b.rate ? a : b));
  const createsPerSecond = median(signetRuns.map((r) => r.rate));
  const baselinePerSecond = median(baselineRuns.map((r) => r.rate));
  const baselineCpuMsPerCreate = median(baselineRuns.map((r) => r.cpu * 1000));
  const baselineGeneratorMs = median(baselineRuns.map((r) => r.generatorCpu * 1000));

  // 2. 100,000 stored CSRs: page through them, and the server's memory.
  const scratch = mkdtempSync(join(tmpdir(), 'signet-bench-'));
  const bigDir = join(scratch, 'data');
  await (await startBenchServer({ maxSockets: 16, dataDir: bigDir })).stop();
  await preload(bigDir, 100_000);
  // Without the in-process controllers, whose first list of the 100,000 objects would otherwise
  // run at the same moment as the list being timed.
  const server2 = await startBenchServer({ maxSockets: 1100, dataDir: bigDir, extraArgs: ['--controllers=false'] });
  const listed = await listAll(server2);
  const rss = server2.rssBytes();
  // 3. 1,000 watches, then the same watchers and client on the bare server: the floor of fan-out here.
  const watch = await watchLatency({ port: server2.port, tls: (server2.agent as unknown as { options: object }).options, call: server2.call }, 1000, 10);
  await server2.stop();
  const bare = await startBaseline(bigDir);
  const watchFloor = await watchLatency(bare, 1000, 10);
  await bare.stop();
  rmSync(scratch, { recursive: true, force: true });

  const result: ApiBenchResult = {
    createsPerSecond,
    createP50Ms: percentile(best.latencies, 50),
    createP99Ms: percentile(best.latencies, 99),
    baselinePerSecond,
    ratioToBaseline: createsPerSecond / baselinePerSecond,
    serverCpuMsPerCreate: median(signetRuns.map((r) => r.cpu * 1000)),
    baselineCpuMsPerCreate,
    generatorCpuMsPerCreate: median(signetRuns.map((r) => r.generatorCpu * 1000)),
    baselineGeneratorCpuMsPerCreate: baselineGeneratorMs,
    csrVerifyCpuMs: csrVerifyCpuMs(),
    twoCoreCeilingPerSecond: 2000 / (baselineCpuMsPerCreate + baselineGeneratorMs),
    list100kSeconds: listed.seconds,
    rssMiBWith100k: rss / 1048576,
    watchP50Ms: percentile(watch, 50),
    watchP99Ms: percentile(watch, 99),
    watchFloorP50Ms: percentile(watchFloor, 50),
    watchFloorP99Ms: percentile(watchFloor, 99),
  };
  log('\nAPI server (signet serve in its own process; the load generator shares the 2 cores)');
  log('| measurement | signet | baseline | ratio | goal |');
  log('|---|---|---|---|---|');
  log(`| CSR creates/s, 16 keep-alive clients, P-256 CSRs verified | ${Math.round(createsPerSecond)}/s | ${Math.round(baselinePerSecond)}/s bare HTTPS+verify | ${result.ratioToBaseline.toFixed(2)} | >= 3,000/s |`);
  log(`| create latency p50 / p99 | ${result.createP50Ms.toFixed(1)} / ${result.createP99Ms.toFixed(1)} ms | | | p99 < 20 ms |`);
  log(`| server CPU per create | ${result.serverCpuMsPerCreate.toFixed(3)} ms | ${baselineCpuMsPerCreate.toFixed(3)} ms | ${(result.serverCpuMsPerCreate / baselineCpuMsPerCreate).toFixed(2)} | |`);
  log(`| generator CPU per create | ${result.generatorCpuMsPerCreate.toFixed(3)} ms | ${baselineGeneratorMs.toFixed(3)} ms | | |`);
  log(`| two-core ceiling of the baseline: 2 cores / (its CPU + generator CPU per request) | | ${Math.round(result.twoCoreCeilingPerSecond)}/s | | |`);
  log(`| CSR parse + verify, CPU (part of the baseline's work) | | ${result.csrVerifyCpuMs.toFixed(3)} ms | | |`);
  log(`| list ${listed.items} CSRs, limit 500 (controllers off) | ${result.list100kSeconds.toFixed(2)} s | | | < 2 s |`);
  log(`| server RSS with 100,000 CSRs | ${result.rssMiBWith100k.toFixed(0)} MiB | | | < 400 MiB |`);
  log(`| 1,000 watches see a change, p50 / p99 (${watch.length} deliveries) | ${result.watchP50Ms.toFixed(1)} / ${result.watchP99Ms.toFixed(1)} ms | ${result.watchFloorP50Ms!.toFixed(1)} / ${result.watchFloorP99Ms!.toFixed(1)} ms bare fan-out | ${(result.watchP99Ms / result.watchFloorP99Ms!).toFixed(2)} | p99 < 100 ms |`);
  return result;
}
