import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PolicySource } from '../../../../src/controllers/approver/policy-source.js';
import type { ApiClient } from '../../../../src/api/client.js';
import { StatusError } from '../../../../src/api/errors.js';
import type { ApprovalPolicy } from '../../../../src/api/approval-policy/types.js';

const filePolicy: ApprovalPolicy = {
  name: 'from-file', signerName: 'kubernetes.io/kube-apiserver-client', requestors: { users: ['a'], groups: [], serviceAccounts: [] },
  organizations: [], sans: { dns: [], ips: false, emails: false, uris: false }, usages: ['client auth'],
};
const object = { metadata: { name: 'from-object', resourceVersion: '7' }, spec: { signerName: 'kubernetes.io/kube-apiserver-client', requestors: { groups: ['devs'] } } };

/** A client whose list answers `list` and whose watch stays open until stopped. */
function client(list: () => Promise<unknown>): ApiClient {
  return {
    list,
    async *watch(_resource: unknown, _opts: unknown, signal: AbortSignal) {
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    },
  } as unknown as ApiClient;
}

test('no policies are known until the objects are listed; then the file\'s and the objects\' together, and pending requests are looked at', async () => {
  let changes = 0;
  let answer!: (v: unknown) => void;
  const source = new PolicySource({
    client: client(() => new Promise((resolve) => (answer = resolve))), configured: [filePolicy],
    onChange: () => changes++, onError: () => {}, onNotServed: () => {},
  });
  source.start();
  assert.equal(source.policies(), undefined, 'the file alone must not decide while objects may exist');
  answer({ items: [object], resourceVersion: '7' });
  for (let i = 0; i < 50 && source.policies() === undefined; i++) await new Promise((r) => setImmediate(r));
  assert.deepEqual(source.policies()?.map((p) => p.name), ['from-file', 'from-object']);
  assert.equal(changes, 1);
  await source.stop();
});

test('an API server without the kind: said once, and the file\'s policies serve alone', async () => {
  let notServed = 0;
  const source = new PolicySource({
    client: client(async () => {
      throw new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'not found', reason: 'NotFound', code: 404 });
    }),
    configured: [filePolicy], onChange: () => {}, onError: () => assert.fail('a 404 is not an error to report'), onNotServed: () => notServed++,
  });
  source.start();
  for (let i = 0; i < 50 && source.policies() === undefined; i++) await new Promise((r) => setImmediate(r));
  assert.deepEqual(source.policies()?.map((p) => p.name), ['from-file']);
  await new Promise((r) => setTimeout(r, 700));
  await source.stop();
  assert.equal(notServed, 1);
});
