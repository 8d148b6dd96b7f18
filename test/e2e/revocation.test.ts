// Revocation with the stock kubectl and real client certificates: a CertificateRevocation made
// with `kubectl create -f` takes a certificate back at once (its next request is 401, keep-alive or
// not) while the user's other certificate and the admin go on working; by request name after the
// request is gone; by user name, every unexpired certificate of that CN; refused (403) without
// `revoke` on the signer; and final (no update, no delete).

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Ran } from './harness.js';
import { serverForSuite, startServer, type SuiteServer, type TestServer } from './server-harness.js';
import { csrManifest, hasWatchStarted, shellLine, spawnKubectl, tableRows } from './kubectl-helpers.js';
import { httpsRequest, kubeconfigCredentials, openssl, opensslKeyAndCsr } from './csr-fixtures.js';
import { awaitOutcome, certificatePem } from './signer-helpers.js';

function assertOk(r: Ran, what: string): string {
  assert.equal(r.status, 0, `${what}\n${r.stderr}`);
  return r.stdout;
}

const unauthorized = 'error: You must be logged in to the server (Unauthorized)';

function revocation(name: string, selector: Record<string, string>): string {
  return ['apiVersion: certificates.signet.dev/v1alpha1', 'kind: CertificateRevocation', 'metadata:', `  name: ${name}`, 'spec:',
    ...Object.entries(selector).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`), ''].join('\n');
}

/** A certificate for `cn` issued through kubectl, as a kubectl context of its own; its serial as the ledger names it. */
async function issueCredential(server: TestServer, work: string, context: string, cn: string): Promise<string> {
  const { csrPem } = opensslKeyAndCsr(work, context, `/CN=${cn}/O=devs`);
  assertOk(server.kubectl(['apply', '-f', '-'], { input: csrManifest(context, Buffer.from(csrPem).toString('base64'), { expirationSeconds: 86400 }) }), 'kubectl apply csr');
  assertOk(server.kubectl(['certificate', 'approve', context]), 'kubectl certificate approve');
  writeFileSync(join(work, `${context}.crt`), certificatePem(await awaitOutcome(server, context)));
  for (const line of [
    `kubectl config set-credentials ${context} --client-key=${context}.key --client-certificate=${context}.crt --embed-certs=true`,
    `kubectl config set-context ${context} --cluster=kubernetes --user=${context}`,
  ]) assertOk(shellLine(server, line, work), line);
  return openssl(['x509', '-in', join(work, `${context}.crt`), '-noout', '-serial'], work).trim().replace(/^serial=/, '').toLowerCase().replace(/^(00)+(?=.)/, '');
}

describe('kubectl revokes certificates', () => {
  let server: SuiteServer;
  serverForSuite((s) => (server = s));

  const credential = (context: string, cn: string): Promise<string> => issueCredential(server, server.work, context, cn);
  const as = (context: string, args: readonly string[]): Ran => server.kubectl(['--context', context, ...args]);

  let ginaSerial = '';
  let kimSerial = '';
  let ivySerial = '';
  before(async () => {
    ginaSerial = await credential('gina-laptop', 'gina');
    kimSerial = await credential('kim', 'kim');
    await credential('gina-desktop', 'gina');
    await credential('hal', 'hal');
    ivySerial = await credential('ivy', 'ivy');
    for (const context of ['gina-laptop', 'gina-desktop', 'hal', 'ivy', 'kim']) assertOk(as(context, ['auth', 'whoami']), `${context} before any revocation`);
  });

  test('by serial: that certificate is refused from the next request, the same user\'s other one and the admin are not', () => {
    // openssl prints the serial in upper case; the revocation takes it as printed.
    const created = server.kubectl(['create', '-f', '-'], { input: revocation('gina-laptop-lost', { serialNumber: ginaSerial.toUpperCase(), reason: 'keyCompromise' }) });
    assert.equal(assertOk(created, 'kubectl create revocation').trim(), 'certificaterevocation.certificates.signet.dev/gina-laptop-lost created');
    const refused = as('gina-laptop', ['auth', 'whoami']);
    assert.equal(refused.status, 1);
    assert.equal(refused.stderr.trim(), unauthorized);
    assert.match(assertOk(as('gina-desktop', ['auth', 'whoami']), 'the other certificate'), /gina/);
    assertOk(server.kubectl(['get', 'csr']), 'admin');
    const row = tableRows(assertOk(server.kubectl(['get', 'issuedcert', ginaSerial]), 'get issuedcert'))[1]!;
    assert.equal(row.at(-1), 'Yes');
    const status = assertOk(server.kubectl(['get', 'certrev', 'gina-laptop-lost', '-o', 'jsonpath={.status.revoked[*].serialNumber}']), 'get certrev');
    assert.equal(status, ginaSerial);
  });

  test('a watch open with a certificate ends when the certificate is revoked', async () => {
    for (const line of [
      'kubectl create clusterrole csr-watcher --verb=get,list,watch --resource=certificatesigningrequests',
      'kubectl create clusterrolebinding csr-watcher --clusterrole=csr-watcher --user=kim',
    ]) assertOk(shellLine(server, line, server.work), line);
    const watch = spawnKubectl(server, ['--context', 'kim', 'get', 'csr', '-w', '-v=6'], { maxMs: 60_000 });
    try {
      await watch.waitFor('the watch request', ({ stderr }) => hasWatchStarted(stderr));
      assertOk(server.kubectl(['create', '-f', '-'], { input: revocation('kim-watch', { serialNumber: kimSerial }) }), 'revoke kim');
      const exit = await watch.waitForExit(20_000);
      assert.deepEqual(exit, { code: 0, signal: null }, `kubectl stderr:\n${watch.stderr()}`);
      assert.equal(as('kim', ['get', 'csr']).stderr.trim(), unauthorized);
    } finally {
      await watch.stop();
    }
  });

  test('by request name after the request is gone, and by user name across every certificate of that CN', () => {
    assertOk(server.kubectl(['delete', 'csr', 'hal']), 'delete csr hal');
    assertOk(server.kubectl(['create', '-f', '-'], { input: revocation('hal-left', { certificateSigningRequestName: 'hal', reason: 'affiliationChanged' }) }), 'revoke by csr name');
    assert.equal(as('hal', ['get', 'csr']).stderr.trim(), unauthorized);
    assertOk(server.kubectl(['create', '-f', '-'], { input: revocation('gina-gone', { username: 'gina' }) }), 'revoke by username');
    assert.equal(as('gina-desktop', ['auth', 'whoami']).stderr.trim(), unauthorized);
    assertOk(as('ivy', ['auth', 'whoami']), 'ivy is untouched');
    const none = server.kubectl(['create', '-f', '-'], { input: revocation('nobody', { username: 'nobody-at-all' }) });
    assert.notEqual(none.status, 0);
    assert.match(none.stderr, /no issued certificate in the ledger matches/);
  });

  test('the signer\'s CRL, fetched without credentials: openssl verifies it and refuses exactly the revoked certificates', async () => {
    const { ca } = kubeconfigCredentials(server.kubeconfig);
    const crl = async (signer: string): Promise<{ status: number; body: string; type: string }> => {
      const r = await httpsRequest({ port: server.port, ca, method: 'GET', path: `/crl/${signer}?format=pem` });
      return { status: r.status, body: r.body, type: String(r.headers['content-type']) };
    };
    const first = await crl('kubernetes.io/kube-apiserver-client');
    assert.equal(first.status, 200, first.body);
    assert.equal(first.type, 'application/x-pem-file');
    writeFileSync(join(server.work, 'ca.pem'), ca);
    writeFileSync(join(server.work, 'client.crl'), first.body);
    // Fails (and throws) unless the CRL's signature verifies with the cluster CA.
    openssl(['crl', '-in', 'client.crl', '-CAfile', 'ca.pem', '-noout'], server.work);
    writeFileSync(join(server.work, 'ca-and-crl.pem'), Buffer.concat([ca, Buffer.from(first.body)]));
    const verify = (cert: string): Ran => shellLine(server, `openssl verify -crl_check -CAfile ca-and-crl.pem -purpose sslclient ${cert}`, server.work);
    const refused = verify('gina-laptop.crt');
    assert.equal(refused.status, 2, refused.stdout + refused.stderr);
    assert.match(refused.stdout + refused.stderr, /error 23 at 0 depth lookup: certificate revoked/);
    assert.equal(verify('ivy.crt').status, 0);
    const number = (text: string): bigint => {
      writeFileSync(join(server.work, 'n.crl'), text);
      return BigInt(openssl(['crl', '-in', 'n.crl', '-noout', '-crlnumber'], server.work).trim().replace(/^crlNumber=/, ''));
    };
    assertOk(server.kubectl(['create', '-f', '-'], { input: revocation('hal-again', { username: 'hal', reason: 'superseded' }) }), 'another revocation');
    const second = await crl('kubernetes.io/kube-apiserver-client');
    assert.ok(number(second.body) > number(first.body), 'the CRL number grows with each new list');
    assert.equal((await crl('example.com/unknown')).status, 404);
  });

  test('without revoke on the signer: 403 with the signer named, except for a certificate revoking itself; a revocation is not deleted while its certificate could be used', () => {
    // Every authenticated user may ask (create); taking back someone else's certificate needs revoke on its signer.
    const denied = server.kubectl(['--context', 'ivy', 'create', '-f', '-'], { input: revocation('by-ivy', { username: 'kim' }) });
    assert.notEqual(denied.status, 0);
    assert.equal(denied.stderr.trim(), 'Error from server (Forbidden): error when creating "STDIN": certificaterevocations.certificates.signet.dev "by-ivy" is forbidden: user not permitted to revoke certificates with signerName "kubernetes.io/kube-apiserver-client"');
    assertOk(as('ivy', ['auth', 'whoami']), 'ivy is still valid');
    const deleted = server.kubectl(['delete', 'certrev', 'gina-laptop-lost']);
    assert.notEqual(deleted.status, 0);
    assert.match(deleted.stderr, /Error from server \(Forbidden\): certificaterevocations.certificates.signet.dev "gina-laptop-lost" is forbidden: revocation is final: it stays until \S+Z, 72h after the certificate expires/);
    assert.equal(as('gina-laptop', ['auth', 'whoami']).stderr.trim(), unauthorized);
    // Her own certificate, authenticated by it: create alone is enough.
    const own = server.kubectl(['--context', 'ivy', 'create', '-f', '-'], { input: revocation('ivy-herself', { serialNumber: ivySerial, reason: 'keyCompromise' }) });
    assert.equal(assertOk(own, 'self-revocation').trim(), 'certificaterevocation.certificates.signet.dev/ivy-herself created');
    assert.equal(as('ivy', ['auth', 'whoami']).stderr.trim(), unauthorized);
  });
});

describe('a revocation after a restart', () => {
  test('is in force from the first request the restarted server answers', async () => {
    const first = await startServer();
    let second: TestServer | undefined;
    try {
      const work = join(first.dir, 'work');
      mkdirSync(work);
      const serial = await issueCredential(first, work, 'lee', 'lee');
      await issueCredential(first, work, 'mia', 'mia');
      assertOk(first.kubectl(['create', '-f', '-'], { input: revocation('lee-gone', { serialNumber: serial }) }), 'revoke lee');
      await first.stop();
      second = await startServer({ reuse: { dir: first.dir }, dataDir: first.dataDir, extraArgs: ['--controllers=false'] });
      assertOk(second.kubectl(['get', 'certrev', 'lee-gone']), 'the admin after the restart');
      const refused = second.kubectl(['--context', 'lee', 'auth', 'whoami']);
      assert.equal(refused.stderr.trim(), unauthorized);
      assert.match(assertOk(second.kubectl(['--context', 'mia', 'auth', 'whoami']), 'a certificate nobody revoked'), /mia/);
    } finally {
      await second?.stop();
      first.cleanup();
    }
  });
});
