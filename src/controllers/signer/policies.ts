// The request policies of Kubernetes' built-in signers: which usages, subjects and SANs each
// signer name accepts. A violation becomes a Failed condition with the message given here.
// Mirrors kubernetes pkg/controller/certificates/signer/signer.go (isKubelet*, validators).

import type { CertificateRequest } from '../../pki/csr.js';
import { commonName, nameValues, NameAttr } from '../../pki/name.js';
import {
  kubeApiServerClientKubeletSignerName, kubeApiServerClientSignerName, kubeletServingSignerName, legacyUnknownSignerName,
} from '../../api/certificates/signer-names.js';

/** Returns why a request breaks the signer's policy, or undefined if it may be signed. */
export type SignerPolicy = (req: CertificateRequest, usages: readonly string[]) => string | undefined;

const sameSet = (a: readonly string[], b: readonly string[]): boolean => {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((x) => sa.has(x));
};

function kubeletOrganization(req: CertificateRequest): string | undefined {
  const o = nameValues(req.subject, NameAttr.O);
  return o.length === 1 && o[0] === 'system:nodes' ? undefined : 'subject organization is not system:nodes';
}

const kubeletCn = (req: CertificateRequest): string | undefined =>
  commonName(req.subject).startsWith('system:node:') ? undefined : 'subject common name does not begin with system:node:';

/** kubernetes.io/kube-apiserver-client: client auth required, only client-ish usages. */
const apiServerClient: SignerPolicy = (_req, usages) => {
  for (const u of usages) {
    if (u !== 'digital signature' && u !== 'key encipherment' && u !== 'client auth') return `invalid usage for client certificate: ${u}`;
  }
  return usages.includes('client auth') ? undefined : 'missing required usage for client certificate: client auth';
};

/** kubernetes.io/kube-apiserver-client-kubelet: system:nodes, no SANs, system:node: CN, exact usages. */
const apiServerClientKubelet: SignerPolicy = (req, usages) =>
  kubeletOrganization(req) ??
  (req.sans.dns.length > 0 ? 'DNS subjectAltNames are not allowed' : undefined) ??
  (req.sans.emails.length > 0 ? 'Email subjectAltNames are not allowed' : undefined) ??
  (req.sans.ips.length > 0 ? 'IP subjectAltNames are not allowed' : undefined) ??
  (req.sans.uris.length > 0 ? 'URI subjectAltNames are not allowed' : undefined) ??
  kubeletCn(req) ??
  (sameSet(usages, ['digital signature', 'key encipherment', 'client auth']) || sameSet(usages, ['digital signature', 'client auth'])
    ? undefined
    : 'usages did not match [client auth digital signature key encipherment]');

/** kubernetes.io/kubelet-serving: system:nodes, a DNS or IP SAN, no e-mail or URI, exact usages. */
const kubeletServing: SignerPolicy = (req, usages) =>
  kubeletOrganization(req) ??
  (req.sans.dns.length + req.sans.ips.length === 0 ? 'DNS or IP subjectAltName is required' : undefined) ??
  (req.sans.emails.length > 0 ? 'Email subjectAltNames are not allowed' : undefined) ??
  (req.sans.uris.length > 0 ? 'URI subjectAltNames are not allowed' : undefined) ??
  (sameSet(usages, ['digital signature', 'key encipherment', 'server auth']) || sameSet(usages, ['digital signature', 'server auth'])
    ? undefined
    : 'usages did not match [digital signature key encipherment server auth]') ??
  kubeletCn(req);

/** kubernetes.io/legacy-unknown: anything goes (only signed when the operator enables it). */
const legacyUnknown: SignerPolicy = () => undefined;

/** The built-in policies by signer name. */
export const builtinPolicies: ReadonlyMap<string, SignerPolicy> = new Map([
  [kubeApiServerClientSignerName, apiServerClient],
  [kubeApiServerClientKubeletSignerName, apiServerClientKubelet],
  [kubeletServingSignerName, kubeletServing],
  [legacyUnknownSignerName, legacyUnknown],
]);
