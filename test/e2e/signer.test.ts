// The signing controller end to end: requests made by the real openssl, created and approved with
// the real kubectl, issued (or failed) by `signet serve`'s in-process controller, and the issued
// certificates read back with `openssl x509 -text` and checked with `openssl verify`.
// Expectations follow Kubernetes' csrsigning controller (k8s-csr-spec §5): the policies and
// messages of pkg/controller/certificates/signer/signer.go, the contents written by
// .../authority/{authority,policies}.go through Go's crypto/x509, and the validity rules.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serverForSuite, startServer, type SuiteServer, type TestServer } from './server-harness.js';
import { csrManifest, seed001ApplyLine, seed001RequestLine, shellLine } from './kubectl-helpers.js';
import { csrCollection } from './csr-fixtures.js';
import { openssl } from './openssl-text.js';
import {
  approveAwait, assertIssued, assertRan, awaitOutcome, backdateMs, certificatePem, clientAuthEku, clientSigner, conditionCell,
  day, failedConditions, hour, inspectIssued, kubeletClientSigner, kubeletServingSigner, makeRequest, minute, readCsr, runCases,
  serverAuthEku, serverCa, submitApproveAwait, type CaFacts, type CsrJson, type Outcome, type SignerCase,
} from './signer-helpers.js';

const nodeSubject = '/O=system:nodes/CN=system:node:worker-0';
const nodeSubjectText = 'O = system:nodes, CN = system:node:worker-0';

/** The cases of a server with the defaults: P-256 CA, --cluster-signing-duration 8760h. */
const defaultServerCases: Record<string, SignerCase> = {
  'kube-apiserver-client: CN=myuser with O=devs and O=ops, client auth, 600 s is issued for 15 minutes with both O in one RDN': {
    request: { subject: '/CN=myuser/O=devs/O=ops' },
    signerName: clientSigner,
    usages: ['client auth'],
    expirationSeconds: 600,
    // Go writes all O values as one multi-valued RDN, a DER SET OF sorted by encoding: "ops"
    // encodes shorter than "devs" (length octet 0x0a < 0x0b), so it comes first.
    // A TTL under 8 h is not shortened by the backdate: 600 s + 5 min.
    expect: { issued: { subject: 'O = ops + O = devs, CN = myuser', extKeyUsage: clientAuthEku, spanMs: 15 * minute } },
  },
  'kube-apiserver-client: digital signature, key encipherment, client auth without expirationSeconds is issued for exactly 365 days with a critical Key Usage': {
    request: { subject: '/CN=myuser/O=devs/O=ops', key: 'rsa-2048' },
    signerName: clientSigner,
    usages: ['digital signature', 'key encipherment', 'client auth'],
    expect: {
      issued: { subject: 'O = ops + O = devs, CN = myuser', keyUsage: 'Digital Signature, Key Encipherment', extKeyUsage: clientAuthEku, spanMs: 365 * day },
    },
  },
  'kube-apiserver-client: an expirationSeconds of exactly 8 h is a long TTL and gives exactly 8 h': {
    request: { subject: '/CN=eight-hours' },
    signerName: clientSigner,
    usages: ['client auth'],
    expirationSeconds: 8 * 3600,
    expect: { issued: { subject: 'CN = eight-hours', extKeyUsage: clientAuthEku, spanMs: 8 * hour } },
  },
  'kube-apiserver-client: an expirationSeconds one second under 8 h is a short TTL and gets the 5 minutes on top': {
    request: { subject: '/CN=just-under-eight-hours' },
    signerName: clientSigner,
    usages: ['client auth'],
    expirationSeconds: 8 * 3600 - 1,
    expect: { issued: { subject: 'CN = just-under-eight-hours', extKeyUsage: clientAuthEku, spanMs: 8 * hour - 1000 + backdateMs } },
  },
  'kube-apiserver-client: an expirationSeconds above the signing duration is capped to it (365 days)': {
    request: { subject: '/CN=two-years' },
    signerName: clientSigner,
    usages: ['client auth'],
    expirationSeconds: 2 * 365 * 86400,
    expect: { issued: { subject: 'CN = two-years', extKeyUsage: clientAuthEku, spanMs: 365 * day } },
  },
  "kube-apiserver-client: SANs of every kind are copied in Go's order (DNS, email, IP, URI)": {
    request: {
      subject: '/CN=with-sans',
      addext: ['subjectAltName=URI:spiffe://example.org/ns/a/sa/b,IP:10.0.0.1,email:me@example.org,DNS:z.example.org,IP:fd00::1,DNS:a.example.org'],
    },
    signerName: clientSigner,
    usages: ['client auth'],
    expirationSeconds: 3600,
    expect: {
      issued: {
        subject: 'CN = with-sans',
        extKeyUsage: clientAuthEku,
        sans: 'DNS:z.example.org, DNS:a.example.org, email:me@example.org, IP Address:10.0.0.1, IP Address:FD00:0:0:0:0:0:0:1, URI:spiffe://example.org/ns/a/sa/b',
        spanMs: hour + backdateMs,
      },
    },
  },
  'kube-apiserver-client: extensions the request asks for (CA:TRUE, keyCertSign, serverAuth) are discarded': {
    request: {
      subject: '/CN=wants-to-be-a-ca',
      addext: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign', 'extendedKeyUsage=serverAuth'],
    },
    signerName: clientSigner,
    usages: ['client auth'],
    expirationSeconds: 600,
    expect: { issued: { subject: 'CN = wants-to-be-a-ca', extKeyUsage: clientAuthEku, spanMs: 15 * minute } },
  },
  "kube-apiserver-client: the subject is re-encoded as Go does: its attribute order, emailAddress dropped, the last CN kept": {
    request: { subject: '/CN=first/emailAddress=me@example.org/OU=team/O=acme/C=DE/CN=last' },
    signerName: clientSigner,
    usages: ['client auth'],
    expirationSeconds: 600,
    expect: { issued: { subject: 'C = DE, O = acme, OU = team, CN = last', extKeyUsage: clientAuthEku, spanMs: 15 * minute } },
  },
  'kube-apiserver-client: a server auth usage fails with SignerValidationFailure': {
    request: { subject: '/CN=myuser' },
    signerName: clientSigner,
    usages: ['server auth', 'client auth'],
    expect: { failed: 'invalid usage for client certificate: server auth' },
  },
  'kube-apiserver-client: the first usage outside the client set is the one named': {
    request: { subject: '/CN=myuser' },
    signerName: clientSigner,
    usages: ['client auth', 'code signing', 'server auth'],
    expect: { failed: 'invalid usage for client certificate: code signing' },
  },
  'kube-apiserver-client: without client auth it fails with the missing usage': {
    request: { subject: '/CN=myuser' },
    signerName: clientSigner,
    usages: ['digital signature', 'key encipherment'],
    expect: { failed: 'missing required usage for client certificate: client auth' },
  },

  'kube-apiserver-client-kubelet: O=system:nodes, CN=system:node:worker-0, ECDSA key, digital signature and client auth is issued': {
    request: { subject: nodeSubject },
    signerName: kubeletClientSigner,
    usages: ['digital signature', 'client auth'],
    expect: { issued: { subject: nodeSubjectText, keyUsage: 'Digital Signature', extKeyUsage: clientAuthEku, spanMs: 365 * day } },
  },
  'kube-apiserver-client-kubelet: an RSA key with the three usages in any order is issued': {
    request: { subject: '/O=system:nodes/CN=system:node:worker-1', key: 'rsa-2048' },
    signerName: kubeletClientSigner,
    usages: ['client auth', 'key encipherment', 'digital signature'],
    expirationSeconds: 86400,
    expect: {
      issued: {
        subject: 'O = system:nodes, CN = system:node:worker-1', keyUsage: 'Digital Signature, Key Encipherment', extKeyUsage: clientAuthEku, spanMs: day,
      },
    },
  },
  'kube-apiserver-client-kubelet: O=devs fails as not system:nodes': {
    request: { subject: '/O=devs/CN=system:node:worker-0' },
    signerName: kubeletClientSigner,
    usages: ['digital signature', 'client auth'],
    expect: { failed: 'subject organization is not system:nodes' },
  },
  'kube-apiserver-client-kubelet: system:nodes plus another O fails as not system:nodes': {
    request: { subject: '/O=system:nodes/O=devs/CN=system:node:worker-0' },
    signerName: kubeletClientSigner,
    usages: ['digital signature', 'client auth'],
    expect: { failed: 'subject organization is not system:nodes' },
  },
  'kube-apiserver-client-kubelet: the organization is checked before the SANs': {
    request: { subject: '/O=devs/CN=system:node:worker-0', addext: ['subjectAltName=DNS:worker-0'] },
    signerName: kubeletClientSigner,
    usages: ['digital signature', 'client auth'],
    expect: { failed: 'subject organization is not system:nodes' },
  },
  'kube-apiserver-client-kubelet: a DNS SAN fails': {
    request: { subject: nodeSubject, addext: ['subjectAltName=DNS:worker-0'] },
    signerName: kubeletClientSigner,
    usages: ['digital signature', 'client auth'],
    expect: { failed: 'DNS subjectAltNames are not allowed' },
  },
  'kube-apiserver-client-kubelet: an email SAN fails': {
    request: { subject: nodeSubject, addext: ['subjectAltName=email:node@example.org'] },
    signerName: kubeletClientSigner,
    usages: ['digital signature', 'client auth'],
    expect: { failed: 'Email subjectAltNames are not allowed' },
  },
  'kube-apiserver-client-kubelet: an IP SAN fails': {
    request: { subject: nodeSubject, addext: ['subjectAltName=IP:10.0.0.7'] },
    signerName: kubeletClientSigner,
    usages: ['digital signature', 'client auth'],
    expect: { failed: 'IP subjectAltNames are not allowed' },
  },
  'kube-apiserver-client-kubelet: a URI SAN fails': {
    request: { subject: nodeSubject, addext: ['subjectAltName=URI:spiffe://example.org/node'] },
    signerName: kubeletClientSigner,
    usages: ['digital signature', 'client auth'],
    expect: { failed: 'URI subjectAltNames are not allowed' },
  },
  'kube-apiserver-client-kubelet: a CN without the system:node: prefix fails': {
    request: { subject: '/O=system:nodes/CN=worker-0' },
    signerName: kubeletClientSigner,
    usages: ['digital signature', 'client auth'],
    expect: { failed: 'subject common name does not begin with system:node:' },
  },
  'kube-apiserver-client-kubelet: client auth alone does not match the kubelet usages': {
    request: { subject: nodeSubject },
    signerName: kubeletClientSigner,
    usages: ['client auth'],
    expect: { failed: 'usages did not match [client auth digital signature key encipherment]' },
  },

  "kubelet-serving: DNS and IP SANs with digital signature, key encipherment, server auth are issued with the SANs in Go's order": {
    request: { subject: nodeSubject, key: 'rsa-2048', addext: ['subjectAltName=IP:10.0.0.7,DNS:worker-0.example.internal,IP:fd00::7,DNS:worker-0'] },
    signerName: kubeletServingSigner,
    usages: ['digital signature', 'key encipherment', 'server auth'],
    expect: {
      issued: {
        subject: nodeSubjectText,
        keyUsage: 'Digital Signature, Key Encipherment',
        extKeyUsage: serverAuthEku,
        sans: 'DNS:worker-0.example.internal, DNS:worker-0, IP Address:10.0.0.7, IP Address:FD00:0:0:0:0:0:0:7',
        spanMs: 365 * day,
      },
    },
  },
  'kubelet-serving: an ECDSA key with digital signature and server auth and only an IP SAN is issued': {
    request: { subject: nodeSubject, addext: ['subjectAltName=IP:10.0.0.8'] },
    signerName: kubeletServingSigner,
    usages: ['server auth', 'digital signature'],
    expect: { issued: { subject: nodeSubjectText, keyUsage: 'Digital Signature', extKeyUsage: serverAuthEku, sans: 'IP Address:10.0.0.8', spanMs: 365 * day } },
  },
  'kubelet-serving: without SANs it fails as a DNS or IP SAN is required': {
    request: { subject: nodeSubject },
    signerName: kubeletServingSigner,
    usages: ['digital signature', 'key encipherment', 'server auth'],
    expect: { failed: 'DNS or IP subjectAltName is required' },
  },
  'kubelet-serving: O=devs fails as not system:nodes': {
    request: { subject: '/O=devs/CN=system:node:worker-0', addext: ['subjectAltName=DNS:worker-0'] },
    signerName: kubeletServingSigner,
    usages: ['digital signature', 'key encipherment', 'server auth'],
    expect: { failed: 'subject organization is not system:nodes' },
  },
  'kubelet-serving: an email SAN next to a DNS SAN fails': {
    request: { subject: nodeSubject, addext: ['subjectAltName=DNS:worker-0,email:node@example.org'] },
    signerName: kubeletServingSigner,
    usages: ['digital signature', 'key encipherment', 'server auth'],
    expect: { failed: 'Email subjectAltNames are not allowed' },
  },
  'kubelet-serving: a URI SAN next to an IP SAN fails': {
    request: { subject: nodeSubject, addext: ['subjectAltName=IP:10.0.0.7,URI:spiffe://example.org/node'] },
    signerName: kubeletServingSigner,
    usages: ['digital signature', 'key encipherment', 'server auth'],
    expect: { failed: 'URI subjectAltNames are not allowed' },
  },
  'kubelet-serving: client auth among the usages does not match the serving usages': {
    request: { subject: nodeSubject, addext: ['subjectAltName=DNS:worker-0'] },
    signerName: kubeletServingSigner,
    usages: ['digital signature', 'key encipherment', 'server auth', 'client auth'],
    expect: { failed: 'usages did not match [digital signature key encipherment server auth]' },
  },
  'kubelet-serving: the usages are checked before the common name': {
    request: { subject: '/O=system:nodes/CN=worker-0', addext: ['subjectAltName=DNS:worker-0'] },
    signerName: kubeletServingSigner,
    usages: ['server auth'],
    expect: { failed: 'usages did not match [digital signature key encipherment server auth]' },
  },
  'kubelet-serving: a CN without the system:node: prefix fails last': {
    request: { subject: '/O=system:nodes/CN=worker-0', addext: ['subjectAltName=DNS:worker-0'] },
    signerName: kubeletServingSigner,
    usages: ['digital signature', 'server auth'],
    expect: { failed: 'subject common name does not begin with system:node:' },
  },
};

/** Seed 001's v1beta1 heredoc (no signerName), with the request made as the seed makes it. */
const seed001Line = `${seed001RequestLine} && ${seed001ApplyLine}`;

describe('the signer on a server with the defaults (P-256 CA, 365-day signing duration)', () => {
  let server: SuiteServer;
  let ca: CaFacts;
  serverForSuite((s) => (server = s));
  before(async () => {
    ca = serverCa(server, 'ecdsa-with-SHA256');
  });

  runCases(defaultServerCases, () => ({ server, dir: server.work, ca }));

  test('usages with client auth twice are rejected at create with 422 Duplicate value, so never reach the signer', async () => {
    const req = makeRequest(server.work, 'dup-usages', { subject: '/CN=dup' });
    const r = server.kubectl(['create', '-f', '-'], { input: csrManifest('dup-usages', req.requestB64, { usages: ['client auth', 'client auth'] }) });
    assert.notEqual(r.status, 0);
    assert.equal(r.stderr.trim(), 'The CertificateSigningRequest "dup-usages" is invalid: spec.usages[1]: Duplicate value: "client auth"');
    const body = {
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name: 'dup-usages' },
      spec: { request: req.requestB64, signerName: clientSigner, usages: ['client auth', 'digital signature', 'client auth'] },
    };
    const a = await server.fetch('POST', csrCollection, { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
    assert.equal(a.status, 422, a.body);
    const status = JSON.parse(a.body) as { reason: string; message: string; details: { causes: unknown[] } };
    assert.equal(status.reason, 'Invalid');
    assert.equal(status.message, 'CertificateSigningRequest.certificates.k8s.io "dup-usages" is invalid: spec.usages[2]: Duplicate value: "client auth"');
    assert.deepEqual(status.details.causes, [{ reason: 'FieldValueDuplicate', message: 'Duplicate value: "client auth"', field: 'spec.usages[2]' }]);
    assert.equal((await server.fetch('GET', `${csrCollection}/dup-usages`)).status, 404);
  });

  describe('requests the controller must leave alone', () => {
    // All are set up first; then a request the signer does handle is issued after them, and at
    // least 2 s pass since the last approval: a bounded observation, not a proof of "never".
    const made = (name: string): string => makeRequest(server.work, name, { subject: `/CN=${name}` }).requestB64;
    const apply = (manifest: string): void => assertRan(server.kubectl(['apply', '-f', '-'], { input: manifest }), 'kubectl apply');
    const approve = (name: string): void => assertRan(server.kubectl(['certificate', 'approve', name]), `kubectl certificate approve ${name}`);
    /** Writes `status` through /status, as an external signer would. */
    const writeStatus = async (name: string, status: NonNullable<CsrJson['status']>): Promise<void> => {
      const csr = await readCsr(server, name);
      const r = await server.fetch('PUT', `${csrCollection}/${name}/status`, {
        body: JSON.stringify({ ...csr, status: { ...csr.status, ...status } }), headers: { 'Content-Type': 'application/json' },
      });
      assert.equal(r.status, 200, r.body);
    };
    const externalFailure: [string, string, string] = ['True', 'ExternalSignerError', 'refused by the external signer'];
    const caPem = (): string => readFileSync(join(server.dataDir, 'ca.crt'), 'latin1');
    const cases: Record<string, { name: string; setup: () => Promise<void>; condition: string; failed?: [string, string, string][]; certificate?: () => string }> = {
      'an approved request for a custom signer name (example.com/my-signer) is neither issued nor failed': {
        name: 'custom-signer',
        setup: async () => {
          apply(csrManifest('custom-signer', made('custom-signer'), { signerName: 'example.com/my-signer' }));
          approve('custom-signer');
        },
        condition: 'Approved',
      },
      'an approved request for an unknown kubernetes.io signer name is neither issued nor failed': {
        name: 'unknown-kubernetes-signer',
        setup: async () => {
          apply(csrManifest('unknown-kubernetes-signer', made('unknown-kubernetes-signer'), { signerName: 'kubernetes.io/my-signer' }));
          approve('unknown-kubernetes-signer');
        },
        condition: 'Approved',
      },
      'a denied request is never issued': {
        name: 'denied',
        setup: async () => {
          apply(csrManifest('denied', made('denied')));
          assertRan(server.kubectl(['certificate', 'deny', 'denied']), 'kubectl certificate deny');
        },
        condition: 'Denied',
      },
      'a request nobody approved is never issued': {
        name: 'pending',
        setup: async () => apply(csrManifest('pending', made('pending'))),
        condition: 'Pending',
      },
      "seed 001's v1beta1 request (kubernetes.io/legacy-unknown) is not signed without --sign-legacy-unknown": {
        name: 'user=jean.doe',
        setup: async () => {
          assertRan(shellLine(server, seed001Line, server.work), "seed 001's openssl and kubectl apply");
          approve('user=jean.doe');
        },
        condition: 'Approved',
      },
      'a request that already has a Failed condition when approved is neither signed nor failed again': {
        name: 'failed-before-approval',
        setup: async () => {
          apply(csrManifest('failed-before-approval', made('failed-before-approval')));
          await writeStatus('failed-before-approval', {
            conditions: [{ type: 'Failed', status: externalFailure[0], reason: externalFailure[1], message: externalFailure[2] }],
          });
          approve('failed-before-approval');
        },
        condition: 'Approved,Failed',
        failed: [externalFailure],
      },
      'a request that already carries a certificate when approved keeps it': {
        name: 'issued-elsewhere',
        setup: async () => {
          apply(csrManifest('issued-elsewhere', made('issued-elsewhere')));
          await writeStatus('issued-elsewhere', { certificate: Buffer.from(caPem()).toString('base64') });
          approve('issued-elsewhere');
        },
        condition: 'Approved,Issued',
        certificate: caPem,
      },
    };
    before(async () => {
      for (const c of Object.values(cases)) await c.setup();
      const lastApproval = Date.now();
      const sentinel = await submitApproveAwait(server, server.work, 'sentinel', { request: { subject: '/CN=sentinel' }, signerName: clientSigner, usages: ['client auth'] });
      assert.notEqual(sentinel.csr.status?.certificate ?? '', '', 'the sentinel request is issued');
      const rest = 2_000 - (Date.now() - lastApproval);
      if (rest > 0) await new Promise((r) => setTimeout(r, rest));
    });

    for (const [title, c] of Object.entries(cases)) {
      test(title, async () => {
        const csr = await readCsr(server, c.name);
        assert.equal(certificatePem(csr), c.certificate?.() ?? '', 'the certificate');
        assert.deepEqual(failedConditions(csr), c.failed ?? [], 'the Failed conditions');
        assert.equal(conditionCell(server, c.name), c.condition);
      });
    }
  });
});

describe('the signer with --cluster-signing-duration=2h and an RSA CA', () => {
  let server: SuiteServer;
  let ca: CaFacts;
  serverForSuite((s) => (server = s), { extraArgs: ['--cluster-signing-duration=2h', '--ca-key-type=rsa-2048'] });
  before(async () => {
    ca = serverCa(server, 'sha256WithRSAEncryption');
  });

  const usages = ['digital signature', 'key encipherment', 'client auth'];
  const issued = (cn: string, spanMs: number): SignerCase['expect'] => ({
    issued: { subject: `CN = ${cn}`, keyUsage: 'Digital Signature, Key Encipherment', extKeyUsage: clientAuthEku, spanMs },
  });
  runCases({
    // 2 h is a short TTL (under 8 h): NotAfter = now + 2 h, NotBefore = now − 5 min.
    'without expirationSeconds the certificate is valid 2 h plus the 5-minute backdate': {
      request: { subject: '/CN=default-ttl' }, signerName: clientSigner, usages, expect: issued('default-ttl', 2 * hour + backdateMs),
    },
    'an expirationSeconds of a day is capped to the 2 h signing duration': {
      request: { subject: '/CN=capped' }, signerName: clientSigner, usages, expirationSeconds: 86400, expect: issued('capped', 2 * hour + backdateMs),
    },
    'an expirationSeconds of an hour is honoured': {
      request: { subject: '/CN=one-hour' }, signerName: clientSigner, usages, expirationSeconds: 3600, expect: issued('one-hour', hour + backdateMs),
    },
  }, () => ({ server, dir: server.work, ca }));
});

describe('the signer with --cluster-signing-duration=5m (below the 10-minute floor)', () => {
  let server: SuiteServer;
  let ca: CaFacts;
  serverForSuite((s) => (server = s), { extraArgs: ['--cluster-signing-duration=5m'] });
  before(async () => {
    ca = serverCa(server, 'ecdsa-with-SHA256');
  });

  runCases({
    'without expirationSeconds the certificate is valid the 5-minute duration plus the backdate': {
      request: { subject: '/CN=five-minutes' }, signerName: clientSigner, usages: ['client auth'],
      expect: { issued: { subject: 'CN = five-minutes', extKeyUsage: clientAuthEku, spanMs: 10 * minute } },
    },
    // signer.go duration(): `case requestedDuration > s.certTTL: return s.certTTL` comes before the
    // 10-minute floor, so 600 s against a 5-minute duration gives 5 minutes, not 10.
    'an expirationSeconds of 600 is capped to the 5-minute duration before the 10-minute floor applies': {
      request: { subject: '/CN=floor' }, signerName: clientSigner, usages: ['client auth'], expirationSeconds: 600,
      expect: { issued: { subject: 'CN = floor', extKeyUsage: clientAuthEku, spanMs: 10 * minute } },
    },
  }, () => ({ server, dir: server.work, ca }));
});

describe('the signer with an openssl-made P-384 CA valid for 2 days (--cluster-signing-cert-file)', () => {
  let server: SuiteServer;
  let ca: CaFacts;
  serverForSuite((s) => (server = s), {
    prepare: (dir) => {
      openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384', '-nodes', '-keyout', 'ca.key', '-subj', '/O=e2e/CN=external-ca',
        '-days', '2', '-out', 'ca.crt'], { cwd: dir });
      return ['--cluster-signing-cert-file', join(dir, 'ca.crt'), '--cluster-signing-key-file', join(dir, 'ca.key')];
    },
  });
  before(async () => {
    ca = serverCa(server, 'ecdsa-with-SHA384', join(server.work, 'ca.crt'));
  });

  test("a 365-day certificate ends at the CA's notAfter, signed with ecdsa-with-SHA384, its AKI the CA's SKI", async () => {
    const out = await submitApproveAwait(server, server.work, 'truncated', {
      request: { subject: '/CN=truncated' }, signerName: clientSigner, usages: ['client auth'],
    });
    const pem = certificatePem(out.csr);
    assert.notEqual(pem, '', JSON.stringify(out.csr.status));
    const { text } = inspectIssued(server.work, 'truncated', pem);
    assert.equal(text.notAfter!.getTime(), ca.notAfter.getTime());
    assertIssued(server, server.work, 'truncated', out, {
      subject: 'CN = truncated', extKeyUsage: clientAuthEku, spanMs: ca.notAfter.getTime() - text.notBefore!.getTime(),
    }, ca);
  });
});

describe('the signer with --sign-legacy-unknown', () => {
  let server: SuiteServer;
  let ca: CaFacts;
  serverForSuite((s) => (server = s), { extraArgs: ['--sign-legacy-unknown'] });
  before(async () => {
    ca = serverCa(server, 'ecdsa-with-SHA256');
  });

  test("seed 001's v1beta1 request (kubernetes.io/legacy-unknown) is signed for 365 days", async () => {
    assertRan(shellLine(server, seed001Line, server.work), "seed 001's openssl and kubectl apply");
    assert.equal((await readCsr(server, 'user=jean.doe')).spec.signerName, 'kubernetes.io/legacy-unknown');
    const out = await approveAwait(server, 'user=jean.doe', join(server.work, 'csr.pem'));
    assertIssued(server, server.work, 'user=jean.doe', out, {
      subject: 'O = devs, CN = jean.doe', keyUsage: 'Digital Signature, Key Encipherment', extKeyUsage: clientAuthEku, spanMs: 365 * day,
    }, ca);
  });

  test('legacy-unknown accepts any usages: cert sign still gives CA:FALSE, and server auth precedes client auth', async () => {
    const req = makeRequest(server.work, 'legacy-any', { subject: '/CN=anything' });
    const manifest = `apiVersion: certificates.k8s.io/v1beta1
kind: CertificateSigningRequest
metadata:
  name: legacy-any
spec:
  request: ${req.requestB64}
  usages:
  - client auth
  - cert sign
  - server auth
  - digital signature
`;
    assertRan(server.kubectl(['create', '-f', '-'], { input: manifest }), 'kubectl create (v1beta1)');
    const out = await approveAwait(server, 'legacy-any', req.csrPath);
    assertIssued(server, server.work, 'legacy-any', out, {
      subject: 'CN = anything', keyUsage: 'Digital Signature, Certificate Sign', extKeyUsage: `${serverAuthEku}, ${clientAuthEku}`, spanMs: 365 * day,
    }, ca);
  });
});

describe('--controllers=false', () => {
  let server: SuiteServer;
  let restarted: TestServer | undefined;
  // Registered first, so the restarted server stops before the suite's directory goes.
  after(async () => {
    await restarted?.stop();
  });
  serverForSuite((s) => (server = s), { extraArgs: ['--controllers=false'] });

  test('an approved request stays Approved without a certificate', async () => {
    const req = makeRequest(server.work, 'no-controller', { subject: '/CN=no-controller' });
    assertRan(server.kubectl(['apply', '-f', '-'], { input: csrManifest('no-controller', req.requestB64) }), 'kubectl apply');
    assertRan(server.kubectl(['certificate', 'approve', 'no-controller']), 'kubectl certificate approve');
    const csr = await awaitOutcome(server, 'no-controller', 2_000);
    assert.equal(csr.status?.certificate ?? '', '');
    assert.deepEqual(failedConditions(csr), []);
    assert.equal(conditionCell(server, 'no-controller'), 'Approved');
  });

  test('once the server restarts on the same data directory with its controller, the waiting request is issued', async () => {
    await server.stop();
    restarted = await startServer({ reuse: { dir: server.dir }, dataDir: server.dataDir });
    const approvedAt = Date.now();
    const csr = await awaitOutcome(restarted, 'no-controller');
    const out: Outcome = { csr, approvedAt, settledAt: Date.now(), csrPath: join(server.work, 'no-controller.csr') };
    assert.ok(readFileSync(out.csrPath).length > 0);
    assertIssued(restarted, server.work, 'no-controller', out, { subject: 'CN = no-controller', extKeyUsage: clientAuthEku, spanMs: 365 * day }, serverCa(restarted, 'ecdsa-with-SHA256'));
  });
});
