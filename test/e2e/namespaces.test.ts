// Namespaces with the real kubectl: system namespaces at first start, a default ServiceAccount in
// every namespace, deleting a namespace deletes what it holds (and the grants it held), and the
// system namespaces cannot be deleted.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Ran } from './harness.js';
import { serverForSuite, type TestServer } from './server-harness.js';
import { tableRows } from './kubectl-helpers.js';

function assertOk(r: Ran, what: string): void {
  assert.equal(r.status, 0, `${what} exited ${r.status}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`);
}

describe('namespaces through kubectl', () => {
  let server: TestServer;
  serverForSuite((s) => (server = s));

  test('the system namespaces exist at first start, each with its default ServiceAccount', () => {
    const ns = tableRows(server.kubectl(['get', 'namespaces']).stdout).slice(1).map((r) => r[0]);
    assert.deepEqual(ns, ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    const sa = tableRows(server.kubectl(['get', 'sa', '-A']).stdout);
    assert.deepEqual(sa[0], ['NAMESPACE', 'NAME', 'SECRETS', 'AGE']);
    assert.deepEqual(sa.slice(1).map((r) => `${r[0]}/${r[1]}`), ['default/default', 'kube-node-lease/default', 'kube-public/default', 'kube-system/default']);
  });

  test('kubectl get ns NAME -o yaml shows phase Active, the kubernetes finalizer and the name label', () => {
    assertOk(server.kubectl(['create', 'namespace', 'shop']), 'create namespace');
    const ns = JSON.parse(server.kubectl(['get', 'ns', 'shop', '-o', 'json']).stdout) as { status: { phase: string }; spec: { finalizers: string[] }; metadata: { labels: Record<string, string> } };
    assert.equal(ns.status.phase, 'Active');
    assert.deepEqual(ns.spec.finalizers, ['kubernetes']);
    assert.equal(ns.metadata.labels['kubernetes.io/metadata.name'], 'shop');
  });

  test('deleting a namespace deletes everything in it, and its bindings stop granting', () => {
    for (const args of [
      ['create', 'serviceaccount', 'cashier', '-n', 'shop'],
      ['create', 'configmap', 'prices', '--from-literal=apple=1', '-n', 'shop'],
      ['create', 'secret', 'generic', 'till', '--from-literal=code=1234', '-n', 'shop'],
      ['create', 'role', 'reader', '--verb=get', '--verb=list', '--resource=configmaps', '-n', 'shop'],
      ['create', 'rolebinding', 'reader', '--role=reader', '--user=clerk', '-n', 'shop'],
    ]) assertOk(server.kubectl(args), args.join(' '));
    assert.equal(server.kubectl(['auth', 'can-i', 'list', 'configmaps', '-n', 'shop', '--as', 'clerk']).stdout.trim(), 'yes');
    const del = server.kubectl(['delete', 'namespace', 'shop']);
    assertOk(del, 'delete namespace');
    assert.equal(del.stdout.trim(), 'namespace "shop" deleted');
    for (const kind of ['serviceaccounts', 'configmaps', 'secrets', 'roles', 'rolebindings']) {
      const r = server.kubectl(['get', kind, '-n', 'shop']);
      assert.equal(r.stderr.trim(), 'No resources found in shop namespace.', kind);
    }
    assert.equal(server.kubectl(['auth', 'can-i', 'list', 'configmaps', '-n', 'shop', '--as', 'clerk']).stdout.trim(), 'no');
    const create = server.kubectl(['create', 'configmap', 'again', '-n', 'shop']);
    assert.equal(create.stderr.trim(), 'error: failed to create configmap: namespaces "shop" not found');
  });

  test('the default, kube-system and kube-public namespaces may not be deleted', () => {
    for (const ns of ['default', 'kube-system', 'kube-public']) {
      const r = server.kubectl(['delete', 'namespace', ns]);
      assert.equal(r.stderr.trim(), `Error from server (Forbidden): namespaces "${ns}" is forbidden: this namespace may not be deleted`);
    }
  });
});
