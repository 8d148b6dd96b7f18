import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { serverForSuite, type SuiteServer } from './server-harness.js';
import { pollFor, signetBin } from './harness.js';
import { createCsr } from '../../src/pki/csr.js';
import { generateKeyPair } from '../../src/pki/keys.js';
import { buildName } from '../../src/pki/name.js';
import { encodePem } from '../../src/pki/pem.js';

const path = '/apis/certificates.k8s.io/v1/certificatesigningrequests';
const request = Buffer.from(encodePem('CERTIFICATE REQUEST', createCsr({ subject: buildName({ CN: 'u' }).raw, privateKey: generateKeyPair('ecdsa-p256').privateKey }))).toString('base64');

interface Candidate {
  readonly child: ChildProcess;
  readonly exited: Promise<unknown>;
  stderr: string;
  stdout: string;
}

/** The candidate's `leader_election_master_status` from its --metrics-bind-address endpoint. */
async function scrape(c: Candidate): Promise<string> {
  const url = /metrics at (http:\S+)/.exec(c.stdout)?.[1];
  return url ? (await fetch(url)).text() : '';
}

async function leaderStatus(c: Candidate): Promise<number | undefined> {
  const m = /^leader_election_master_status\{name="signet-controllers"\} (\d)$/m.exec(await scrape(c));
  return m ? Number(m[1]) : undefined;
}

describe('two signet controllers processes against one server', () => {
  let server: SuiteServer;
  const candidates: Candidate[] = [];
  // Registered before the server's own, so the candidates stop while the server is still up.
  after(async () => {
    for (const c of candidates) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGTERM');
    await Promise.all(candidates.map((c) => c.exited));
  });
  serverForSuite((s) => (server = s), { extraArgs: ['--controllers=false'] });
  before(() => {
    for (let i = 0; i < 2; i++) {
      const child = spawn(process.execPath, [signetBin, 'controllers', '--kubeconfig', server.kubeconfig,
        '--cluster-signing-cert-file', join(server.dataDir, 'ca.crt'), '--cluster-signing-key-file', join(server.dataDir, 'ca.key'),
        '--signing-threads', '1', '--leader-elect-lease-duration', '3s', '--leader-elect-renew-deadline', '2s', '--leader-elect-retry-period', '500ms',
        '--metrics-bind-address', '127.0.0.1:0'],
      { stdio: ['ignore', 'pipe', 'pipe'] });
      const c: Candidate = { child, exited: new Promise((r) => child.once('exit', r)), stderr: '', stdout: '' };
      child.stderr!.on('data', (d: Buffer) => (c.stderr += d.toString()));
      child.stdout!.on('data', (d: Buffer) => (c.stdout += d.toString()));
      candidates.push(c);
    }
  });

  async function createApproved(name: string): Promise<void> {
    const r = await server.fetch('POST', path, { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ metadata: { name }, spec: { request, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] } }) });
    assert.equal(r.status, 201, r.body);
    const obj = JSON.parse(r.body);
    obj.status = { conditions: [{ type: 'Approved', status: 'True', reason: 'Test', message: 'ok' }] };
    const a = await server.fetch('PUT', `${path}/${name}/approval`, { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(obj) });
    assert.equal(a.status, 200, a.body);
  }

  async function issuedCount(names: string[]): Promise<number> {
    const list = JSON.parse((await server.fetch('GET', path)).body) as { items: { metadata: { name: string }; status?: { certificate?: string } }[] };
    return list.items.filter((i) => names.includes(i.metadata.name) && i.status?.certificate).length;
  }

  test('exactly one leads; after it is killed the other takes over and every request is signed once', async () => {
    const leaderOf = (): Candidate[] => candidates.filter((c) => /became the leader/.test(c.stderr));
    for (let i = 0; i < 100 && leaderOf().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(leaderOf().length, 1);
    const leader = leaderOf()[0]!;
    const follower = candidates.find((c) => c !== leader)!;
    // Each process tells its own part on /metrics (once it has printed where they are).
    assert.equal(await pollFor(() => leaderStatus(leader)), 1);
    assert.equal(await pollFor(() => leaderStatus(follower)), 0);
    assert.doesNotMatch(await scrape(follower), /^signet_workqueue_depth/m, 'a follower runs no queues');

    const first = Array.from({ length: 10 }, (_, i) => `before-${i}`);
    for (const n of first) await createApproved(n);
    for (let i = 0; i < 100 && (await issuedCount(first)) < first.length; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await issuedCount(first), first.length);

    leader.child.kill('SIGKILL');
    await leader.exited;
    const second = Array.from({ length: 10 }, (_, i) => `after-${i}`);
    for (const n of second) await createApproved(n);
    for (let i = 0; i < 150 && (await issuedCount(second)) < second.length; i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(follower.stderr, /became the leader/);
    assert.equal(await issuedCount(second), second.length);
    assert.equal(await pollFor(async () => ((await leaderStatus(follower)) === 1 ? 1 : undefined)), 1);

    // Signed once: one CertificateIssued event per request.
    const events = JSON.parse((await server.fetch('GET', '/api/v1/namespaces/default/events')).body) as { items: { reason: string; involvedObject: { name: string } }[] };
    for (const n of [...first, ...second]) {
      assert.equal(events.items.filter((e) => e.reason === 'CertificateIssued' && e.involvedObject.name === n).length, 1, n);
    }
  });
});
