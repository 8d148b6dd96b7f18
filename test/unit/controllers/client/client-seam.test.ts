// The controllers' two clients, side by side against one real server: the in-process client goes
// through the same authorization, admission and validation as HTTPS, so every verb answers the
// same, refusals included; and the controllers, run in-process on frozen shared objects, issue a
// certificate end to end without changing anything they were handed.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { startApiServer, type RunningServer } from '../../../../src/apiserver/start.js';
import { silentLogger } from '../../../../src/runtime/log.js';
import { openDataDir } from '../../../../src/cli/commands/serve/data-dir.js';
import { StatusError } from '../../../../src/api/errors.js';
import type { CertificateSigningRequest } from '../../../../src/api/certificates/types.js';
import type { Event } from '../../../../src/api/types.js';
import { EventRecorder } from '../../../../src/controllers/events.js';
import { resources, type ApiClient } from '../../../../src/api/client.js';
import { HttpApiClient } from '../../../../src/controllers/client/http-client.js';
import { InProcessClient } from '../../../../src/apiserver/in-process-client.js';
import { startControllers } from '../../../../src/controllers/runner.js';
import { SqliteStore } from '../../../../src/storage/sqlite/sqlite-store.js';
import { resolveControllersConfig } from '../../../../src/controllers/config.js';

const csrs = resources.certificateSigningRequests;

function newCsrPem(dir: string, cn: string): string {
  execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, `${cn}.key`), '-subj', `/CN=${cn}`, '-out', join(dir, `${cn}.csr`)], { stdio: 'ignore' });
  return readFileSync(join(dir, `${cn}.csr`), 'utf8');
}

/** The Events about `repeated`, once the last repeat has been written (bounded wait). */
async function pollForEvent(client: ApiClient, count: number): Promise<Event[]> {
  let items: Event[] = [];
  for (let i = 0; i < 100; i++) {
    items = [...(await client.list(resources.events, { namespace: 'default', fieldSelector: 'involvedObject.name=repeated' })).items];
    if (items.some((e) => e.count === count)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return items;
}

function csr(name: string, pem: string, signerName: string): CertificateSigningRequest {
  return { metadata: { name }, spec: { request: Buffer.from(pem).toString('base64'), signerName, usages: ['client auth'] } } as CertificateSigningRequest;
}

async function failure(p: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof StatusError) return { code: err.status.code ?? 0, message: err.status.message ?? '' };
    throw err;
  }
  assert.fail('expected a refusal');
}

/** A ClusterRole of one rule, bound to `subject`, both named `name`. */
async function grant(admin: ApiClient, name: string, rule: Record<string, string[]>, subject: Record<string, string>): Promise<void> {
  const rbac = (resource: string, kind: string) => ({ group: 'rbac.authorization.k8s.io', version: 'v1', resource, kind, namespaced: false });
  await admin.create(rbac('clusterroles', 'ClusterRole'), { metadata: { name }, rules: [rule] } as never);
  await admin.create(rbac('clusterrolebindings', 'ClusterRoleBinding'), {
    metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name }, subjects: [subject],
  } as never);
}

describe('the controllers\' clients', () => {
  let dir: string;
  let server: RunningServer;
  let dataDir: ReturnType<typeof openDataDir>;
  const clients: Record<string, { admin: ApiClient; approver: ApiClient; nobody: ApiClient; approveOnly: ApiClient }> = {};

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'signet-client-seam-'));
    dataDir = openDataDir(join(dir, 'data'), { caKeyType: 'ecdsa-p256', servingHosts: ['127.0.0.1'] }, new Date());
    const tokenFile = join(dir, 'tokens.csv');
    writeFileSync(tokenFile, 'approver-token,approver,u1,approvers\nnobody-token,nobody,u2,\napprove-only-token,approve-only,u3,approvers\n');
    server = await startApiServer({ dataDir, host: '127.0.0.1', port: 0, log: silentLogger, tokenAuthFile: tokenFile });
    const rest = { server: `https://127.0.0.1:${server.port}`, caPem: dataDir.caPem };
    const inProcess = (username: string, groups: string[]): ApiClient => new InProcessClient({
      registry: server.registry, authorizer: server.authorizer, user: { username, groups: [...groups, 'system:authenticated'] }, userAgent: 'seam-test', freeze: true,
    });
    clients['https'] = {
      admin: new HttpApiClient({ ...rest, certPem: dataDir.adminCertPem, keyPem: dataDir.adminKeyPem, userAgent: 'seam-test' }),
      approver: new HttpApiClient({ ...rest, token: 'approver-token', userAgent: 'seam-test' }),
      nobody: new HttpApiClient({ ...rest, token: 'nobody-token', userAgent: 'seam-test' }),
      approveOnly: new HttpApiClient({ ...rest, token: 'approve-only-token', userAgent: 'seam-test' }),
    };
    clients['in-process'] = {
      admin: inProcess('admin', ['system:masters']), approver: inProcess('approver', ['approvers']), nobody: inProcess('nobody', []), approveOnly: inProcess('approve-only', ['approvers']),
    };
    // The approvers may write /approval, but approve for no signer: CertificateApproval admission must refuse them.
    const admin = clients['in-process'].admin;
    await grant(admin, 'csr-approval-writer',
      { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests', 'certificatesigningrequests/approval', 'certificatesigningrequests/status'], verbs: ['get', 'list', 'watch', 'update'] },
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'approvers' });
    // approve-only may approve for example.com/seam, and sign for nothing.
    await grant(admin, 'seam-approve-only',
      { apiGroups: ['certificates.k8s.io'], resources: ['signers'], resourceNames: ['example.com/seam'], verbs: ['approve'] },
      { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'approve-only' });
  });
  after(async () => {
    for (const c of Object.values(clients)) for (const client of Object.values(c)) client.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const kind of ['https', 'in-process']) {
    test(`${kind}: create, get, list, update /approval and delete answer as the API does`, async () => {
      const { admin } = clients[kind]!;
      const pem = newCsrPem(dir, `${kind}-a`);
      const created = await admin.create(csrs, csr(`${kind}-a`, pem, 'example.com/seam'));
      assert.equal(created.spec.username, 'admin');
      assert.equal(created.metadata.managedFields?.[0]?.manager, 'seam-test');
      const got = await admin.get(csrs, `${kind}-a`);
      assert.equal(got.metadata.resourceVersion, created.metadata.resourceVersion);
      const listed = await admin.list(csrs, { fieldSelector: `metadata.name=${kind}-a` });
      assert.deepEqual(listed.items.map((i) => i.metadata.name), [`${kind}-a`]);
      const approved = await admin.update(csrs, {
        ...got, status: { conditions: [{ type: 'Approved', status: 'True', reason: 'Test', message: 'yes' }] },
      }, 'approval');
      assert.ok(Number(approved.metadata.resourceVersion) > Number(got.metadata.resourceVersion));
      assert.equal(approved.status?.conditions?.[0]?.type, 'Approved');
      const stale = await failure(admin.update(csrs, { ...got, metadata: { ...got.metadata, labels: { a: 'b' } } }));
      assert.equal(stale.code, 409);
      await admin.delete(csrs, `${kind}-a`, { preconditions: { uid: created.metadata.uid } });
      assert.equal((await failure(admin.get(csrs, `${kind}-a`))).code, 404);
    });
  }

  /** An approval with a follow-up that marks the request Failed through /status; the follow-up's outcome. */
  async function approveWithFollowUp(client: ApiClient, pending: CertificateSigningRequest): Promise<{ approved: CertificateSigningRequest; handed: CertificateSigningRequest; outcome: CertificateSigningRequest | Error }> {
    let handed: CertificateSigningRequest | undefined;
    let settle: (result: CertificateSigningRequest | Error) => void = () => {};
    const outcome = new Promise<CertificateSigningRequest | Error>((resolve) => (settle = resolve));
    const approved = await client.update(csrs, { ...pending, status: { conditions: [{ type: 'Approved', status: 'True', reason: 'Test', message: 'yes' }] } }, 'approval', async (updated) => {
      handed = updated;
      const failed = { type: 'Failed', status: 'True', reason: 'FollowUp', message: 'written right after the approval' } as const;
      return { object: { ...updated, status: { ...updated.status, conditions: [...(updated.status?.conditions ?? []), failed] } }, subresource: 'status', settled: settle };
    });
    return { approved, handed: handed!, outcome: await outcome };
  }

  for (const kind of ['https', 'in-process']) {
    test(`${kind}: a follow-up is written right after its update, both seen by a watch in order, each its own resourceVersion`, async () => {
      const { admin } = clients[kind]!;
      const pending = await admin.create(csrs, csr(`${kind}-follow`, newCsrPem(dir, `${kind}-follow`), 'example.com/seam'));
      const stop = new AbortController();
      const guard = setTimeout(() => stop.abort(), 20_000);
      const events = (async () => {
        const seen: CertificateSigningRequest[] = [];
        for await (const ev of admin.watch(csrs, { resourceVersion: pending.metadata.resourceVersion!, fieldSelector: `metadata.name=${kind}-follow` }, stop.signal)) {
          if (ev.type === 'MODIFIED') seen.push(ev.object);
          if (seen.length === 2) break;
        }
        return seen;
      })();
      const database = server.store as SqliteStore;
      const before = database.stats();
      const { approved, handed, outcome } = await approveWithFollowUp(admin, pending);
      const after = database.stats();
      const seen = await events;
      clearTimeout(guard);
      assert.deepEqual(handed.status?.conditions?.map((c) => c.type), ['Approved']);
      assert.ok(!(outcome instanceof Error), String(outcome));
      assert.deepEqual(outcome.status?.conditions?.map((c) => c.type), ['Approved', 'Failed']);
      assert.ok(Number(outcome.metadata.resourceVersion) > Number(approved.metadata.resourceVersion));
      assert.deepEqual(seen.map((o) => [o.metadata.resourceVersion, o.status?.conditions?.map((c) => c.type).join()]), [
        [approved.metadata.resourceVersion, 'Approved'],
        [outcome.metadata.resourceVersion, 'Approved,Failed'],
      ]);
      assert.equal(after.writes - before.writes, 2);
      // In-process the two writes share one commit; over HTTPS each request is its own.
      assert.equal(after.commits - before.commits, kind === 'in-process' ? 1 : 2);
    });
  }

  test('a follow-up its user may not write is refused as over HTTPS, and the update it follows is stored alone', async () => {
    const outcomes: Record<string, unknown> = {};
    for (const kind of ['https', 'in-process']) {
      const pending = await clients['in-process']!.admin.create(csrs, csr(`${kind}-no-sign`, newCsrPem(dir, `${kind}-no-sign`), 'example.com/seam'));
      const { approved, outcome } = await approveWithFollowUp(clients[kind]!.approveOnly, pending);
      assert.ok(outcome instanceof StatusError);
      outcomes[kind] = { code: outcome.status.code, message: outcome.status.message?.replace(`${kind}-no-sign`, 'NAME') };
      const stored = await clients['in-process']!.admin.get(csrs, `${kind}-no-sign`);
      assert.equal(stored.metadata.resourceVersion, approved.metadata.resourceVersion);
      assert.deepEqual(stored.status?.conditions?.map((c) => c.type), ['Approved']);
    }
    assert.deepEqual(outcomes['in-process'], outcomes['https']);
    assert.deepEqual(outcomes['in-process'], { code: 403, message: 'certificatesigningrequests.certificates.k8s.io "NAME" is forbidden: user not permitted to sign requests with signerName "example.com/seam"' });
  });

  test('authorization and admission refuse the same writes with the same answers over both clients', async () => {
    const pem = newCsrPem(dir, 'refused');
    const pending = await clients['in-process']!.admin.create(csrs, csr('refused', pem, 'example.com/seam'));
    const approve = { ...pending, status: { conditions: [{ type: 'Approved', status: 'True', reason: 'Policy', message: 'a policy would approve' }] } };
    const answers: Record<string, unknown[]> = {};
    for (const kind of ['https', 'in-process']) {
      const { approver, nobody } = clients[kind]!;
      answers[kind] = [
        await failure(approver.update(csrs, approve, 'approval')),
        await failure(nobody.update(csrs, approve, 'approval')),
        await failure(nobody.list(csrs)),
        await failure(approver.update(csrs, { ...pending, status: { certificate: 'AAAA' } }, 'status')),
      ];
    }
    assert.deepEqual(answers['in-process'], answers['https']);
    const [notApprover, noRbac] = answers['in-process'] as { code: number; message: string }[];
    assert.deepEqual(notApprover, { code: 403, message: 'certificatesigningrequests.certificates.k8s.io "refused" is forbidden: user not permitted to approve requests with signerName "example.com/seam"' });
    assert.equal(noRbac!.code, 403);
    assert.match(noRbac!.message, /^certificatesigningrequests\.certificates\.k8s\.io "refused" is forbidden: User "nobody" cannot update resource "certificatesigningrequests\/approval"/);
    // Still pending: nothing was written by either.
    const after = await clients['in-process']!.admin.get(csrs, 'refused');
    assert.equal(after.metadata.resourceVersion, pending.metadata.resourceVersion);
  });

  test('the controllers in-process, on frozen shared objects, approve by policy and issue, each step its own write and event', async () => {
    const admin = clients['in-process']!.admin;
    const warnings: string[] = [];
    const running = startControllers({
      client: admin,
      ca: { certPem: dataDir.caPem, keyPem: readFileSync(dataDir.caKeyFile, 'utf8'), threads: 1 },
      maxDurationMs: 3600_000,
      signLegacyUnknown: false,
      log: { ...silentLogger, warn: (msg, fields) => warnings.push(`${msg} ${JSON.stringify(fields)}`) },
      config: resolveControllersConfig({
        approvalPolicies: [{ name: 'admins', signerName: 'kubernetes.io/kube-apiserver-client', requestors: { users: ['admin'] }, commonName: '^issued$', usages: ['client auth'] }],
      }, dir),
    });
    try {
      const pem = newCsrPem(dir, 'issued');
      const created = await admin.create(csrs, csr('issued', pem, 'kubernetes.io/kube-apiserver-client'));
      const stop = new AbortController();
      const seen: { rv: number; approved: boolean; issued: boolean }[] = [];
      const guard = setTimeout(() => stop.abort(), 20_000);
      for await (const ev of admin.watch(csrs, { resourceVersion: created.metadata.resourceVersion!, fieldSelector: 'metadata.name=issued' }, stop.signal)) {
        if (ev.type !== 'MODIFIED') continue;
        seen.push({
          rv: Number(ev.object.metadata.resourceVersion),
          approved: ev.object.status?.conditions?.some((c) => c.type === 'Approved') === true,
          issued: (ev.object.status?.certificate ?? '') !== '',
        });
        if (seen.at(-1)!.issued) break;
      }
      clearTimeout(guard);
      assert.deepEqual(seen.map(({ approved, issued }) => ({ approved, issued })), [{ approved: true, issued: false }, { approved: true, issued: true }]);
      assert.ok(seen[1]!.rv > seen[0]!.rv);
      // Events are recorded after the write they describe; wait for them, boundedly.
      let reasons: string[] = [];
      for (let i = 0; i < 100 && reasons.length < 2; i++) {
        const events = await admin.list(resources.events, { namespace: 'default', fieldSelector: 'involvedObject.name=issued' });
        reasons = events.items.map((e) => e.reason ?? '').sort();
        if (reasons.length < 2) await new Promise((r) => setTimeout(r, 50));
      }
      assert.deepEqual(reasons, ['AutoApproved', 'CertificateIssued']);
      // A controller that changed a frozen shared object would have failed and said so.
      assert.deepEqual(warnings, []);
    } finally {
      await running.stop();
    }
  });

  test('100,000 repeats of one event: one Event, its count the burst the spam filter lets through, and memory flat', async () => {
    const admin = clients['in-process']!.admin;
    const errors: unknown[] = [];
    const recorder = new EventRecorder(admin, 'seam-test', (err) => errors.push(err));
    const subject = { metadata: { name: 'repeated', uid: 'u-repeated' }, spec: { request: '' } } as CertificateSigningRequest;
    const rssBefore = process.memoryUsage().rss;
    // Bounded in count; recorded in bursts, as a controller retrying in a loop would.
    for (let i = 0; i < 100_000; i++) {
      recorder.record(subject, 'Warning', 'SignerValidationFailure', 'the same failure, again');
      if (i % 1000 === 999) await new Promise((r) => setImmediate(r));
    }
    // client-go's spam filter passes a burst of 25 per object; the correlator folds them into one Event.
    const found = await pollForEvent(admin, 25);
    assert.deepEqual(errors, []);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.count, 25);
    const grew = process.memoryUsage().rss - rssBefore;
    assert.ok(grew < 50 * 1024 * 1024, `RSS grew by ${(grew / 1048576).toFixed(1)} MiB`);
  });
});
