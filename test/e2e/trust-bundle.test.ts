// ClusterTrustBundles with the real kubectl: the server publishes one per built-in signer holding
// its CA, users read them through either served version, and malformed bundles are refused.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serverForSuite, type TestServer } from './server-harness.js';
import { pollFor } from './harness.js';

let server: TestServer;

serverForSuite((s) => (server = s));

interface Bundle { metadata: { name: string }; spec: { signerName?: string; trustBundle: string } }

/** Polls until the publisher has written the bundle for `signerName` (it runs once at startup). */
async function bundleFor(signerName: string, version: string): Promise<Bundle> {
  const found = await pollFor(() => {
    const r = server.kubectl(['get', `clustertrustbundles.${version}.certificates.k8s.io`, '-o', 'json']);
    assert.equal(r.status, 0, r.stderr);
    return (JSON.parse(r.stdout) as { items: Bundle[] }).items.find((b) => b.spec.signerName === signerName);
  });
  assert.ok(found, `no ClusterTrustBundle for ${signerName}`);
  return found;
}

test('the kube-apiserver-client signer publishes its CA, readable through v1beta1 and v1alpha1', async () => {
  const ca = readFileSync(join(server.dataDir, 'ca.crt'), 'utf8');
  const beta = await bundleFor('kubernetes.io/kube-apiserver-client', 'v1beta1');
  assert.match(beta.metadata.name, /^kubernetes\.io:kube-apiserver-client:/);
  assert.equal(beta.spec.trustBundle.trim(), ca.trim());
  const alpha = await bundleFor('kubernetes.io/kube-apiserver-client', 'v1alpha1');
  assert.equal(alpha.metadata.name, beta.metadata.name);
});

test('a bundle named without its signer prefix or holding no certificate is refused with the field at fault', () => {
  const manifest = (name: string, bundle: string): string => `apiVersion: certificates.k8s.io/v1beta1
kind: ClusterTrustBundle
metadata:
  name: ${name}
spec:
  signerName: example.com/mysigner
  trustBundle: ${JSON.stringify(bundle)}
`;
  const ca = readFileSync(join(server.dataDir, 'ca.crt'), 'utf8');
  const badName = server.kubectl(['create', '-f', '-'], { input: manifest('mybundle', ca) });
  assert.notEqual(badName.status, 0);
  assert.match(badName.stderr, /must be named with prefix example\.com:mysigner:/);
  const badPem = server.kubectl(['create', '-f', '-'], { input: manifest('example.com:mysigner:one', 'not a certificate') });
  assert.notEqual(badPem.status, 0);
  assert.match(badPem.stderr, /spec\.trustBundle/);
  const ok = server.kubectl(['create', '-f', '-'], { input: manifest('example.com:mysigner:one', ca) });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /clustertrustbundle\.certificates\.k8s\.io\/example\.com:mysigner:one created/);
});
