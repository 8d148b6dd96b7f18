// Key hygiene (reliability row R19): the server's keys and database are the owner's alone from
// creation, and no key material leaves them: not in any answer of a full kubectl flow, not in
// the log, not in the database.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { serverForSuite, type SuiteServer } from './server-harness.js';
import { csrManifest } from './kubectl-helpers.js';
import { opensslKeyAndCsr } from './csr-fixtures.js';
import { pollFor } from './harness.js';

const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);

/** The base64 lines of a PEM file's body: any of them found elsewhere is the key leaking. */
function keyLines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('-----') && l.length >= 32);
}

describe('key hygiene', () => {
  let server: SuiteServer;
  serverForSuite((s) => (server = s));

  test('the data directory is 0700; keys, the admin kubeconfig and the database files are 0600', () => {
    assert.equal(mode(server.dataDir), '700');
    const secret = readdirSync(server.dataDir).filter((f) => f.endsWith('.key') || f.endsWith('.kubeconfig') || f.startsWith('signet.db'));
    assert.ok(['ca.key', 'sa.key', 'serving.key', 'admin.key', 'admin.kubeconfig', 'signet.db', 'signet.db.lock'].every((f) => secret.includes(f)), secret.join(' '));
    assert.deepEqual(secret.filter((f) => mode(join(server.dataDir, f)) !== '600').map((f) => `${f} ${mode(join(server.dataDir, f))}`), []);
  });

  test('after a whole kubectl flow no answer, log line or database page holds a server key', async () => {
    const { keyPath, csrPem } = opensslKeyAndCsr(server.work, 'alice', '/CN=alice/O=devs');
    const outputs: string[] = [];
    const kubectl = (args: string[], input?: string): string => {
      const r = server.kubectl(args, { input });
      assert.equal(r.status, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
      outputs.push(r.stdout, r.stderr);
      return r.stdout;
    };
    kubectl(['create', '-f', '-'], csrManifest('alice', Buffer.from(csrPem).toString('base64')));
    kubectl(['certificate', 'approve', 'alice']);
    assert.ok(await pollFor(() => server.kubectl(['get', 'csr', 'alice', '-o', 'jsonpath={.status.certificate}']).stdout || undefined));
    kubectl(['create', 'serviceaccount', 'robot']);
    kubectl(['create', 'token', 'robot']);
    kubectl(['create', 'secret', 'generic', 'app', '--from-literal=k=v']);
    for (const args of [
      ['get', 'csr', 'alice', '-o', 'yaml'], ['describe', 'csr', 'alice'], ['get', 'events', '-A', '-o', 'yaml'],
      ['get', 'secrets', '-A', '-o', 'yaml'], ['get', 'configmaps', '-A', '-o', 'yaml'], ['get', 'serviceaccounts', '-A', '-o', 'yaml'],
      ['get', 'clustertrustbundles', '-o', 'yaml'], ['get', '--raw', '/openapi/v3'], ['get', '--raw', '/metrics'], ['api-resources'],
    ]) kubectl(args);
    const answers = outputs.join('\n');
    const database = ['signet.db', 'signet.db-wal'].map((f) => join(server.dataDir, f)).filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('');
    const places: Record<string, string> = { answers, log: server.stderr(), database };
    const keys = ['ca.key', 'sa.key', 'serving.key', 'controller-manager.key', 'admin.key'].map((f) => join(server.dataDir, f));
    const found: string[] = [];
    for (const [place, text] of Object.entries(places)) {
      if (text.includes('PRIVATE KEY')) found.push(`${place}: PRIVATE KEY`);
      for (const key of [...keys, keyPath]) if (keyLines(key).some((l) => text.includes(l))) found.push(`${place}: ${key}`);
    }
    assert.deepEqual(found, []);
    assert.ok(answers.includes('BEGIN CERTIFICATE') || answers.includes('LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t'), 'the scan sees what kubectl got back');
  });
});
