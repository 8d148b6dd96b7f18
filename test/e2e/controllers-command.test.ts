import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { serverForSuite, type SuiteServer } from './server-harness.js';
import { pollFor, run, signetBin } from './harness.js';
import { createCsr } from '../../src/pki/csr.js';
import { generateKeyPair } from '../../src/pki/keys.js';
import { buildName } from '../../src/pki/name.js';
import { encodePem } from '../../src/pki/pem.js';

const path = '/apis/certificates.k8s.io/v1/certificatesigningrequests';

describe('signet controllers signs for an API server through its kubeconfig', () => {
  let server: SuiteServer;
  let child: ChildProcess;
  let childExit: Promise<number | null>;
  // Registered before the server's own, so the controllers stop while the server is still up.
  after(async () => {
    if (child?.exitCode === null) child.kill('SIGTERM');
    await childExit;
  });
  serverForSuite((s) => (server = s), { extraArgs: ['--controllers=false'] });
  before(() => {
    child = spawn(process.execPath, [
      signetBin, 'controllers', '--kubeconfig', server.kubeconfig,
      '--cluster-signing-cert-file', join(server.dataDir, 'ca.crt'), '--cluster-signing-key-file', join(server.dataDir, 'ca.key'),
      '--cluster-signing-duration', '1h', '--signing-threads', '2',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    childExit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  });

  test('an approved request is issued by the separate process, on its signing threads, within the signing duration', async () => {
    const request = Buffer.from(encodePem('CERTIFICATE REQUEST', createCsr({ subject: buildName({ CN: 'carol', O: ['devs'] }).raw, privateKey: generateKeyPair('ecdsa-p256').privateKey }))).toString('base64');
    const created = await server.fetch('POST', path, {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ metadata: { name: 'carol' }, spec: { request, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] } }),
    });
    assert.equal(created.status, 201, created.body);
    const approve = server.kubectl(['certificate', 'approve', 'carol']);
    assert.equal(approve.status, 0, approve.stderr);
    const certificate = await pollFor(async () => {
      const got = JSON.parse((await server.fetch('GET', `${path}/carol`)).body) as { status?: { certificate?: string } };
      return got.status?.certificate || undefined;
    });
    assert.ok(certificate, 'issued');
    const cert = new X509Certificate(Buffer.from(certificate, 'base64'));
    assert.equal(cert.subject, 'O=devs\nCN=carol');
    assert.ok(cert.checkIssued(new X509Certificate(run('cat', [join(server.dataDir, 'ca.crt')]).stdout)));
    // --cluster-signing-duration 1h: a short TTL, so 1 h plus the 5-minute backdate.
    assert.equal(Date.parse(cert.validTo) - Date.parse(cert.validFrom), 65 * 60_000);
  });

  test('SIGTERM stops it cleanly', async () => {
    child.kill('SIGTERM');
    assert.equal(await childExit, 0);
  });
});

test('signet controllers refuses a missing kubeconfig with one clear line', () => {
  const r = run(signetBin, ['controllers', '--kubeconfig', '/nonexistent/kubeconfig', '--cluster-signing-cert-file', 'x', '--cluster-signing-key-file', 'y']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /^signet: cannot read kubeconfig \/nonexistent\/kubeconfig: /);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});
