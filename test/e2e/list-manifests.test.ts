// `kind: List` manifests, as `kubectl get -o yaml` writes them: kubectl validates their items
// client-side against /openapi/v2 and creates, applies or replaces them one by one.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serverForSuite, type SuiteServer } from './server-harness.js';

const list = (items: string): string => `apiVersion: v1\nkind: List\nitems:\n${items}`;
const configMap = (name: string, extra = ''): string => `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${name}\n${extra}  data:\n    k: v\n`;

describe('kind: List manifests with the stock kubectl', () => {
  let server: SuiteServer;
  serverForSuite((s) => (server = s));

  test('create, apply and server-side apply -f of a List act on each item', () => {
    const manifest = list(configMap('first') + configMap('second'));
    const created = server.kubectl(['create', '-f', '-'], { input: manifest });
    assert.equal(created.status, 0, created.stderr);
    assert.equal(created.stdout, 'configmap/first created\nconfigmap/second created\n');
    const applied = server.kubectl(['apply', '--server-side', '-f', '-'], { input: manifest });
    assert.equal(applied.status, 0, applied.stderr);
    assert.equal(applied.stdout, 'configmap/first serverside-applied\nconfigmap/second serverside-applied\n');
  });

  test('get -o yaml piped back through replace -f replaces every object', () => {
    const all = server.kubectl(['get', 'configmaps', 'first', 'second', '-o', 'yaml']);
    assert.equal(all.status, 0, all.stderr);
    assert.match(all.stdout, /^apiVersion: v1\nitems:/);
    const replaced = server.kubectl(['replace', '-f', '-'], { input: all.stdout });
    assert.equal(replaced.status, 0, replaced.stderr);
    assert.equal(replaced.stdout, 'configmap/first replaced\nconfigmap/second replaced\n');
  });

  test('an unknown field in an item is still refused by the server, and nothing of that item is created', () => {
    const r = server.kubectl(['create', '-f', '-'], { input: list(configMap('third', '  bogus: 1\n')) });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "bogus"/);
    assert.notEqual(server.kubectl(['get', 'configmap', 'third']).status, 0);
  });
});
