// --encryption-provider-config: Secrets sealed in the database as kube-apiserver seals them in
// etcd, read back through kubectl, a missing key refusing the start, and key rotation by
// `kubectl get secrets -A -o json | kubectl replace -f -` as Kubernetes' documentation does it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startServer, type TestServer } from './server-harness.js';
import { run, signetBin, tempDir } from './harness.js';

const key1 = randomBytes(32).toString('base64');
const key2 = randomBytes(32).toString('base64');
const config = (providers: string): string => `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
${providers}`;
const aescbc1 = `      - aescbc:\n          keys:\n            - name: key1\n              secret: ${key1}\n`;
const aesgcm2 = `      - aesgcm:\n          keys:\n            - name: key2\n              secret: ${key2}\n`;
const identity = '      - identity: {}\n';

const secretValue = 'hunter2-plain-value';

/** Everything SQLite holds for the server, its write-ahead log included. */
function databaseBytes(server: TestServer): string {
  const file = join(server.dataDir, 'signet.db');
  return [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('');
}

test('Secrets are sealed at rest, read back in the clear, refuse a start without their key, and move to a new key by replace', async () => {
  const tmp = tempDir('signet-encryption-');
  const file = (name: string, text: string): string => {
    const path = join(tmp.dir, name);
    writeFileSync(path, text, { mode: 0o600 });
    return path;
  };
  let server: TestServer | undefined;
  try {
    server = await startServer({ reuse: tmp, extraArgs: ['--encryption-provider-config', file('first.yaml', config(aescbc1 + identity))] });
    assert.equal(server.kubectl(['create', 'secret', 'generic', 'db-pass', `--from-literal=password=${secretValue}`]).status, 0);
    assert.equal(server.kubectl(['create', 'configmap', 'plain', '--from-literal=note=visible-config-value']).status, 0);
    const shown = server.kubectl(['get', 'secret', 'db-pass', '-o', 'jsonpath={.data.password}']);
    assert.equal(Buffer.from(shown.stdout, 'base64').toString(), secretValue, shown.stderr);
    let stored = databaseBytes(server);
    assert.ok(stored.includes('visible-config-value'), 'a ConfigMap is not encrypted: the scan sees stored values');
    assert.ok(stored.includes('k8s:enc:aescbc:v1:key1:'));
    assert.ok(!stored.includes(secretValue) && !stored.includes(Buffer.from(secretValue).toString('base64')), 'the value is not in the database');
    await server.stop();
    server = undefined;

    const dataDir = join(tmp.dir, 'data');
    const withoutKey = run(process.execPath, [signetBin, 'serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--encryption-provider-config', file('no-key1.yaml', config(aesgcm2 + identity))], { timeoutMs: 30_000 });
    assert.notEqual(withoutKey.status, 0);
    assert.equal(withoutKey.stderr.trim(), 'signet: --encryption-provider-config: cannot read what is stored: /registry/core/secrets/default/db-pass: stored with aescbc key "key1", which the encryption provider config does not have');

    server = await startServer({ reuse: tmp, extraArgs: ['--encryption-provider-config', file('rotate.yaml', config(aesgcm2 + aescbc1))] });
    const all = server.kubectl(['get', 'secrets', '-A', '-o', 'json']);
    assert.equal(all.status, 0, all.stderr);
    const replaced = server.kubectl(['replace', '-f', '-'], { input: all.stdout });
    assert.equal(replaced.status, 0, replaced.stderr);
    assert.match(replaced.stdout, /^secret\/db-pass replaced$/m);
    stored = databaseBytes(server);
    assert.ok(stored.includes('k8s:enc:aesgcm:v1:key2:'), 'replacing an unchanged Secret seals it with the new first key');
    await server.stop();
    server = undefined;

    server = await startServer({ reuse: tmp, extraArgs: ['--encryption-provider-config', file('only-key2.yaml', config(aesgcm2))] });
    const after = server.kubectl(['get', 'secret', 'db-pass', '-o', 'jsonpath={.data.password}']);
    assert.equal(Buffer.from(after.stdout, 'base64').toString(), secretValue, after.stderr);
    // The authenticator reads a legacy ServiceAccount token Secret through the same store.
    assert.equal(server.kubectl(['create', 'serviceaccount', 'robot']).status, 0);
    const tokenSecret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: robot-token\n  annotations:\n    kubernetes.io/service-account.name: robot\ntype: kubernetes.io/service-account-token\n';
    assert.equal(server.kubectl(['create', '-f', '-'], { input: tokenSecret }).status, 0);
    const token = Buffer.from(server.kubectl(['get', 'secret', 'robot-token', '-o', 'jsonpath={.data.token}']).stdout, 'base64').toString();
    assert.ok(token.length > 0 && !databaseBytes(server).includes(token), 'the token is filled in, and sealed');
    const review = await server.fetch('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      anonymous: true, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}',
    });
    assert.equal(JSON.parse(review.body).status?.userInfo?.username, 'system:serviceaccount:default:robot', review.body);
  } finally {
    await server?.stop();
    tmp.cleanup();
  }
});

test('a bad encryption provider config is a one-line error before anything is created', () => {
  const tmp = tempDir('signet-encryption-');
  try {
    const path = join(tmp.dir, 'bad.yaml');
    writeFileSync(path, config('      - aescbc:\n          keys:\n            - name: k\n              secret: c2hvcnQ=\n'));
    const r = run(process.execPath, [signetBin, 'serve', '--listen', '127.0.0.1:0', '--data-dir', join(tmp.dir, 'data'), '--encryption-provider-config', path], { timeoutMs: 30_000 });
    assert.notEqual(r.status, 0);
    assert.equal(r.stderr.trim(), `signet: --encryption-provider-config ${path}: resources[0].providers[0].aescbc.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 5, expected one of [16 24 32]`);
    assert.ok(!existsSync(join(tmp.dir, 'data')), 'no data directory was made');
  } finally {
    tmp.cleanup();
  }
});
