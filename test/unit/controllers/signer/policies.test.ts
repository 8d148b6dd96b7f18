import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinPolicies } from '../../../../src/controllers/signer/policies.js';
import { kubernetesTemplate } from '../../../../src/controllers/signer/kubernetes-template.js';
import { createCsr, parseCsr } from '../../../../src/pki/csr.js';
import { generateKeyPair } from '../../../../src/pki/keys.js';
import { encodeName, formatName, NameAttr, type NameEntry } from '../../../../src/pki/name.js';
import { DerReader } from '../../../../src/pki/der/reader.js';
import { readName } from '../../../../src/pki/name.js';
import { noAltNames, type SubjectAltNames } from '../../../../src/pki/general-name.js';
import { ExtKeyUsageOid } from '../../../../src/pki/usages.js';

const key = generateKeyPair('ecdsa-p256').privateKey;
function request(rdns: NameEntry[][], sans: SubjectAltNames = noAltNames) {
  return parseCsr(createCsr({ subject: encodeName(rdns).raw, privateKey: key, sans }));
}
const node = (cn = 'system:node:n1', o = ['system:nodes']) => request([...o.map((v) => [{ type: NameAttr.O, value: v }]), [{ type: NameAttr.CN, value: cn }]]);
const dns = (...d: string[]): SubjectAltNames => ({ ...noAltNames, dns: d });

const cases: Record<string, { signer: string; req: ReturnType<typeof request>; usages: string[]; want: string | undefined }> = {
  'a user client certificate': { signer: 'kubernetes.io/kube-apiserver-client', req: node('myuser', ['devs']), usages: ['client auth'], want: undefined },
  'a client certificate with server auth': { signer: 'kubernetes.io/kube-apiserver-client', req: node('myuser', []), usages: ['client auth', 'server auth'], want: 'invalid usage for client certificate: server auth' },
  'a client certificate without client auth': { signer: 'kubernetes.io/kube-apiserver-client', req: node('myuser', []), usages: ['digital signature'], want: 'missing required usage for client certificate: client auth' },
  'a kubelet client certificate with an ECDSA key': { signer: 'kubernetes.io/kube-apiserver-client-kubelet', req: node(), usages: ['client auth', 'digital signature'], want: undefined },
  'a kubelet client certificate outside system:nodes': { signer: 'kubernetes.io/kube-apiserver-client-kubelet', req: node('system:node:n1', ['devs']), usages: ['client auth', 'digital signature'], want: 'subject organization is not system:nodes' },
  'a kubelet client certificate with a DNS name': { signer: 'kubernetes.io/kube-apiserver-client-kubelet', req: request([[{ type: NameAttr.O, value: 'system:nodes' }], [{ type: NameAttr.CN, value: 'system:node:n1' }]], dns('n1')), usages: ['client auth', 'digital signature'], want: 'DNS subjectAltNames are not allowed' },
  'a kubelet client certificate for a non-node name': { signer: 'kubernetes.io/kube-apiserver-client-kubelet', req: node('bob'), usages: ['client auth', 'digital signature'], want: 'subject common name does not begin with system:node:' },
  'a kubelet client certificate with extra usages': { signer: 'kubernetes.io/kube-apiserver-client-kubelet', req: node(), usages: ['client auth', 'digital signature', 'server auth'], want: 'usages did not match [client auth digital signature key encipherment]' },
  'a kubelet serving certificate': { signer: 'kubernetes.io/kubelet-serving', req: request([[{ type: NameAttr.O, value: 'system:nodes' }], [{ type: NameAttr.CN, value: 'system:node:n1' }]], dns('n1.example')), usages: ['server auth', 'digital signature', 'key encipherment'], want: undefined },
  'a kubelet serving certificate without names': { signer: 'kubernetes.io/kubelet-serving', req: node(), usages: ['server auth', 'digital signature'], want: 'DNS or IP subjectAltName is required' },
};
for (const [name, tc] of Object.entries(cases)) {
  test(`policy: ${name} -> ${tc.want ?? 'allowed'}`, () => {
    assert.equal(builtinPolicies.get(tc.signer)!(tc.req, tc.usages), tc.want);
  });
}

test('the template re-encodes the subject in Go order with one DER-sorted RDN per type and drops unmodelled attributes', () => {
  const req = request([
    [{ type: NameAttr.CN, value: 'first' }],
    [{ type: NameAttr.O, value: 'b' }],
    [{ type: NameAttr.emailAddress, value: 'x@example.com' }],
    [{ type: NameAttr.O, value: 'a' }],
    [{ type: NameAttr.CN, value: 'last' }],
    [{ type: NameAttr.C, value: 'US' }],
  ]);
  const t = kubernetesTemplate(req, ['client auth', 'server auth', 'digital signature'], 600, 365 * 86400e3, new Date('2030-01-01T00:00:00Z'), new Date('2026-11-23T12:00:00Z'), (n) => new Uint8Array(n).fill(7));
  assert.equal(formatName(readName(new DerReader(t.subject), 'subject')), 'C = US, O = a + O = b, CN = last');
  assert.deepEqual(t.extKeyUsage, [ExtKeyUsageOid.serverAuth, ExtKeyUsageOid.clientAuth]);
  assert.deepEqual(t.basicConstraints, { ca: false });
  assert.equal(t.subjectKeyId, undefined);
  assert.equal(t.serialNumber.length, 16);
  assert.equal(t.notAfter.getTime() - t.notBefore.getTime(), 15 * 60e3);
});
