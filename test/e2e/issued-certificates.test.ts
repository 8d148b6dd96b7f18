// The issued-certificate ledger with the stock kubectl: after a request is approved and signed,
// `kubectl get issuedcertificates --field-selector spec.username=NAME` finds its certificate by
// the serial openssl reads from it, the entry outlives the request, and kubectl can neither write
// nor delete it.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { serverForSuite, type SuiteServer } from './server-harness.js';
import { csrManifest, tableRows } from './kubectl-helpers.js';
import { openssl, opensslKeyAndCsr } from './csr-fixtures.js';
import type { Ran } from './harness.js';

function assertOk(r: Ran, what: string): string {
  assert.equal(r.status, 0, `${what}\n${r.stderr}`);
  return r.stdout;
}

describe('kubectl reads the issued-certificate ledger', () => {
  let server: SuiteServer;
  // Certificates name the server's CRL as their distribution point.
  serverForSuite((s) => (server = s), { extraArgs: ['--crl-url', 'https://ca.example.com:6443/'] });

  /** Has `cn` (in group devs) request, approve and receive a certificate; its serial as openssl prints it, in lower case. */
  async function issue(name: string, cn: string): Promise<string> {
    const { csrPem } = opensslKeyAndCsr(server.work, name, `/CN=${cn}/O=devs`);
    assertOk(server.kubectl(['apply', '-f', '-'], { input: csrManifest(name, Buffer.from(csrPem).toString('base64')) }), 'kubectl apply');
    assertOk(server.kubectl(['certificate', 'approve', name]), 'kubectl certificate approve');
    let certificate = '';
    for (let i = 0; i < 100 && certificate === ''; i++) {
      certificate = server.kubectl(['get', 'csr', name, '-o', 'jsonpath={.status.certificate}']).stdout.trim();
      if (certificate === '') await new Promise((r) => setTimeout(r, 100));
    }
    assert.notEqual(certificate, '', 'the certificate was issued');
    const certPath = `${server.work}/${name}.crt`;
    writeFileSync(certPath, Buffer.from(certificate, 'base64'));
    return openssl(['x509', '-in', certPath, '-noout', '-serial'], server.work).trim().replace(/^serial=/, '').toLowerCase().replace(/^(00)+(?=.)/, '');
  }

  test('the certificate is found by its user, with the serial openssl reads from it, and stays after the request is gone', async () => {
    const serial = await issue('ledger-dana', 'dana');
    await issue('ledger-erin', 'erin');
    const rows = tableRows(assertOk(server.kubectl(['get', 'issuedcertificates', '--field-selector', 'spec.username=dana']), 'kubectl get issuedcertificates'));
    assert.deepEqual(rows[0], ['NAME', 'USER', 'GROUPS', 'SIGNER', 'EXPIRES', 'REVOKED']);
    assert.equal(rows.length, 2, rows.map((r) => r.join(' ')).join('\n'));
    assert.deepEqual([rows[1]![0], rows[1]![1], rows[1]![2], rows[1]![3], rows[1]![5]], [serial, 'dana', 'devs', 'kubernetes.io/kube-apiserver-client', 'No']);
    assertOk(server.kubectl(['delete', 'csr', 'ledger-dana']), 'kubectl delete csr');
    const recorded = assertOk(server.kubectl(['get', 'issuedcert', serial, '-o', 'jsonpath={.spec.certificateSigningRequest.name} {.spec.requestor} {.spec.issuerKeyId}']), 'kubectl get issuedcert').split(' ');
    assert.deepEqual(recorded.slice(0, 2), ['ledger-dana', 'admin']);
    const text = openssl(['x509', '-in', `${server.work}/ledger-dana.crt`, '-noout', '-text'], server.work);
    assert.match(text, /X509v3 CRL Distribution Points:\s*\n\s*Full Name:\s*\n\s*URI:https:\/\/ca\.example\.com:6443\/crl\/kubernetes\.io\/kube-apiserver-client\n/);
    // The cluster CA's key identifier, as the certificate's authority key identifier names it.
    const caKeyId = openssl(['x509', '-in', `${server.dataDir}/ca.crt`, '-noout', '-ext', 'subjectKeyIdentifier'], server.work).split('\n')[1]!.trim().replace(/:/g, '').toLowerCase();
    assert.equal(recorded[2], caKeyId);
  });

  test('kubectl can neither create nor delete an entry: 405 and the retention 403', async () => {
    const serial = await issue('ledger-frank', 'frank');
    const manifest = ['apiVersion: certificates.signet.dev/v1alpha1', 'kind: IssuedCertificate', 'metadata:', '  name: forged', 'spec:',
      '  serialNumber: forged', '  signerName: example.com/x', '  username: mallory', "  notBefore: '2026-01-01T00:00:00Z'", "  notAfter: '2027-01-01T00:00:00Z'", ''].join('\n');
    const created = server.kubectl(['create', '-f', '-'], { input: manifest });
    assert.notEqual(created.status, 0);
    assert.match(created.stderr, /MethodNotAllowed|not supported/);
    const deleted = server.kubectl(['delete', 'issuedcertificate', serial]);
    assert.notEqual(deleted.status, 0);
    assert.match(deleted.stderr, new RegExp(`Error from server \\(Forbidden\\): issuedcertificates.certificates.signet.dev "${serial}" is forbidden: the ledger keeps it until \\S+Z, 72h after the certificate expires`));
  });
});
