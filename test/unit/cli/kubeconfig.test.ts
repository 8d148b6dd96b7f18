import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { mergeKubeconfig, renderKubeconfig, type KubeconfigSpec } from '../../../src/cli/kubeconfig.js';

const spec: KubeconfigSpec = { clusterName: 'kubernetes', server: 'https://127.0.0.1:7000', caPem: 'CA-PEM', userName: 'admin', clientCertPem: 'CERT', clientKeyPem: 'KEY', contextName: 'signet' };
const b64 = (s: string): string => Buffer.from(s).toString('base64');

test('without a file, or with one that is not YAML, the merge is the fresh kubeconfig', () => {
  assert.equal(mergeKubeconfig(undefined, spec), renderKubeconfig(spec));
  for (const text of [': not [yaml', '[1, 2]', 'kind: Pod\nclusters: []\n', 'clusters: 3\n']) assert.equal(mergeKubeconfig(text, spec), renderKubeconfig(spec), text);
});

test('a merge into the previous start\'s file changes only the server address', () => {
  const before = renderKubeconfig({ ...spec, server: 'https://127.0.0.1:6000' });
  assert.equal(mergeKubeconfig(before, spec), renderKubeconfig(spec));
});

test('users, contexts and clusters a user added stay; a cluster trusting the same CA follows the new address', () => {
  const before = parse(renderKubeconfig({ ...spec, server: 'https://127.0.0.1:6000' })) as Record<string, any>;
  before.clusters.push({ name: 'mine', cluster: { 'certificate-authority-data': b64('CA-PEM'), server: 'https://127.0.0.1:6000' } });
  before.clusters.push({ name: 'elsewhere', cluster: { 'certificate-authority-data': b64('OTHER'), server: 'https://10.0.0.1:6443' } });
  before.users.push({ name: 'myuser', user: { 'client-certificate-data': 'x' } });
  before.contexts.push({ name: 'myuser', context: { cluster: 'kubernetes', user: 'myuser' } });
  before['current-context'] = 'myuser';
  const after = parse(mergeKubeconfig(JSON.stringify(before), spec)) as Record<string, any>;
  const servers = Object.fromEntries(after.clusters.map((c: any) => [c.name, c.cluster.server]));
  assert.deepEqual(servers, { kubernetes: 'https://127.0.0.1:7000', mine: 'https://127.0.0.1:7000', elsewhere: 'https://10.0.0.1:6443' });
  assert.deepEqual(after.users.map((u: any) => u.name).sort(), ['admin', 'myuser']);
  assert.deepEqual(after.contexts.map((c: any) => c.name).sort(), ['myuser', 'signet']);
  assert.equal(after['current-context'], 'myuser');
});

test('a current context that no longer exists falls back to the server\'s', () => {
  const before = parse(renderKubeconfig(spec)) as Record<string, any>;
  before['current-context'] = 'gone';
  assert.equal((parse(mergeKubeconfig(JSON.stringify(before), spec)) as Record<string, any>)['current-context'], 'signet');
});
