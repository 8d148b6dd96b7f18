import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  convertV1ToV1beta1, convertV1beta1ToV1, defaultCsrV1beta1, defaultSignerNameFromSpec, toV1,
} from '../../../../src/api/certificates/v1beta1.js';
import type { CertificateSigningRequestV1beta1 } from '../../../../src/api/certificates/types.js';
import { b64, csrPem, validCsr } from '../fixtures.js';

const kubeletClient = b64(csrPem({ CN: 'system:node:n1', O: ['system:nodes'] }));
const kubeletServing = b64(csrPem({ CN: 'system:node:n1', O: ['system:nodes'] }, { sans: { dns: ['n1'], emails: [], ips: [], uris: [] } }));

describe('v1beta1 signer defaulting', () => {
  const cases: Record<string, { request?: string; usages: string[]; want: string }> = {
    'recognises a kubelet client request': {
      request: kubeletClient, usages: ['digital signature', 'key encipherment', 'client auth'], want: 'kubernetes.io/kube-apiserver-client-kubelet',
    },
    'recognises a kubelet serving request': {
      request: kubeletServing, usages: ['server auth', 'digital signature', 'key encipherment'], want: 'kubernetes.io/kubelet-serving',
    },
    'requires the exact 1.19–1.21 usage set': { request: kubeletClient, usages: ['digital signature', 'client auth'], want: 'kubernetes.io/legacy-unknown' },
    'falls back for other subjects': { request: b64(csrPem()), usages: ['client auth'], want: 'kubernetes.io/legacy-unknown' },
    'falls back for an unparsable request': { request: b64('junk'), usages: [], want: 'kubernetes.io/legacy-unknown' },
  };
  for (const [name, tc] of Object.entries(cases)) test(name, () => assert.equal(defaultSignerNameFromSpec({ request: tc.request, usages: tc.usages }), tc.want));
});

describe('v1beta1 defaulting', () => {
  const beta = (): CertificateSigningRequestV1beta1 => ({
    apiVersion: 'certificates.k8s.io/v1beta1', kind: 'CertificateSigningRequest', metadata: { name: 'n' },
    spec: { request: kubeletClient }, status: { conditions: [{ type: 'Approved' }] },
  });
  test('defaults usages, then guesses the signer from them', () => {
    const out = defaultCsrV1beta1(beta());
    assert.deepEqual(out.spec.usages, ['digital signature', 'key encipherment']);
    assert.equal(out.spec.signerName, 'kubernetes.io/legacy-unknown');
  });
  test('keeps a given signer', () => assert.equal(defaultCsrV1beta1({ ...beta(), spec: { signerName: 'a.b/c' } }).spec.signerName, 'a.b/c'));
  test('defaults a condition status to True', () => assert.equal(defaultCsrV1beta1(beta()).status!.conditions![0]!.status, 'True'));
  test('converts to v1 after defaulting', () => {
    const v1 = convertV1beta1ToV1(beta());
    assert.equal(v1.apiVersion, 'certificates.k8s.io/v1');
    assert.equal(v1.spec.signerName, 'kubernetes.io/legacy-unknown');
  });
  test('converts v1 to v1beta1 by relabelling', () => {
    const v1 = validCsr();
    const out = convertV1ToV1beta1(v1);
    assert.equal(out.apiVersion, 'certificates.k8s.io/v1beta1');
    assert.deepEqual(out.spec, v1.spec);
  });
  test('leaves v1 objects alone', () => {
    const v1 = validCsr();
    assert.deepEqual(toV1(v1), v1);
  });
});
