// Writes bench/results/report.md and throughput.svg from the cfssl comparison (and the API
// server's scale figures, reused from the same or an earlier run): the tables, what each side
// does per certificate, the speed goals with met / not met beside the Node floor, and where signet's time goes.

import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { ApiBenchResult } from './apiserver.bench.js';
import {
  clusterTable, comparisonTable, floorTable, kubeconfigTable, limitTable, phaseTable, type CfsslBenchResult, type KeyTypeResult,
} from './cfssl.bench.js';
import { profileMarkdown } from './cpu-profile.js';
import type { LoadPoint } from './load.js';
import { throughputSvg } from './throughput-svg.js';

/**
 * A goal, what signet measured, and what the Node floor (cfssl's work alone on one Node event
 * loop) measured against the same limit: when the floor misses it too, no Node server on this
 * machine can meet it, however it is built.
 */
interface Goal { readonly goal: string; readonly measured: string; readonly met: boolean | undefined; readonly floor?: string; readonly floorMet?: boolean }

const f2 = (x: number): string => x.toFixed(2);
const f3 = (x: number): string => x.toFixed(3);
const at8 = (ps: readonly LoadPoint[]): LoadPoint => ps.find((p) => p.concurrency === 8) ?? ps[0]!;
const verdict = (met: boolean | undefined): string => (met === undefined ? 'not measured' : met ? '**met**' : '**not met**');
const floorVerdict = (g: Goal): string => (g.floorMet === undefined ? '—' : `${g.floor}: ${g.floorMet ? 'within the limit' : '**beyond the limit**'}`);

function cpuGoal(k: KeyTypeResult, factor: number, text: string): Goal {
  const per = k.signet.map((s, i) => `c=${s.concurrency}: ${f3(s.serverCpuMsPerCert)} vs ${f3(k.cfssl[i]!.serverCpuMsPerCert)}`).join('; ');
  const s = at8(k.signet);
  const c = at8(k.cfssl);
  const n = at8(k.nodeFloor);
  const limit = c.serverCpuMsPerCert * factor;
  return {
    goal: text,
    measured: `at c=8 signet ${f3(s.serverCpuMsPerCert)} ms, cfssl ${f3(c.serverCpuMsPerCert)} ms (limit ${f3(limit)}); all points, signet vs cfssl: ${per}`,
    met: s.serverCpuMsPerCert <= limit,
    floor: `at c=8 ${f3(n.serverCpuMsPerCert)} ms against the limit ${f3(limit)}`,
    floorMet: n.serverCpuMsPerCert <= limit,
  };
}

function goals(r: CfsslBenchResult, api: ApiBenchResult | undefined): Goal[] {
  const rsa = r.keyTypes.find((k) => k.keyType === 'rsa-2048');
  const p256 = r.keyTypes.find((k) => k.keyType === 'ecdsa-p256');
  const out: Goal[] = [];
  if (rsa) out.push(cpuGoal(rsa, 1, 'RSA-2048 CA: server CPU per end-to-end issuance ≤ 1.0× cfssl\'s per sign'));
  if (p256) out.push(cpuGoal(p256, 3, 'P-256 CA: server CPU per end-to-end issuance ≤ 3.0× cfssl\'s per sign'));
  for (const [k, goal] of [[p256, 600], [rsa, 500]] as const) {
    if (!k) continue;
    const s = k.signet.find((p) => p.concurrency === 16);
    const n = k.nodeFloor.find((p) => p.concurrency === 16);
    if (!s || !n) continue;
    out.push({
      goal: `${k.keyType}: ≥ ${goal} certificates/s at 16 clients, p99 create-to-issued < 60 ms`,
      measured: `${s.rate.toFixed(0)}/s, p99 ${s.p99Ms.toFixed(1)} ms`,
      met: s.rate >= goal && s.p99Ms < 60,
      floor: `${n.rate.toFixed(0)}/s, p99 ${n.p99Ms.toFixed(1)} ms`,
      floorMet: n.rate >= goal && n.p99Ms < 60,
    });
    const s1 = k.signet.find((p) => p.concurrency === 1);
    const n1 = k.nodeFloor.find((p) => p.concurrency === 1);
    if (s1 && n1) {
      out.push({ goal: `${k.keyType}: p50 < 5 ms at concurrency 1`, measured: `${s1.p50Ms.toFixed(1)} ms`, met: s1.p50Ms < 5, floor: `${n1.p50Ms.toFixed(1)} ms`, floorMet: n1.p50Ms < 5 });
    }
  }
  const overHttps = r.keyTypes.flatMap((k) => (k.kubeconfigMode ?? []).filter((h) => h.concurrency === 16).map((h) => {
    const s = k.signet.find((p) => p.concurrency === 16);
    return `${k.keyType}: ${h.rate.toFixed(0)}/s at ${f3(h.serverCpuMsPerCert)} ms over HTTPS, ${s ? `${s.rate.toFixed(0)}/s at ${f3(s.serverCpuMsPerCert)} ms in-process` : 'in-process not measured'}`;
  }));
  out.push({ goal: '`signet controllers --kubeconfig` mode reported beside the in-process figures (16 clients)', measured: overHttps.join('; ') || '—', met: overHttps.length > 0 ? true : undefined });
  out.push(
    {
      goal: 'CSR creates at 16 clients ≥ 0.75× the bare-server floor, p99 < 20 ms',
      measured: api ? `${api.createsPerSecond.toFixed(0)}/s (${f2(api.ratioToBaseline)}×), p99 ${api.createP99Ms.toFixed(1)} ms` : '—',
      met: api ? api.ratioToBaseline >= 0.75 && api.createP99Ms < 20 : undefined,
    },
    { goal: 'scale: 100,000 CSRs listed (limit 500 pages) in < 2 s', measured: api ? `${f2(api.list100kSeconds)} s` : '—', met: api ? api.list100kSeconds < 2 : undefined },
    { goal: 'scale: server RSS with 100,000 CSRs < 400 MiB', measured: api ? `${api.rssMiBWith100k.toFixed(0)} MiB` : '—', met: api ? api.rssMiBWith100k < 400 : undefined },
    {
      goal: 'scale: 1,000 watchers see a change, p99 < 100 ms',
      measured: api ? `p50 ${api.watchP50Ms.toFixed(1)} ms, p99 ${api.watchP99Ms.toFixed(1)} ms` : '—',
      met: api ? api.watchP99Ms < 100 : undefined,
      ...(api?.watchFloorP99Ms === undefined ? {} : {
        floor: `a bare Node server writing one line to the same 1,000 streams, p99 ${api.watchFloorP99Ms.toFixed(1)} ms`,
        floorMet: api.watchFloorP99Ms < 100,
      }),
    },
  );
  return out;
}

/** Observations computed from the numbers, so that the report does not need editing per run. */
function observations(r: CfsslBenchResult): string[] {
  const out: string[] = [];
  for (const k of r.keyTypes) {
    const s = at8(k.signet);
    const c = at8(k.cfssl);
    const prof = r.profiles.find((p) => p.keyType === k.keyType)?.threads[0];
    const loop = prof ? prof.busyMs / Math.max(1, prof.busyMs + prof.idleMs) : undefined;
    const sqlite = prof?.topSelf.find((f) => f.name.startsWith('sqliteTransaction'));
    const threads = r.profiles.find((p) => p.keyType === k.keyType)?.threads.length ?? 0;
    out.push(`- ${k.keyType}, c=8: signet's server used ${f2(s.serverCores)} cores of 2 while issuing ${s.rate.toFixed(0)}/s; cfssl used ${f2(c.serverCores)} cores for ${c.rate.toFixed(0)}/s.` +
      (loop === undefined ? '' : ` In the profiled point signet's main thread was sampled busy ${(loop * 100).toFixed(0)}% of the time (${threads > 1 ? `${threads} threads profiled` : 'no worker thread ran: everything, signing included, is on the one event loop'})${sqlite ? `, ${(sqlite.share * 100).toFixed(0)}% of it inside SQLite transactions` : ''}. The profiler samples wall time, so on a machine whose load average exceeds its 2 cores a busy loop also counts time it was runnable but not scheduled; /proc counts only CPU actually used. One event loop runs the API server, the store (whose commits wait for the fsync) and the in-process controllers, so that loop, not the 2 cores, is the limit.`));
    out.push(`- ${k.keyType}: the generator spent ${f3(s.generatorCpuMsPerCert)} ms per signet issuance (one request plus three watch events) against ${f3(c.generatorCpuMsPerCert)} ms per cfssl sign; at c=8 it used ${(s.generatorShare * 100).toFixed(0)}% (signet run) and ${(c.generatorShare * 100).toFixed(0)}% (cfssl run) of the CPU spent by generator + server, so it does not explain the gap.`);
    const last = k.signetPhases.at(-1);
    const first = k.signetPhases[0];
    if (first && last) out.push(`- ${k.keyType}: the wait from the create's answer to the certificate grows from ${first.certificateAfterCreateMs.toFixed(1)} ms at c=${first.concurrency} to ${last.certificateAfterCreateMs.toFixed(1)} ms at c=${last.concurrency}, while the create takes ${last.createMs.toFixed(1)} ms there: ${last.certificateAfterCreateMs > last.createMs ? 'at high concurrency requests queue in front of the approver and the signing controller' : 'the create request, not the controllers, dominates'}.`);
    const errs = k.signet.reduce((n, p) => n + p.errors, 0) + k.cfssl.reduce((n, p) => n + p.errors, 0);
    if (errs > 0) out.push(`- ${k.keyType}: **errors**: ${[...k.signet, ...k.cfssl].filter((p) => p.firstError).map((p) => `c=${p.concurrency}: ${p.firstError}`).join('; ')}`);
    if (!k.sameCaVerified) out.push(`- ${k.keyType}: **a certificate did not verify against the shared CA**.`);
    const logged = Object.entries(k.serverLog ?? {});
    if (logged.length > 0) out.push(`- ${k.keyType}: **signet logged while under load** (count × line): ${logged.map(([line, n]) => `${n} × \`${line.slice(0, 240)}\``).join('; ')}`);
    if (k.watchReconnects > 0) out.push(`- ${k.keyType}: the shared watch was reopened ${k.watchReconnects} times.`);
  }
  return out;
}

/** One-paragraph summary at the top of the report, from the numbers. */
function summary(r: CfsslBenchResult, g: readonly Goal[]): string[] {
  const parts = r.keyTypes.map((k) => {
    const s = at8(k.signet);
    const c = at8(k.cfssl);
    return `${k.keyType}: signet ${s.rate.toFixed(0)}/s against cfssl ${c.rate.toFixed(0)}/s (${f2(s.rate / c.rate)}×), ${f3(s.serverCpuMsPerCert)} against ${f3(c.serverCpuMsPerCert)} ms of server CPU per certificate (${(s.serverCpuMsPerCert / c.serverCpuMsPerCert).toFixed(1)}×)`;
  });
  const met = g.filter((x) => x.met === true).length;
  const beyond = g.filter((x) => x.floorMet === false).length;
  const floorText = beyond === 0
    ? 'the Node floors (a bare Node server doing only the unavoidable part of the job, measured in this run) meet every goal they are measured against, so none is out of reach for a Node server here'
    : `${beyond} of them lie beyond what a Node floor itself does (a bare Node server doing only the unavoidable part of the job, measured in this run), so no Node server on this machine meets those`;
  return [`At concurrency 8, ${parts.join('; ')}. ${met} of ${g.length} speed goals of issue 14 are met; ${floorText}.`];
}

/** Pointers read off the profile and the call counts: where the CPU per certificate goes. */
function pointers(r: CfsslBenchResult): string[] {
  const out: string[] = [];
  for (const p of r.profiles) {
    const t = p.threads[0];
    if (!t) continue;
    const perCert = (share: number): string => f3((share * t.busyMs) / Math.max(1, p.point.issued));
    const inc = (name: string): number => t.focus[name]?.inclusive ?? 0;
    const selfOf = (name: string): number => t.focus[name]?.self ?? 0;
    const v = p.cryptoPerCert['verify'];
    const k = p.cryptoPerCert['createPublicKey'];
    out.push(`- ${p.keyType}: profiled busy time per certificate ${f3(t.busyMs / Math.max(1, p.point.issued))} ms. ` +
      `CSR signature checks on the main thread (\`verifyCsrSignature\`, inclusive) ${perCert(inc('verifyCsrSignature'))} ms, from ${(v ?? 0).toFixed(1)} verifications and ${(k ?? 0).toFixed(1)} public-key imports per certificate there (the check at create and the signer's run on worker threads; the approver only parses)` +
      `; SQLite transactions ${perCert(selfOf('sqliteTransaction'))} ms (self); socket writes ${perCert(selfOf('writev'))} ms; garbage collection ${perCert(selfOf('(garbage collector)'))} ms; the signature itself (\`signOneShot\`) ${perCert(selfOf('signOneShot'))} ms; the signing controller's whole reconcile (inclusive, signature included) ${perCert(inc('reconcile dist/src/controllers/signer/'))} ms. ` +
      `By area, per certificate: ${t.byArea.slice(0, 8).map((a) => `${a.name} ${perCert(a.share)} ms`).join(', ')}: no single hot spot, many small costs per request, paid per certificate for three durable writes (the request, its approval, its certificate), two in-memory events, one generator request (the create), ` +
      `two in-process controller writes through the registry (approval, status), and each of the three changes of the request delivered to two watches (the generator's and the controllers' informer).`);
  }
  return out;
}

function profileSection(r: CfsslBenchResult): string[] {
  if (r.profiles.length === 0) return ['No profile was taken in this run (`--no-profile`).'];
  const out: string[] = [
    'One point per CA key type (concurrency 8, 5 s, after a 1 s warm-up) against a fresh `signet serve` started with',
    '`SIGNET_BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR"`; only samples taken during the measured point are counted (V8 and `process.hrtime` share the monotonic clock), so start-up and warm-up are left out.',
    'Summarised by `bench/cpu-profile.ts` (`node dist/bench/cpu-profile.js DIR` does the same by hand). Self time is time in the function',
    'itself; inclusive time is time with the function on the stack (counted once per sample).',
    '',
  ];
  for (const p of r.profiles) {
    out.push(`### ${p.keyType}, concurrency 8: ${p.point.rate.toFixed(0)} certificates/s, ${f3(p.point.serverCpuMsPerCert)} ms server CPU each (profiler overhead included)`, '');
    const calls = Object.entries(p.cryptoPerCert).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');
    if (calls) out.push(`node:crypto calls by the server per certificate (counted by the \`bench/crypto-count.ts\` preload): ${calls}.`, '');
    p.threads.forEach((t, i) => {
      out.push(`#### thread ${i + 1} of ${p.threads.length} (${t.file.split('/').pop()})`, '', ...profileMarkdown(t, 12), '');
    });
  }
  return out;
}

/** Writes report.md and throughput.svg into `dir`; returns the paths written. */
export function writeCfsslReport(dir: string, r: CfsslBenchResult, api: ApiBenchResult | undefined, apiMeasuredAt: string | undefined): string[] {
  const colors = { cfssl: '#d95f02', signet: '#1b9e77', floor: '#7570b3' };
  const svg = throughputSvg(r.keyTypes.map((k) => ({
    title: `${k.keyType} CA`,
    series: [
      { label: 'cfssl serve: POST /api/v1/cfssl/sign', color: colors.cfssl, points: k.cfssl.map((p) => ({ x: p.concurrency, y: p.rate })) },
      { label: 'signet: create, policy approval, signing, watch', color: colors.signet, points: k.signet.map((p) => ({ x: p.concurrency, y: p.rate })) },
      { label: 'Node floor: cfssl\'s work, one Node loop', color: colors.floor, points: k.nodeFloor.map((p) => ({ x: p.concurrency, y: p.rate })) },
    ],
  })), `certificates issued per second, ${new Date().toISOString().slice(0, 16)}Z, ${cpus().length} cores shared by server and load generator`);
  const svgPath = join(dir, 'throughput.svg');
  writeFileSync(svgPath, svg);

  const g = goals(r, api);
  const lines: string[] = [
    '# signet against cfssl: benchmark report',
    '',
    `Generated by \`npm run bench -- cfssl\` (\`node dist/bench/run.js cfssl\`) on ${new Date().toISOString()}: Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, 1-minute load average ${r.loadAvgStart.toFixed(1)} before and ${loadavg()[0]!.toFixed(1)} after (the machine is shared; absolute figures drift, ratios are taken within one run). This part of the run took ${r.seconds.toFixed(0)} s.`,
    '',
    ...summary(r, g),
    '',
    '## What each side does per certificate',
    '',
    '- **cfssl** (`cfssl serve`, Debian golang-cfssl 1.2, `-loglevel 2`): one HTTP request, `POST /api/v1/cfssl/sign` with `{"certificate_request": PEM, "profile": "client"}`. It parses and checks the request, signs, and returns the certificate. **It stores nothing and approves nothing**: no record of the request or certificate, no authentication of the caller (plain HTTP here), no watchers to tell.',
    '- **signet** (`signet serve`, HTTPS with the admin client certificate, the in-process controllers): the load generator **creates** a CertificateSigningRequest (authenticated, authorised, validated, its signature verified, stored durably in SQLite, sent to watchers); the **policy approver** sees it on its watch, matches it against the benchmark policy (signer, requestor, subject, usages) and writes an `Approved` condition through `/approval`; the signing controller sees the approval, checks the signer policy, **signs**, and writes `status.certificate`; the generator\'s **shared watch** stream delivers the certificate and the wait ends. Per certificate: three durable writes (the request, its approval, its certificate) and two in-memory events (so that `kubectl describe csr` tells the story), one client request, two controller writes in-process through the registry (no loopback HTTPS), and each of the three changes of the request delivered to the generator\'s watch and the controllers\' informer.',
    '- All servers sign with the same CA key, made by `cfssl gencert -initca` and given to signet with `--cluster-signing-cert-file/--cluster-signing-key-file`; one certificate from each is verified against it every run. Both issue a one-year client certificate (digital signature, key encipherment, client auth) for the same 8 requests (keys of the CA\'s type), round-robin.',
    '- One load generator in the benchmark process drives all three servers (cfssl, signet and the Node floor below) at concurrency 1, 8, 16 and 32 (closed loop: each client waits for its certificate before the next), for 5 s or 20,000 certificates per point, after an unmeasured warm-up. Server CPU is read from `/proc/PID/stat` (all threads); the generator\'s from `process.cpuUsage()`.',
    '',
    '## Issuance: signet end to end against cfssl sign',
    '',
    ...comparisonTable(r),
    '',
    '![throughput against concurrency](throughput.svg)',
    '',
    'Mean time of each step of a signet issuance as the load generator saw it (the three add up to the mean latency):',
    '',
    ...phaseTable(r),
    '',
    '## The controllers in their own process',
    '',
    '`signet serve --controllers=false` with `signet controllers --kubeconfig admin.kubeconfig` beside it, the same CA and policy and the same generator: the controllers reach the server only through its HTTPS API (informer list and watch, `/approval` and `/status` writes, Event POSTs), as they would against any Kubernetes API server. CPU is both processes\'.',
    '',
    ...kubeconfigTable(r),
    '',
    '## signet against the machine\'s signing limit',
    '',
    'The baseline is `node:crypto` `sign()` over a buffer the size of the TBS of a certificate signet issued, with the same CA key, on one thread of the benchmark process, measured in the same run (two cores give about twice the rate).',
    '',
    ...limitTable(r),
    '',
    '## The Node floor: cfssl\'s work on one Node event loop',
    '',
    'A third server runs in the same run beside the two (`bench/node-sign-server.ts`): one Node process doing exactly what `cfssl serve` does per sign — read the JSON body, parse and verify the PKCS#10 request, sign a one-year client certificate with the same CA key (signet\'s own `pki` code), answer the PEM — over HTTPS with client certificates as signet\'s API must, and nothing else: nothing stored, approved or watched. The same generator drives it with the same requests. Its CPU per certificate is the least any Node server can spend on one issuance on this machine; where a goal asks for less, the goal is out of reach for Node here, not only for signet.',
    '',
    ...floorTable(r),
    '',
    '## Cluster PKI: `signet pki cluster` against seed 003\'s cfssl commands',
    '',
    'Seed 003 (Kubernetes the Hard Way) runs ten `cfssl gencert … | cfssljson -bare NAME` commands (ca, admin, worker-0..2, kube-controller-manager, kube-proxy, kube-scheduler, kubernetes, service-account), all RSA-2048; the benchmark writes those CSR JSON files and that script for the cluster of `examples/cluster.yaml` and times `bash` running it. `signet pki cluster examples/cluster.yaml` makes the same certificates in one process and also writes the kubeconfigs (seed 003 makes those later with kubectl). RSA key generation dominates both and its time varies from key to key.',
    '',
    ...clusterTable(r.cluster),
    '',
    '## Scale (from `bench/apiserver.bench.ts`, not repeated here)',
    '',
    api ? `Measured ${apiMeasuredAt ?? 'in an earlier run'} by \`npm run bench -- api\`: ${api.createsPerSecond.toFixed(0)} CSR creates/s from 16 clients (${f2(api.ratioToBaseline)}× a bare HTTPS + CSR-verify server, ${f3(api.serverCpuMsPerCreate)} ms server CPU per create${api.baselineCpuMsPerCreate === undefined ? '' : ` against the bare server's ${f3(api.baselineCpuMsPerCreate)} ms`}); 100,000 stored CSRs listed in pages of 500 in ${f2(api.list100kSeconds)} s; server RSS ${api.rssMiBWith100k.toFixed(0)} MiB with them; 1,000 watchers see a change in p50 ${api.watchP50Ms.toFixed(1)} ms / p99 ${api.watchP99Ms.toFixed(1)} ms.` : 'Not measured yet: run `npm run bench -- api`.',
    '',
    '## Speed goals of issue 14 (one pass per certificate)',
    '',
    'The last column holds the same measure for the Node floor (see above): a goal the floor misses is out of reach of any Node server here, signet or not.',
    '',
    '| goal | measured | verdict | the Node floor against the same limit |',
    '|---|---|---|---|',
    ...g.map((x) => `| ${x.goal} | ${x.measured} | ${verdict(x.met)} | ${floorVerdict(x)} |`),
    '',
    '## Observations from this run',
    '',
    ...observations(r),
    '',
    '## Where signet\'s time goes',
    '',
    ...pointers(r),
    '',
    ...profileSection(r),
    '',
    '## Caveats',
    '',
    '- The load generator, both servers and anything else running on the machine share 2 cores; the load average is printed above. Throughput moves by ±30% from run to run here; CPU per certificate (from /proc) moves less, and the ratios between the two systems are taken within one run.',
    '- cfssl runs with `-loglevel 2` so that it does not log every signature (signet runs with `--quiet`). cfssl is spoken to over plain HTTP without authentication; signet over HTTPS with a client certificate, which is what a Kubernetes client does.',
    '- The approval is made by signet\'s policy approver (the `benchmark` policy: requests of the admin user for `kubernetes.io/kube-apiserver-client` with O=devs and client usages), as it would be in a cluster that approves such requests automatically; the generator makes one request per certificate.',
    '- Each measured point is closed-loop; each request is bounded at 30 s and a point stops after 20 errors, so a misbehaving server shows as errors in the table, not as a hang.',
  ];
  const mdPath = join(dir, 'report.md');
  writeFileSync(mdPath, lines.join('\n') + '\n');
  return [mdPath, svgPath];
}
