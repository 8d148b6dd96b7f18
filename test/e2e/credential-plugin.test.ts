import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { createPrivateKey } from 'node:crypto';
import { Issuer, randomSerial } from '../../src/pki/issuer.js';
import { parseCertificatePem } from '../../src/pki/certificate.js';
import { decodePrivateKeyPem, publicKeyInfoOf } from '../../src/pki/keys.js';
import { buildName } from '../../src/pki/name.js';
import { encodePem } from '../../src/pki/pem.js';
import { resolveUsages } from '../../src/pki/usages.js';
import { serverForSuite, type SuiteServer } from './server-harness.js';
import { run, signetBin } from './harness.js';

const policy = `
approvalPolicies:
  - name: bob
    signerName: kubernetes.io/kube-apiserver-client
    requestors: {users: [admin, bob]}
    commonName: "^bob$"
    organizations: [qa]
    usages: [digital signature, client auth]
    maxDuration: 1h
`;

describe('signet credential keeps kubectl supplied with short-lived certificates', () => {
  let server: SuiteServer;
  let kubeconfig: string;
  let cache: string;
  serverForSuite((s) => (server = s), {}, policy);
  before(() => {
    kubeconfig = join(server.dir, 'bob.kubeconfig');
    cache = join(server.dir, 'bob-cache');
    const r = run(signetBin, ['user', 'kubeconfig', '--kubeconfig', server.kubeconfig, '--name', 'bob', '--group', 'qa', '--duration', '10m', '--cache', cache, '-o', kubeconfig]);
    assert.equal(r.status, 0, r.stderr);
    // Discovery as admin first, so the shared kubectl cache spares bob (who may read nothing) from it.
    assert.equal(server.kubectl(['get', 'csr']).status, 0);
  });

  // Every renewal (re)creates the request user=bob: count the creations a watch sees.
  let created = 0;
  let stopWatch: () => void = () => {};
  const requests = (): { length: number } => ({ length: created });
  before(() => {
    const config = readFileSync(server.kubeconfig, 'utf8');
    const field = (name: string): Buffer => Buffer.from(new RegExp(`${name}: (\\S+)`).exec(config)![1]!, 'base64');
    const req = httpsRequest({
      host: '127.0.0.1', port: server.port, ca: field('certificate-authority-data'), cert: field('client-certificate-data'), key: field('client-key-data'),
      path: '/apis/certificates.k8s.io/v1/certificatesigningrequests?watch=true&resourceVersion=0&fieldSelector=metadata.name%3Duser%5C%3Dbob',
    }, (res) => {
      let buf = '';
      res.on('data', (d: Buffer) => {
        buf += d.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          if ((JSON.parse(buf.slice(0, nl)) as { type: string }).type === 'ADDED') created++;
          buf = buf.slice(nl + 1);
        }
      });
    });
    req.on('error', () => {});
    req.end();
    stopWatch = () => req.destroy();
  });
  after(() => stopWatch());
  const settle = async (want: number): Promise<void> => {
    for (let i = 0; i < 50 && created < want; i++) await new Promise((r) => setTimeout(r, 100));
  };
  const asBob = () => server.kubectl(['get', 'csr'], { kubeconfig });

  /** Replaces the cached certificate by one for the same key issued `ageMs` ago, valid 15 minutes. */
  function ageCachedCertificate(ageMs: number): void {
    const ca = parseCertificatePem(readFileSync(join(server.dataDir, 'ca.crt'), 'utf8'));
    const issuer = new Issuer(ca, decodePrivateKeyPem(readFileSync(join(server.dataDir, 'ca.key'), 'utf8')));
    const from = Date.now() - ageMs;
    const u = resolveUsages(['digital signature', 'client auth']);
    const der = issuer.issue({
      serialNumber: randomSerial(), subject: buildName({ O: ['qa'], CN: 'bob' }).raw,
      publicKeyInfo: publicKeyInfoOf(createPrivateKey(readFileSync(join(cache, 'key.pem')))),
      notBefore: new Date(from), notAfter: new Date(from + 15 * 60_000), keyUsage: u.keyUsage, extKeyUsage: u.extKeyUsage, basicConstraints: { ca: false },
    });
    writeFileSync(join(cache, 'cert.pem'), encodePem('CERTIFICATE', der), { mode: 0o600 });
  }

  test('the first kubectl run gets a certificate through a request approved by policy, and is bob', async () => {
    const r = asBob();
    assert.match(r.stderr, /User "bob" cannot list resource "certificatesigningrequests"/);
    await settle(1);
    assert.equal(requests().length, 1);
  });

  test('a fresh certificate is reused: no new request', () => {
    asBob();
    asBob();
    assert.equal(requests().length, 1);
  });

  test('once two thirds of its lifetime have passed, the next run renews it', async () => {
    // Two thirds of 15 minutes: a certificate 11 minutes into its life is renewed.
    ageCachedCertificate(11 * 60_000);
    const r = asBob();
    assert.match(r.stderr, /User "bob" cannot list/);
    await settle(2);
    assert.equal(requests().length, 2);
  });

  test('ten kubectl runs started at once share one renewal', async () => {
    ageCachedCertificate(12 * 60_000);
    const runs = Array.from({ length: 10 }, () => new Promise<number | null>((resolve) => {
      const child = spawn('kubectl', ['get', 'csr'], { env: { ...process.env, HOME: join(server.dir, 'home'), KUBECACHEDIR: join(server.dir, 'home', 'cache'), KUBECONFIG: kubeconfig }, stdio: 'ignore' });
      const t = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('exit', (code) => {
        clearTimeout(t);
        resolve(code);
      });
    }));
    await Promise.all(runs);
    await settle(3);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(requests().length, 3);
  });
});
