// `signet serve` flags for authentication: --token-auth-file (and its errors), anonymous requests
// under the default RBAC policy.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serverForSuite, type SuiteServer } from './server-harness.js';
import { signetBin } from './harness.js';

describe('signet serve --token-auth-file', () => {
  let server: SuiteServer;
  serverForSuite((s) => (server = s), {
    prepare: (dir) => {
      const tokenFile = join(dir, 'tokens.csv');
      writeFileSync(tokenFile, 'static-token-1,carol,1001,"ops,devs"\n', { mode: 0o600 });
      return ['--token-auth-file', tokenFile];
    },
  });

  test('a static token authenticates with the file\'s user, uid and groups', () => {
    const r = server.kubectl(['--kubeconfig', '/dev/null', '--server', `https://127.0.0.1:${server.port}`, '--certificate-authority', join(server.dataDir, 'ca.crt'), '--token', 'static-token-1', 'auth', 'whoami']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.replace(/ +/g, ' '), 'ATTRIBUTE VALUE\nUsername carol\nUID 1001\nGroups [ops devs system:authenticated]\n');
  });

  test('the token never reaches the log', () => {
    assert.ok(!server.stderr().includes('static-token-1'));
  });

  const anonymous: Record<string, { path: string; status: number; message?: string }> = {
    '/version is public': { path: '/version', status: 200 },
    '/healthz is public': { path: '/healthz', status: 200 },
    'CSRs are forbidden to system:anonymous': {
      path: '/apis/certificates.k8s.io/v1/certificatesigningrequests', status: 403,
      message: 'certificatesigningrequests.certificates.k8s.io is forbidden: User "system:anonymous" cannot list resource "certificatesigningrequests" in API group "certificates.k8s.io" at the cluster scope',
    },
  };
  for (const [name, tc] of Object.entries(anonymous)) {
    test(`anonymous: ${name}`, async () => {
      const r = await server.fetch('GET', tc.path, { anonymous: true });
      assert.equal(r.status, tc.status, r.body);
      if (tc.message) assert.equal(JSON.parse(r.body).message, tc.message);
    });
  }

  test('a bad token file stops serve before it listens', () => {
    const bad = join(server.work, 'bad.csv');
    writeFileSync(bad, 'only,two\n');
    const r = spawnSync(process.execPath, [signetBin, 'serve', '--listen', '127.0.0.1:0', '--data-dir', join(server.work, 'data'), '--token-auth-file', bad], { encoding: 'utf8', timeout: 30_000 });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /--token-auth-file: token file '.*bad\.csv' must have at least 3 columns \(token, user name, user uid\), found 2/);
  });

  test('a second server on the same data directory stops with one line and leaves the first serving', async () => {
    const r = spawnSync(process.execPath, [signetBin, 'serve', '--listen', '127.0.0.1:0', '--data-dir', server.dataDir], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 1);
    assert.equal(r.stderr, `signet: database ${join(server.dataDir, 'signet.db')} is in use by another signet server; stop it first, or give this one another --data-dir\n`);
    assert.equal((await server.fetch('GET', '/readyz')).body, 'ok');
  });

  const badFlags: Record<string, { args: string[]; stderr: string }> = {
    'a zero --cluster-signing-duration': { args: ['--cluster-signing-duration', '0s'], stderr: 'signet: --cluster-signing-duration must be positive\n' },
    'a malformed --csr-cleaner-interval': { args: ['--csr-cleaner-interval', 'soon'], stderr: 'signet: --csr-cleaner-interval: invalid duration "soon" (use e.g. 8760h, 30m, 1h30m)\n' },
  };
  for (const [name, tc] of Object.entries(badFlags)) {
    test(`${name} stops serve with one line before the data directory is made`, () => {
      const dataDir = join(server.work, 'never-made');
      const r = spawnSync(process.execPath, [signetBin, 'serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir, ...tc.args], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 1);
      assert.equal(r.stderr, tc.stderr);
      assert.equal(existsSync(dataDir), false);
    });
  }
});
