import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { serverForSuite, type TestServer } from './server-harness.js';
import { run, signetBin } from './harness.js';

/** Runs `signet request`, calling `onPending` once it says it waits for approval. */
function request(args: string[], onPending?: () => void): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [signetBin, 'request', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let acted = false;
    const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!acted && /waiting for approval/.test(stderr) && onPending) {
        acted = true;
        onPending();
      }
    });
    child.on('exit', (status) => {
      clearTimeout(kill);
      resolve({ status, stdout, stderr });
    });
  });
}

describe('signet request', () => {
  let server: TestServer;
  serverForSuite((s) => (server = s));

  test('makes a key, waits for approval, and writes a working identity', async () => {
    const out = join(server.dir, 'alice');
    const r = await request(['--kubeconfig', server.kubeconfig, '--name', 'user=alice', '--cn', 'alice', '--group', 'qa', '--duration', '1h', '--out', out], () => {
      server.kubectl(['certificate', 'approve', 'user=alice']);
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /waiting for approval: kubectl certificate approve user=alice/);
    assert.equal(statSync(join(out, 'key.pem')).mode & 0o777, 0o600);
    const cert = new X509Certificate(readFileSync(join(out, 'cert.pem')));
    assert.equal(cert.subject, 'O=qa\nCN=alice');
    assert.ok(cert.checkPrivateKey((await import('node:crypto')).createPrivateKey(readFileSync(join(out, 'key.pem')))));
    assert.equal(Date.parse(cert.validTo) - Date.parse(cert.validFrom), 65 * 60_000);
    assert.equal(run('openssl', ['verify', '-CAfile', join(out, 'ca.pem'), join(out, 'cert.pem')]).status, 0);
    // The written kubeconfig authenticates as alice (who may do nothing yet).
    const asAlice = server.kubectl(['get', 'csr'], { kubeconfig: join(out, 'kubeconfig') });
    assert.match(asAlice.stderr, /User "alice" cannot list resource "certificatesigningrequests"/);
  });

  test('a denied request ends with the reason, a non-zero exit and no files', async () => {
    const out = join(server.dir, 'mallory');
    const r = await request(['--kubeconfig', server.kubeconfig, '--name', 'mallory', '--cn', 'mallory', '--out', out], () => {
      server.kubectl(['certificate', 'deny', 'mallory']);
    });
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim().split('\n').pop(), 'signet: certificatesigningrequest mallory was denied: This CSR was denied by kubectl certificate deny.');
    assert.equal(existsSync(out), false, 'the directory this run made is gone too');
  });

  test('an unreachable server is one clear line', async () => {
    const kubeconfig = readFileSync(server.kubeconfig, 'utf8').replace(/server: https:\/\/127\.0\.0\.1:\d+/, 'server: https://127.0.0.1:1');
    const path = join(server.dir, 'dead.kubeconfig');
    (await import('node:fs')).writeFileSync(path, kubeconfig);
    const r = await request(['--kubeconfig', path, '--name', 'x', '--cn', 'x', '--out', join(server.dir, 'x')]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim(), 'signet: cannot reach https://127.0.0.1:1: ECONNREFUSED');
  });

  test('a timeout says what it was waiting for', async () => {
    const r = await request(['--kubeconfig', server.kubeconfig, '--name', 'slow', '--cn', 'slow', '--timeout', '2s', '--out', join(server.dir, 'slow')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /signet: timed out waiting for certificatesigningrequest slow \(waiting for approval: kubectl certificate approve slow\)/);
  });

  test('a wrong token is one line naming the credentials, and nothing is written', async () => {
    const add = run(signetBin, ['user', 'add', 'erin', '--kubeconfig', server.kubeconfig, '-o', join(server.dir, 'erin.kubeconfig')]);
    assert.equal(add.status, 0, add.stderr);
    const path = join(server.dir, 'erin-wrong.kubeconfig');
    writeFileSync(path, readFileSync(join(server.dir, 'erin.kubeconfig'), 'utf8').replace(/token: \S+/, 'token: not-a-token'));
    const out = join(server.dir, 'erin');
    const r = await request(['--kubeconfig', path, '--name', 'user=erin', '--cn', 'erin', '--out', out]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim(), `signet: https://127.0.0.1:${server.port} refused the kubeconfig's credentials (Unauthorized): the token or certificate is wrong, expired or its user was removed`);
    assert.equal(existsSync(out), false);
  });

  test('an output directory that cannot be made is refused before any request is created', async () => {
    writeFileSync(join(server.dir, 'plain-file'), '');
    const r = await request(['--kubeconfig', server.kubeconfig, '--name', 'unwritable', '--cn', 'unwritable', '--out', join(server.dir, 'plain-file', 'out')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr.trim(), /^signet: cannot create .*plain-file\/out: ENOTDIR/);
    assert.notEqual(server.kubectl(['get', 'csr', 'unwritable']).status, 0, 'no request was created');
  });
});
