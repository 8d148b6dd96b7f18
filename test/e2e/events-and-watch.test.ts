// One pass per certificate, as a user sees it: `kubectl get csr -w` and a client-node watch see
// Approved and then Issued as two MODIFIED events with increasing resourceVersions; `kubectl
// describe csr` shows the approver's and the signer's events; Events expire after --event-ttl and
// do not survive a restart, while the requests do.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { serverForSuite, startServer, type SuiteServer } from './server-harness.js';
import { pollFor, tempDir } from './harness.js';
import { csrBody, csrCollection, opensslKeyAndCsr } from './csr-fixtures.js';

const policy = `approvalPolicies:
  - name: admins
    signerName: kubernetes.io/kube-apiserver-client
    requestors: {users: [admin]}
    commonName: "^watched-[a-z0-9-]+$"
    usages: [client auth]
`;

describe('one pass per certificate, as watchers and describe see it', () => {
  let server: SuiteServer;
  serverForSuite((s) => (server = s), {
    extraArgs: ['--event-ttl', '15s'],
    prepare: (dir) => {
      const config = join(dir, 'controllers.yaml');
      writeFileSync(config, policy);
      return ['--controllers-config', config];
    },
  });

  async function create(name: string): Promise<void> {
    const { csrPem } = opensslKeyAndCsr(server.work, name, `/CN=${name}`);
    const r = await server.fetch('POST', csrCollection, {
      body: JSON.stringify(csrBody(name, csrPem, { signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] })),
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(r.status, 201, r.body);
  }

  test('kubectl get csr -w sees Approved, then Approved,Issued, as two modifications with increasing resourceVersions', async () => {
    // A request that stays pending shows up first, as ADDED from kubectl's initial list: the watch is then open.
    await create('marker-pending');
    const env = { ...process.env, KUBECONFIG: server.kubeconfig, HOME: join(server.work, 'home'), KUBECACHEDIR: join(server.work, 'cache') };
    const watch = spawn('kubectl', ['get', 'csr', '--watch', '--output-watch-events', '-o',
      'jsonpath={.type} {.object.metadata.name} {.object.metadata.resourceVersion} {.object.status.conditions[*].type} {.object.status.certificate}{"\\n"}'], { env });
    let out = '';
    watch.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const killer = setTimeout(() => watch.kill(), 30_000);
    try {
      assert.ok(await pollFor(() => (out.includes('ADDED marker-pending') ? true : undefined), 150), `kubectl -w printed:\n${out}`);
      await create('watched-kubectl');
      const lines = await pollFor(() => {
        const ls = out.split('\n').filter((l) => l.startsWith('MODIFIED watched-kubectl '));
        return ls.some((l) => l.split(' ')[4]) ? ls : undefined;
      }, 200);
      assert.ok(lines, `kubectl -w printed:\n${out}`);
      const events = lines.map((l) => l.split(' ')).map(([, , rv, conditions, cert]) => ({ rv: Number(rv), conditions, issued: Boolean(cert) }));
      assert.deepEqual(events.map(({ conditions, issued }) => ({ conditions, issued })), [
        { conditions: 'Approved', issued: false },
        { conditions: 'Approved', issued: true },
      ]);
      assert.ok(events[1]!.rv > events[0]!.rv);
      // Recorded after the writes they describe, and kept for the TTL: describe shows both.
      const described = await pollFor(() => {
        const r = server.kubectl(['describe', 'csr', 'watched-kubectl']);
        // Both in the same second: kubectl may list them in either order.
        const events = r.stdout.split('Events:')[1] ?? '';
        return events.includes('AutoApproved') && events.includes('CertificateIssued') ? r.stdout : undefined;
      }, 50);
      assert.ok(described, `${server.kubectl(['describe', 'csr', 'watched-kubectl']).stdout}\n${server.kubectl(['get', 'events', '-A', '-o', 'yaml']).stdout}\n${server.stderr().split('\n').filter((l) => !l.includes('"info"')).join('\n')}`);
    } finally {
      clearTimeout(killer);
      watch.kill();
    }
  });

  test('a client-node watch sees the same two modifications', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(server.kubeconfig);
    const seen: { rv: number; approved: boolean; issued: boolean }[] = [];
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const list = JSON.parse((await server.fetch('GET', csrCollection)).body);
    const req = await new k8s.Watch(kc).watch(csrCollection, { resourceVersion: list.metadata.resourceVersion, fieldSelector: 'metadata.name=watched-node' },
      (type: string, obj: k8s.V1CertificateSigningRequest) => {
        if (type !== 'MODIFIED') return;
        seen.push({ rv: Number(obj.metadata?.resourceVersion), approved: obj.status?.conditions?.some((c) => c.type === 'Approved') === true, issued: Boolean(obj.status?.certificate) });
        if (seen.at(-1)!.issued) done();
      }, () => done());
    const guard = setTimeout(done, 30_000);
    await create('watched-node');
    await finished;
    clearTimeout(guard);
    req.abort();
    assert.deepEqual(seen.map(({ approved, issued }) => ({ approved, issued })), [{ approved: true, issued: false }, { approved: true, issued: true }]);
    assert.ok(seen[1]!.rv > seen[0]!.rv);
  });

  test('events expire after --event-ttl; the requests stay', async () => {
    const gone = await pollFor(() => {
      const r = server.kubectl(['get', 'events', '-n', 'default', '-o', 'name']);
      return r.status === 0 && r.stdout.trim() === '' ? true : undefined;
    }, 250);
    assert.equal(gone, true, 'events were still there 25 s after a 15 s TTL');
    const csrs = server.kubectl(['get', 'csr', '-o', 'name']);
    assert.deepEqual(csrs.stdout.trim().split('\n').sort(), ['marker-pending', 'watched-kubectl', 'watched-node'].map((n) => `certificatesigningrequest.certificates.k8s.io/${n}`));
  });
});

test('events do not survive a restart; requests do', async () => {
  const first = await startServer();
  const work = tempDir('signet-events-restart-');
  try {
    const { csrPem } = opensslKeyAndCsr(work.dir, 'kept', '/CN=kept');
    const created = await first.fetch('POST', csrCollection, { body: JSON.stringify(csrBody('kept', csrPem)), headers: { 'Content-Type': 'application/json' } });
    assert.equal(created.status, 201, created.body);
    const event = await first.fetch('POST', '/api/v1/namespaces/default/events', {
      body: JSON.stringify({ metadata: { name: 'kept.1' }, involvedObject: { kind: 'CertificateSigningRequest', name: 'kept' }, reason: 'Test', message: 'm', type: 'Normal' }),
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(event.status, 201, event.body);
    assert.equal(await first.stop(), 0);
    const second = await startServer({ reuse: { dir: first.dir } });
    try {
      assert.equal((await second.fetch('GET', `${csrCollection}/kept`)).status, 200);
      assert.equal((await second.fetch('GET', '/api/v1/namespaces/default/events/kept.1')).status, 404);
    } finally {
      await second.stop();
    }
  } finally {
    first.cleanup();
    work.cleanup();
  }
});
