import { test, describe } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { errorString } from '../../../../src/api/field-error.js';
import {
  validateCsrApprovalUpdate, validateCsrCreate, validateCsrStatusUpdate, validateCsrUpdate,
} from '../../../../src/api/certificates/validation.js';
import { createCsr } from '../../../../src/pki/csr.js';
import { buildName } from '../../../../src/pki/name.js';
import { encodePem } from '../../../../src/pki/pem.js';
import type { CertificateSigningRequest, CertificateSigningRequestCondition } from '../../../../src/api/certificates/types.js';
import { b64, certPem, csrPem, keyOf, validCsr } from '../fixtures.js';

const messages = (errs: ReturnType<typeof validateCsrCreate>): string[] => errs.map(errorString);

// A request whose signed subject was altered after signing, so the self-signature fails.
function tamperedPem(type: 'ecdsa-p256' | 'rsa-2048' | 'ed25519'): string {
  const der = Buffer.from(createCsr({ subject: buildName({ CN: 'myuser' }).raw, privateKey: keyOf(type).privateKey }));
  const at = der.indexOf(Buffer.from('myuser'));
  der[at + 5] = 'x'.charCodeAt(0);
  return encodePem('CERTIFICATE REQUEST', der);
}

const sortedUsages =
  '"any", "cert sign", "client auth", "code signing", "content commitment", "crl sign", "data encipherment", "decipher only", ' +
  '"digital signature", "email protection", "encipher only", "ipsec end system", "ipsec tunnel", "ipsec user", "key agreement", ' +
  '"key encipherment", "microsoft sgc", "netscape sgc", "ocsp signing", "s/mime", "server auth", "signing", "timestamping"';

describe('CSR create validation', () => {
  const cases: Record<string, { csr: CertificateSigningRequest; want: (string | RegExp)[] }> = {
    'accepts a well-formed request': { csr: validCsr(), want: [] },
    'accepts text before the PEM block': { csr: validCsr({ request: b64(`hello\n${csrPem()}`) }), want: [] },
    'accepts an RSA request': { csr: validCsr({ request: b64(csrPem({ CN: 'a' }, { type: 'rsa-2048' })) }), want: [] },
    'accepts an Ed25519 request': { csr: validCsr({ request: b64(csrPem({ CN: 'a' }, { type: 'ed25519' })) }), want: [] },
    'refuses a missing request, printed as a nil byte slice': {
      csr: validCsr({ request: undefined }),
      want: ['spec.request: Invalid value: []byte(nil): PEM block type must be CERTIFICATE REQUEST'],
    },
    'refuses text that is not PEM, printed byte by byte': {
      csr: validCsr({ request: b64('hi') }),
      want: ['spec.request: Invalid value: []byte{0x68, 0x69}: PEM block type must be CERTIFICATE REQUEST'],
    },
    'refuses a NEW CERTIFICATE REQUEST block': {
      csr: validCsr({ request: b64(csrPem().replace(/CERTIFICATE REQUEST/g, 'NEW CERTIFICATE REQUEST')) }),
      want: [/PEM block type must be CERTIFICATE REQUEST$/],
    },
    'judges only the first block': {
      csr: validCsr({ request: b64(certPem() + csrPem()) }),
      want: [/PEM block type must be CERTIFICATE REQUEST$/],
    },
    'refuses an ECDSA request whose signature does not verify': {
      csr: validCsr({ request: b64(tamperedPem('ecdsa-p256')) }), want: [/: x509: ECDSA verification failure$/],
    },
    'refuses an RSA request whose signature does not verify': {
      csr: validCsr({ request: b64(tamperedPem('rsa-2048')) }), want: [/: crypto\/rsa: verification error$/],
    },
    'refuses an Ed25519 request whose signature does not verify': {
      csr: validCsr({ request: b64(tamperedPem('ed25519')) }), want: [/: x509: Ed25519 verification failure$/],
    },
    'refuses a block that is not PKCS#10': {
      csr: validCsr({ request: b64(encodePem('CERTIFICATE REQUEST', Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00))) }),
      want: [/^spec\.request: Invalid value: \[\]byte\{0x2d, .*\}: csr: /],
    },
    'requires usages': { csr: validCsr({ usages: [] }), want: ['spec.usages: Required value'] },
    'lists the supported usages, sorted': {
      csr: validCsr({ usages: ['client auth', 'fly'] }),
      want: [`spec.usages[1]: Unsupported value: "fly": supported values: ${sortedUsages}`],
    },
    'reports a repeated usage at the repeat': {
      csr: validCsr({ usages: ['client auth', 'digital signature', 'client auth'] }),
      want: ['spec.usages[2]: Duplicate value: "client auth"'],
    },
    'requires a signer name': { csr: validCsr({ signerName: undefined }), want: ['spec.signerName: Required value'] },
    'refuses the legacy signer on create': {
      csr: validCsr({ signerName: 'kubernetes.io/legacy-unknown' }),
      want: ['spec.signerName: Invalid value: "kubernetes.io/legacy-unknown": the legacy signerName is not allowed via this API version'],
    },
    'refuses a signer name without a path': {
      csr: validCsr({ signerName: 'example.com' }),
      want: [`spec.signerName: Invalid value: "example.com": must be a fully qualified domain and path of the form 'example.com/signer-name'`],
    },
    'refuses a duration under ten minutes': {
      csr: validCsr({ expirationSeconds: 599 }),
      want: ['spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 600 seconds (10 minutes)'],
    },
    'accepts exactly ten minutes': { csr: validCsr({ expirationSeconds: 600 }), want: [] },
    'requires a name': {
      csr: { ...validCsr(), metadata: {} },
      want: ['metadata.name: Required value: name or generateName is required'],
    },
    'accepts any name, uppercase and underscores included': { csr: { ...validCsr(), metadata: { name: 'Node_CSR.x' } }, want: [] },
    'forbids a namespace': {
      csr: { ...validCsr(), metadata: { name: 'a', namespace: 'default' } },
      want: ['metadata.namespace: Forbidden: not allowed on this type'],
    },
    'reports every problem at once, in Kubernetes order': {
      csr: validCsr({ request: b64('x'), usages: [], signerName: '', expirationSeconds: 1 }),
      want: [
        'spec.request: Invalid value: []byte{0x78}: PEM block type must be CERTIFICATE REQUEST',
        'spec.usages: Required value',
        'spec.signerName: Required value',
        'spec.expirationSeconds: Invalid value: 1: may not specify a duration less than 600 seconds (10 minutes)',
      ],
    },
  };
  for (const [name, tc] of Object.entries(cases)) {
    test(name, () => {
      const got = messages(validateCsrCreate(tc.csr));
      assert.equal(got.length, tc.want.length, got.join('\n'));
      tc.want.forEach((w, i) => (typeof w === 'string' ? assert.equal(got[i], w) : assert.match(got[i]!, w)));
    });
  }
});

const cond = (type: string, status = 'True', extra: Partial<CertificateSigningRequestCondition> = {}): CertificateSigningRequestCondition => ({
  type, status, lastUpdateTime: '2026-01-01T00:00:00Z', lastTransitionTime: '2026-01-01T00:00:00Z', ...extra,
});
const withConditions = (...conditions: CertificateSigningRequestCondition[]): CertificateSigningRequest => ({ ...validCsr(), status: { conditions } });

describe('CSR condition rules', () => {
  const cases: Record<string, { csr: CertificateSigningRequest; want: string[] }> = {
    'requires a condition type': { csr: withConditions(cond('')), want: ['status.conditions[0].type: Required value'] },
    'requires a condition status': { csr: withConditions(cond('Custom', '')), want: ['status.conditions[0].status: Required value'] },
    'allows only True for Approved': {
      csr: withConditions(cond('Approved', 'False')),
      want: ['status.conditions[0].status: Unsupported value: "False": supported values: "True"'],
    },
    'allows True, False and Unknown for other types': {
      csr: withConditions(cond('Custom', 'Maybe')),
      want: ['status.conditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown"'],
    },
    'refuses Approved together with Denied': {
      csr: withConditions(cond('Approved'), cond('Denied')),
      want: ['status.conditions[1].type: Invalid value: "Denied": Approved and Denied conditions are mutually exclusive'],
    },
    'refuses a repeated condition type': {
      csr: withConditions(cond('Failed'), cond('Failed')), want: ['status.conditions[1].type: Duplicate value: "Failed"'],
    },
  };
  for (const [name, tc] of Object.entries(cases)) test(name, () => assert.deepEqual(messages(validateCsrCreate(tc.csr)), tc.want));
});

const cert = b64(certPem());
const stored = (mutate: (c: CertificateSigningRequest) => void = () => {}): CertificateSigningRequest => {
  const c = validCsr();
  mutate(c);
  return c;
};

describe('CSR update validation', () => {
  type Path = 'main' | 'status' | 'approval';
  const run = { main: validateCsrUpdate, status: validateCsrStatusUpdate, approval: validateCsrApprovalUpdate };
  const cases: Record<string, { path: Path; old: CertificateSigningRequest; csr: CertificateSigningRequest; want: string[] }> = {
    'accepts an unchanged object': { path: 'main', old: stored(), csr: stored(), want: [] },
    'keeps accepting the legacy signer once stored': {
      path: 'main', old: stored((c) => (c.spec.signerName = 'kubernetes.io/legacy-unknown')),
      csr: stored((c) => (c.spec.signerName = 'kubernetes.io/legacy-unknown')), want: [],
    },
    'tolerates unknown usages the stored object has': {
      path: 'main', old: stored((c) => (c.spec.usages = ['fly', 'fly'])), csr: stored((c) => (c.spec.usages = ['fly', 'fly'])), want: [],
    },
    'tolerates Approved and Denied when both are stored': {
      path: 'approval', old: withConditions(cond('Approved'), cond('Denied')), csr: withConditions(cond('Approved'), cond('Denied')), want: [],
    },
    'tolerates an empty condition type that is stored': {
      path: 'status', old: withConditions(cond('', 'True')), csr: withConditions(cond('', 'True')), want: [],
    },
    'forbids removing Approved': {
      path: 'approval', old: withConditions(cond('Approved')), csr: withConditions(),
      want: ['status.conditions: Forbidden: updates may not remove a condition of type "Approved"'],
    },
    'forbids removing Failed': {
      path: 'status', old: withConditions(cond('Failed')), csr: withConditions(),
      want: ['status.conditions: Forbidden: updates may not remove a condition of type "Failed"'],
    },
    'forbids adding Approved outside /approval': {
      path: 'status', old: withConditions(), csr: withConditions(cond('Approved')),
      want: ['status.conditions: Forbidden: updates may not add a condition of type "Approved"'],
    },
    'allows adding Approved through /approval': { path: 'approval', old: withConditions(), csr: withConditions(cond('Approved')), want: [] },
    'forbids turning Approved into Denied even through /approval': {
      path: 'approval', old: withConditions(cond('Approved')), csr: withConditions(cond('Denied')),
      want: ['status.conditions: Forbidden: updates may not remove a condition of type "Approved"'],
    },
    'allows adding Failed through /status': { path: 'status', old: withConditions(cond('Approved')), csr: withConditions(cond('Approved'), cond('Failed')), want: [] },
    'forbids setting a certificate outside /status': {
      path: 'approval', old: stored(), csr: stored((c) => (c.status = { certificate: cert })),
      want: ['status.certificate: Forbidden: updates may not set certificate content'],
    },
    'allows setting a certificate once through /status': { path: 'status', old: stored(), csr: stored((c) => (c.status = { certificate: cert })), want: [] },
    'forbids replacing a certificate': {
      path: 'status', old: stored((c) => (c.status = { certificate: cert })), csr: stored((c) => (c.status = { certificate: b64(certPem('other')) })),
      want: ['status.certificate: Forbidden: updates may not modify existing certificate content'],
    },
    'accepts explanatory text around certificate blocks': {
      path: 'status', old: stored(), csr: stored((c) => (c.status = { certificate: b64(`leaf:\n${certPem()}\nend\n`) })), want: [],
    },
    'refuses a non-CERTIFICATE block in the chain': {
      path: 'status', old: stored(), csr: stored((c) => (c.status = { certificate: b64(certPem() + csrPem()) })),
      want: ['status.certificate: Invalid value: "<certificate data>": only CERTIFICATE PEM blocks are allowed, found "CERTIFICATE REQUEST"'],
    },
    'refuses PEM headers in the chain': {
      path: 'status', old: stored(), csr: stored((c) => (c.status = { certificate: b64(certPem().replace('-----\n', '-----\nProc-Type: 4\n\n')) })),
      want: ['status.certificate: Invalid value: "<certificate data>": no PEM block headers are permitted'],
    },
    'refuses a chain without PEM blocks': {
      path: 'status', old: stored(), csr: stored((c) => (c.status = { certificate: b64('not pem') })),
      want: ['status.certificate: Invalid value: "<certificate data>": must contain at least one CERTIFICATE PEM block'],
    },
    'refuses an empty CERTIFICATE block': {
      path: 'status', old: stored(), csr: stored((c) => (c.status = { certificate: b64('-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n') })),
      want: ['status.certificate: Invalid value: "<certificate data>": found CERTIFICATE PEM block containing 0 certificates'],
    },
    'requires a resourceVersion on update': {
      path: 'main', old: stored(), csr: stored((c) => (c.metadata.resourceVersion = '')),
      want: ['metadata.resourceVersion: Invalid value: "": must be specified for an update'],
    },
    'keeps the name immutable': {
      path: 'main', old: stored(), csr: stored((c) => (c.metadata.name = 'other')),
      want: ['metadata.name: Invalid value: "other": field is immutable'],
    },
  };
  for (const [name, tc] of Object.entries(cases)) test(name, () => assert.deepEqual(messages(run[tc.path](tc.csr, tc.old)), tc.want));

  test('still refuses new unknown usages when the stored object had none', () => {
    const got = messages(validateCsrUpdate(stored((c) => (c.spec.usages = ['fly'])), stored()));
    assert.match(got[0]!, /^spec\.usages\[0\]: Unsupported value: "fly"/);
  });
  test('words a modified Approved condition with a diff', () => {
    const got = messages(validateCsrStatusUpdate(withConditions(cond('Approved', 'True', { reason: 'B' })), withConditions(cond('Approved', 'True', { reason: 'A' }))));
    assert.equal(got.length, 1);
    assert.match(got[0]!, /^status\.conditions: Forbidden: updates may not modify a condition of type "Approved"\n- reason: "A"\n\+ reason: "B"$/);
  });
});

describe('requests made by openssl', () => {
  const openssl = (args: string[], input?: string): string => execFileSync('openssl', args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] });
  let key = '';
  try {
    key = openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
  } catch {
    key = '';
  }
  const skip = key === '' ? 'openssl is not installed' : false;
  const request = (digest: string, subject: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'signet-csr-'));
    try {
      writeFileSync(join(dir, 'key.pem'), key);
      return openssl(['req', '-new', `-${digest}`, '-key', join(dir, 'key.pem'), '-subj', subject]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  test('accepts a SHA-256 request with several organizations', { skip }, () => {
    assert.deepEqual(messages(validateCsrCreate(validCsr({ request: b64(request('sha256', '/O=a/O=b/CN=myuser')) }))), []);
  });
  test('accepts a SHA-1 request, as Go does for CSRs', { skip }, () => {
    assert.deepEqual(messages(validateCsrCreate(validCsr({ request: b64(request('sha1', '/CN=old')) }))), []);
  });
});

describe('validateCsrCreate with a verdict worked out ahead', () => {
  test('takes the verdict for the same request text instead of checking again', () => {
    const csr = validCsr();
    // A verdict of "bad" on a good request proves the check was not run again.
    const errs = messages(validateCsrCreate(csr, {}, { request: csr.spec.request!, problem: 'x509: ECDSA verification failure' }));
    assert.equal(errs.length, 1);
    assert.match(errs[0]!, /^spec\.request: Invalid value: \[\]byte\{0x2d, .*\}: x509: ECDSA verification failure$/);
  });
  test('ignores a verdict on other text and checks the request itself', () => {
    const csr = validCsr({ request: b64(tamperedPem('ecdsa-p256')) });
    const errs = messages(validateCsrCreate(csr, {}, { request: validCsr().spec.request!, problem: undefined }));
    assert.deepEqual(errs.map((e) => /: x509: ECDSA verification failure$/.test(e)), [true]);
  });
});
