// Durability of `signet serve` on SQLite: every create the server acknowledged survives a SIGKILL in
// the middle of a burst, resourceVersions keep growing across the restart, the data dir's CA and
// admin credentials are reused; and SIGTERM exits 0 and ends open watches cleanly.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { run, tempDir } from './harness.js';
import { startServer, type TestServer } from './server-harness.js';
import { hasWatchStarted, rowsNamed, spawnKubectl } from './kubectl-helpers.js';
import { kubeconfigCredentials } from './csr-fixtures.js';

const collection = '/apis/certificates.k8s.io/v1/certificatesigningrequests';

/** A create body for `name` with a real PKCS#10 request. */
function csrBody(name: string, requestB64: string): string {
  return JSON.stringify({
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: { request: requestB64, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] },
  });
}

/** A base64 PEM request made once with openssl. */
function opensslRequest(): string {
  const tmp = tempDir('signet-durability-');
  try {
    const r = run('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'k.pem', '-subj', '/CN=burst', '-out', 'r.pem'], { cwd: tmp.dir });
    assert.equal(r.status, 0, r.stderr);
    return readFileSync(join(tmp.dir, 'r.pem')).toString('base64');
  } finally {
    tmp.cleanup();
  }
}

/** Resolves to `undefined` if `p` has not settled within `ms` (a response cut by the kill may never end). */
async function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** What the burst saw. */
interface Burst {
  /** name → resourceVersion of every 201. */
  readonly acknowledged: Map<string, bigint>;
  readonly sent: number;
  readonly failed: number;
  /** Requests sent and not yet answered when the kill was issued. */
  readonly inFlightAtKill: number;
  /** Statuses other than 201 that came back (should be none). */
  readonly unexpected: string[];
}

/**
 * Fires creates with `concurrency` in flight until `maxRequests` were sent or `maxMs` passed; after
 * `killAfterAcks` acknowledgements it SIGKILLs the server while the other requests are in flight.
 */
async function burstThenKill(server: TestServer, request: string, opts: { concurrency: number; maxRequests: number; maxMs: number; killAfterAcks: number }): Promise<Burst> {
  const acknowledged = new Map<string, bigint>();
  const unexpected: string[] = [];
  let next = 0;
  let failed = 0;
  let inFlight = 0;
  let inFlightAtKill = 0;
  let killing: Promise<void> | undefined;
  const deadline = Date.now() + opts.maxMs;
  const kill = (): Promise<void> => {
    if (!killing) {
      inFlightAtKill = inFlight;
      killing = server.kill();
    }
    return killing;
  };

  const worker = async (): Promise<void> => {
    while (next < opts.maxRequests && Date.now() < deadline) {
      const name = `burst-${String(next++).padStart(5, '0')}`;
      let res: Awaited<ReturnType<TestServer['fetch']>> | undefined;
      inFlight++;
      try {
        res = await within(server.fetch('POST', collection, { body: csrBody(name, request), headers: { 'Content-Type': 'application/json' } }), 15_000);
      } catch {
        res = undefined;
      } finally {
        inFlight--;
      }
      if (res === undefined) {
        failed++;
        if (killing) return; // the server is gone; this worker is done
        continue;
      }
      if (res.status === 201) {
        const rv = (JSON.parse(res.body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
        acknowledged.set(name, BigInt(rv));
        if (acknowledged.size >= opts.killAfterAcks) void kill();
      } else {
        unexpected.push(`${name}: ${res.status} ${res.body.slice(0, 200)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  await kill(); // bounded burst ended before the kill threshold: kill anyway
  return { acknowledged, sent: next, failed, inFlightAtKill, unexpected };
}

describe('signet serve keeps every acknowledged write across a SIGKILL', () => {
  let first: TestServer;
  let second: TestServer | undefined;
  let burst: Burst;
  let oldKubeconfig = '';
  let oldCa = Buffer.alloc(0);
  let oldAdminCert = Buffer.alloc(0);

  before(async () => {
    first = await startServer();
    // A context the user adds to admin.kubeconfig, as the tutorials do, must survive the restart.
    const added = first.kubectl(['config', 'set-context', 'mine', '--cluster=kubernetes', '--user=admin']);
    assert.equal(added.status, 0, added.stderr);
    oldKubeconfig = readFileSync(first.kubeconfig, 'utf8');
    assert.match(oldKubeconfig, /name: mine/);
    oldCa = readFileSync(join(first.dataDir, 'ca.crt'));
    oldAdminCert = readFileSync(join(first.dataDir, 'admin.crt'));
    burst = await burstThenKill(first, opensslRequest(), { concurrency: 10, maxRequests: 2000, maxMs: 10_000, killAfterAcks: 300 });
    second = await startServer({ reuse: { dir: first.dir }, dataDir: first.dataDir });
  });
  after(async () => {
    if (second) await second.stop();
    await first.kill();
    first.cleanup();
  });

  test('the burst was cut by the kill with requests in flight', (t) => {
    t.diagnostic(`sent ${burst.sent}, acknowledged ${burst.acknowledged.size}, unanswered ${burst.failed}, in flight at the kill ${burst.inFlightAtKill}`);
    assert.deepEqual(burst.unexpected, []);
    assert.ok(burst.inFlightAtKill > 0, 'requests were in flight when the server was killed');
    assert.ok(burst.acknowledged.size > 0, 'some creates were acknowledged');
    assert.equal(first.process.signalCode, 'SIGKILL');
  });

  test('every acknowledged CSR is there after the restart, at the resourceVersion it was acknowledged with', async () => {
    const res = await second!.fetch('GET', collection);
    assert.equal(res.status, 200, res.body);
    const list = JSON.parse(res.body) as { metadata: { resourceVersion: string }; items: { metadata: { name: string; resourceVersion: string } }[] };
    const found = new Map(list.items.map((i) => [i.metadata.name, BigInt(i.metadata.resourceVersion)]));
    const missing = [...burst.acknowledged.keys()].filter((n) => !found.has(n));
    assert.deepEqual(missing, [], `${missing.length} of ${burst.acknowledged.size} acknowledged creates are gone`);
    for (const [name, rv] of burst.acknowledged) assert.equal(found.get(name), rv, `resourceVersion of ${name}`);
    const sample = [...burst.acknowledged.keys()].slice(-5);
    for (const name of sample) {
      const one = await second!.fetch('GET', `${collection}/${name}`);
      assert.equal(one.status, 200, `GET ${name}: ${one.body}`);
    }
  });

  test('resourceVersions after the restart are at least every acknowledged one, and a new create gets a larger one', async () => {
    const maxAcked = [...burst.acknowledged.values()].reduce((a, b) => (a > b ? a : b), 0n);
    const listed = await second!.fetch('GET', `${collection}?limit=1`);
    assert.equal(listed.status, 200, listed.body);
    const listRv = BigInt((JSON.parse(listed.body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion);
    assert.ok(listRv >= maxAcked, `list resourceVersion ${listRv} < acknowledged ${maxAcked}`);
    const created = await second!.fetch('POST', collection, { body: csrBody('after-restart', opensslRequest()), headers: { 'Content-Type': 'application/json' } });
    assert.equal(created.status, 201, created.body);
    const rv = BigInt((JSON.parse(created.body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion);
    assert.ok(rv > maxAcked, `new resourceVersion ${rv} <= acknowledged ${maxAcked}`);
    assert.ok(rv > listRv, `new resourceVersion ${rv} <= list resourceVersion ${listRv}`);
  });

  test('the restart reuses the CA and admin certificate, and changes admin.kubeconfig only for the new port', () => {
    assert.equal(second!.kubeconfig, first.kubeconfig);
    assert.ok(readFileSync(join(first.dataDir, 'ca.crt')).equals(oldCa), 'ca.crt changed');
    assert.ok(readFileSync(join(first.dataDir, 'admin.crt')).equals(oldAdminCert), 'admin.crt changed');
    // kubectl and signet format YAML differently; the content is what must match.
    const now = parse(readFileSync(second!.kubeconfig, 'utf8')) as unknown;
    assert.deepEqual(now, parse(oldKubeconfig.replace(`https://127.0.0.1:${first.port}`, `https://127.0.0.1:${second!.port}`)));
  });

  test('kubectl with admin.kubeconfig lists the CSRs after the restart, also through the context the user added', () => {
    const someName = [...burst.acknowledged.keys()][0]!;
    for (const args of [['get', 'csr'], ['--context', 'mine', 'get', 'csr']]) {
      const r = second!.kubectl(args);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(rowsNamed(r.stdout, someName).length, 1, `kubectl ${args.join(' ')}: no row for ${someName}`);
    }
  });
});

/** Every issuance a watch reported (sent only after the commit): name → certificate. */
function watchIssuances(server: TestServer, signal: AbortSignal): Map<string, string> {
  const issued = new Map<string, string>();
  const { ca, cert, key } = kubeconfigCredentials(server.kubeconfig);
  const req = request({ host: '127.0.0.1', port: server.port, path: `${collection}?watch=true`, ca, cert, key, signal }, (res) => {
    let buf = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buf += chunk;
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const ev = JSON.parse(buf.slice(0, nl)) as { object: { metadata: { name: string }; status?: { certificate?: string } } };
        buf = buf.slice(nl + 1);
        if (ev.object.status?.certificate) issued.set(ev.object.metadata.name, ev.object.status.certificate);
      }
    });
    res.on('error', () => {});
  });
  req.on('error', () => {});
  req.end();
  return issued;
}

describe('signet serve keeps every issuance it announced across a SIGKILL', () => {
  let first: TestServer;
  let second: TestServer | undefined;
  let issued: Map<string, string>;
  let work: { dir: string; cleanup: () => void };

  before(async () => {
    work = tempDir('signet-durability-issue-');
    const config = join(work.dir, 'controllers.yaml');
    writeFileSync(config, 'approvalPolicies:\n  - name: burst\n    signerName: kubernetes.io/kube-apiserver-client\n    requestors: {users: [admin]}\n    commonName: "^burst$"\n    usages: [client auth]\n');
    first = await startServer({ extraArgs: ['--controllers-config', config] });
    const stop = new AbortController();
    issued = watchIssuances(first, stop.signal);
    // Creates, in-process approvals and issuances all in flight when the kill comes.
    await burstThenKill(first, opensslRequest(), { concurrency: 10, maxRequests: 2000, maxMs: 10_000, killAfterAcks: 300 });
    stop.abort();
    second = await startServer({ reuse: { dir: first.dir }, dataDir: first.dataDir, extraArgs: ['--controllers=false'] });
  });
  after(async () => {
    if (second) await second.stop();
    await first.kill();
    first.cleanup();
    work.cleanup();
  });

  test('every certificate a watcher saw issued is still there after the restart, unchanged', async (t) => {
    t.diagnostic(`issuances seen before the kill: ${issued.size}`);
    assert.ok(issued.size > 0, 'some issuances were announced before the kill');
    const list = JSON.parse((await second!.fetch('GET', collection)).body) as { items: { metadata: { name: string }; status?: { certificate?: string } }[] };
    const found = new Map(list.items.map((i) => [i.metadata.name, i.status?.certificate]));
    const lost = [...issued].filter(([name, certificate]) => found.get(name) !== certificate).map(([name]) => name);
    assert.deepEqual(lost, [], `${lost.length} of ${issued.size} announced issuances are gone or changed`);
  });
});

describe('signet serve on SIGTERM', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.kill();
    server.cleanup();
  });

  test('exits 0 and an open kubectl get csr -w ends cleanly', async () => {
    const created = await server.fetch('POST', collection, { body: csrBody('before-sigterm', opensslRequest()), headers: { 'Content-Type': 'application/json' } });
    assert.equal(created.status, 201, created.body);
    const watch = spawnKubectl(server, ['get', 'csr', '-w', '-v=6'], { maxMs: 60_000 });
    try {
      // stdout and stderr are separate pipes: the row may arrive after the logged watch request.
      await watch.waitFor('the row and the watch request', ({ stdout, stderr }) => hasWatchStarted(stderr) && rowsNamed(stdout, 'before-sigterm').length > 0);
      assert.equal(rowsNamed(watch.stdout(), 'before-sigterm').length, 1);
      const code = await within(server.stop(), 20_000);
      assert.equal(code, 0, `server exit code\n${server.stderr()}`);
      const exit = await watch.waitForExit(20_000);
      assert.deepEqual(exit, { code: 0, signal: null }, `kubectl stderr:\n${watch.stderr()}`);
    } finally {
      await watch.stop();
    }
  });
});
