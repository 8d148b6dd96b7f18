import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { serverForSuite, type SuiteServer } from './server-harness.js';
import { pollFor, run, signetBin } from './harness.js';
import { caCertHash } from '../../src/cli/commands/node/ca-pin.js';

function signet(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [signetBin, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const t = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (status) => {
      clearTimeout(t);
      resolve({ status, stdout, stderr });
    });
  });
}

describe('signet node join', () => {
  let server: SuiteServer;
  let pin: string;
  let url: string;
  serverForSuite((s) => (server = s));
  before(async () => {
    pin = caCertHash(readFileSync(join(server.dataDir, 'ca.crt')));
    url = `https://127.0.0.1:${server.port}`;
  });

  test('the pin is kubeadm\'s: SHA-256 of the CA\'s SubjectPublicKeyInfo, as openssl computes it', () => {
    const der = run('sh', ['-c', `openssl x509 -in ${join(server.dataDir, 'ca.crt')} -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -hex`]).stdout;
    assert.equal(pin, `sha256:${der.trim().split(' ').pop()}`);
  });

  test('a wrong CA hash is refused before any credential is sent', async () => {
    const r = await signet(['node', 'join', '--server', url, '--token', 'abcdef.0123456789abcdef', '--ca-cert-hash', `sha256:${'0'.repeat(64)}`, '--name', 'n0', '--out', join(server.dir, 'n0')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^signet: no CA certificate of https:\/\/127\.0\.0\.1:\d+ matches --ca-cert-hash sha256:0+; refusing to send the token\n$/);
    assert.equal(existsSync(join(server.dir, 'n0', 'kubelet.kubeconfig')), false);
  });

  test('with a bootstrap token a node gets a system:nodes identity with no person involved', async () => {
    const token = await signet(['token', 'create', '--kubeconfig', server.kubeconfig, '--ttl', '1h']);
    assert.equal(token.status, 0, token.stderr);
    assert.match(token.stdout, /^[a-z0-9]{6}\.[a-z0-9]{16}\n$/);
    const out = join(server.dir, 'worker-0');
    const r = await signet(['node', 'join', '--server', url, '--token', token.stdout.trim(), '--ca-cert-hash', pin, '--name', 'worker-0', '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    const cert = new X509Certificate(readFileSync(join(out, 'kubelet-client.crt')));
    assert.equal(cert.subject, 'O=system:nodes\nCN=system:node:worker-0');
    const csrs = JSON.parse(server.kubectl(['get', 'csr', '-o', 'json']).stdout) as { items: { spec: { username: string }; status: { conditions: { reason: string }[] } }[] };
    const mine = csrs.items.find((c) => c.spec.username.startsWith('system:bootstrap:'));
    assert.equal(mine?.status.conditions[0]?.reason, 'AutoApproved');
    const whoami = server.kubectl(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username} {.status.userInfo.groups}'], { kubeconfig: join(out, 'kubelet.kubeconfig') });
    assert.equal(whoami.status, 0, whoami.stderr);
    assert.match(whoami.stdout, /^system:node:worker-0 \["system:nodes","system:authenticated"\]/);
  });

  test('an unknown token is refused with one line', async () => {
    const r = await signet(['node', 'join', '--server', url, '--token', 'zzzzzz.0123456789abcdef', '--ca-cert-hash', pin, '--name', 'n1', '--out', join(server.dir, 'n1')]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, 'signet: the server refused the bootstrap token (unknown or expired)\n');
    assert.equal(existsSync(join(server.dir, 'n1')), false, 'no output directory is left behind');
  });

  test('with --serving the node also gets a kubelet serving certificate, once a person approves it', async () => {
    const token = await signet(['token', 'create', '--kubeconfig', server.kubeconfig, '--ttl', '1h']);
    assert.equal(token.status, 0, token.stderr);
    const out = join(server.dir, 'worker-1');
    const joining = signet(['node', 'join', '--server', url, '--token', token.stdout.trim(), '--ca-cert-hash', pin, '--name', 'worker-1',
      '--serving', '--ip', '10.0.0.11', '--out', out]);
    // The serving request is never approved automatically (kube-controller-manager does not either).
    const servingName = await pollFor(() => {
      const list = JSON.parse(server.kubectl(['get', 'csr', '-o', 'json']).stdout) as { items: { metadata: { name: string }; spec: { signerName: string; username: string } }[] };
      return list.items.find((c) => c.spec.signerName === 'kubernetes.io/kubelet-serving' && c.spec.username === 'system:node:worker-1')?.metadata.name;
    }, 200);
    assert.ok(servingName, 'the node asked for a serving certificate as itself');
    const approve = server.kubectl(['certificate', 'approve', servingName]);
    assert.equal(approve.status, 0, approve.stderr);
    const r = await joining;
    assert.equal(r.status, 0, r.stderr);
    const cert = new X509Certificate(readFileSync(join(out, 'kubelet-serving.crt')));
    assert.equal(cert.subject, 'O=system:nodes\nCN=system:node:worker-1');
    assert.equal(cert.subjectAltName, 'DNS:worker-1, IP Address:10.0.0.11');
    assert.equal(run('openssl', ['verify', '-purpose', 'sslserver', '-CAfile', join(out, 'ca.crt'), join(out, 'kubelet-serving.crt')]).status, 0);
    assert.ok(cert.checkPrivateKey((await import('node:crypto')).createPrivateKey(readFileSync(join(out, 'kubelet-serving.key')))));
  });
});
