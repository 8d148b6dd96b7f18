// /metrics on a real `signet serve`: one registry shows the API requests, the certificates the
// in-process signer issued and the controllers' queues, and only users allowed the URL see it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverForSuite, type TestServer } from './server-harness.js';
import { csrManifest } from './kubectl-helpers.js';
import { opensslKeyAndCsr } from './csr-fixtures.js';
import { pollFor } from './harness.js';

let server: TestServer;

serverForSuite((s) => (server = s));

/** The value of the one sample whose line starts with `prefix`, or undefined. */
function sample(text: string, prefix: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(prefix));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

test('an issued certificate shows in the request counters and the signer counter', async () => {
  const { csrPem } = opensslKeyAndCsr(server.dir, 'metrics-user', '/CN=metrics-user');
  const created = server.kubectl(['create', '-f', '-'], { input: csrManifest('metrics-user', Buffer.from(csrPem).toString('base64')) });
  assert.equal(created.status, 0, created.stderr);
  const approved = server.kubectl(['certificate', 'approve', 'metrics-user']);
  assert.equal(approved.status, 0, approved.stderr);
  let text = '';
  const issued = await pollFor(() => {
    const r = server.kubectl(['get', '--raw', '/metrics']);
    assert.equal(r.status, 0, r.stderr);
    text = r.stdout;
    return sample(text, 'signet_certificates_issued_total{signer="kubernetes.io/kube-apiserver-client"}');
  });
  assert.equal(issued, 1, text);
  assert.match(text, /^# TYPE apiserver_request_total counter$/m);
  assert.match(text, /^apiserver_request_total\{[^}]*verb="create"[^}]*resource="certificatesigningrequests"[^}]*code="201"[^}]*\} 1$/m);
  assert.match(text, /^# TYPE signet_signing_duration_seconds histogram$/m);
  assert.match(text, /^signet_workqueue_depth\{/m);
  // Requests by kubectl's CONDITION column (from the controllers' informer, which sees the
  // certificate through its watch), and the in-process controllers always lead.
  const byCondition = await pollFor(() => sample(server.kubectl(['get', '--raw', '/metrics']).stdout, 'signet_certificate_signing_requests{condition="Approved,Issued"}'));
  assert.equal(byCondition, 1);
  assert.equal(sample(text, 'leader_election_master_status{name="signet-controllers"}'), 1, text);
  // The create, the approval and the certificate were durable writes; commits shared among them count once.
  const commits = sample(text, 'signet_storage_commits') ?? 0;
  const writes = sample(text, 'signet_storage_writes') ?? 0;
  assert.ok(commits > 0 && writes >= commits && writes >= 3, `commits ${commits}, writes ${writes}`);
});

test('a user without the system:monitoring rights is forbidden the URL', () => {
  const r = server.kubectl(['get', '--raw', '/metrics', '--as', 'nobody']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /forbidden/i);
});
