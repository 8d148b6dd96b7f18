import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { serverForSuite, type TestServer } from './server-harness.js';
import { run, signetBin } from './harness.js';

const policy = `
approvalPolicies:
  - name: self-service
    signerName: kubernetes.io/kube-apiserver-client
    requestors: {serviceAccounts: ["users/*"]}
    commonName: requestor
    organizations: serviceAccountGroups
    usages: [digital signature, client auth]
    maxDuration: 24h
`;

describe('signet user add, request, list and remove: seed 001 in a few commands', () => {
  let server: TestServer;
  const signet = (args: string[]) => run(signetBin, args, { timeoutMs: 60_000 });
  serverForSuite((s) => (server = s), {}, policy);

  test('the admin adds alice in group qa and gets a token kubeconfig for her', () => {
    const r = signet(['user', 'add', 'alice', '--group', 'qa', '--kubeconfig', server.kubeconfig, '-o', join(server.dir, 'alice.kubeconfig')]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `user alice added (groups: qa); kubeconfig written to ${join(server.dir, 'alice.kubeconfig')}\n`);
    const list = signet(['user', 'list', '--kubeconfig', server.kubeconfig]);
    assert.match(list.stdout, /^alice\s+qa$/m);
  });

  test('alice, with only that kubeconfig, gets a certificate approved by policy, with the groups she is allowed', () => {
    const out = join(server.dir, 'alice-id');
    const r = signet(['request', '--kubeconfig', join(server.dir, 'alice.kubeconfig'), '--name', 'user=alice', '--cn', 'alice', '--out', out, '--timeout', '30s']);
    assert.equal(r.status, 0, r.stderr);
    const whoami = server.kubectl(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username} {.status.userInfo.groups}'], { kubeconfig: join(out, 'kubeconfig') });
    assert.equal(whoami.status, 0, whoami.stderr);
    assert.equal(whoami.stdout, 'alice ["qa","system:authenticated"]');
  });

  test('alice may not read other requests', () => {
    const r = server.kubectl(['get', 'csr', 'user=bob'], { kubeconfig: join(server.dir, 'alice.kubeconfig') });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /Error from server \(Forbidden\): certificatesigningrequests\.certificates\.k8s\.io "user=bob" is forbidden: User "system:serviceaccount:users:alice" cannot get resource "certificatesigningrequests" in API group "certificates\.k8s\.io" at the cluster scope/);
  });

  test("alice's credential-plugin kubeconfig, made from her token one, makes kubectl alice", () => {
    const r = signet(['user', 'kubeconfig', '--kubeconfig', join(server.dir, 'alice.kubeconfig'), '--name', 'alice', '--group', 'qa', '--duration', '10m',
      '--cache', join(server.dir, 'alice-cache'), '-o', join(server.dir, 'alice-plugin.kubeconfig')]);
    assert.equal(r.status, 0, r.stderr);
    const whoami = server.kubectl(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'], { kubeconfig: join(server.dir, 'alice-plugin.kubeconfig') });
    assert.equal(whoami.status, 0, whoami.stderr);
    assert.equal(whoami.stdout, 'alice');
  });

  test('removing alice ends her token at once', () => {
    const r = signet(['user', 'remove', 'alice', '--kubeconfig', server.kubeconfig]);
    assert.equal(r.status, 0, r.stderr);
    const after = server.kubectl(['get', 'csr', 'user=alice'], { kubeconfig: join(server.dir, 'alice.kubeconfig') });
    assert.notEqual(after.status, 0);
    assert.match(after.stderr, /Unauthorized|You must be logged in/);
    assert.doesNotMatch(signet(['user', 'list', '--kubeconfig', server.kubeconfig]).stdout, /alice/);
  });

  test("once alice is removed, the plugin's next renewal fails with a line that says why", () => {
    // The certificate she holds stays valid until it expires (certificates cannot be recalled);
    // without it, as after its expiry, the plugin must renew and is refused.
    rmSync(join(server.dir, 'alice-cache', 'cert.pem'));
    const r = server.kubectl(['auth', 'whoami'], { kubeconfig: join(server.dir, 'alice-plugin.kubeconfig') });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /signet: renewal refused \(Unauthorized\): .* the account may have been removed/);
  });
});
