// Defaulting for certificates.k8s.io v1 and v1beta1 CSRs, and conversion between the two versions.
// Mirrors `pkg/apis/certificates/v1beta1/defaults.go` as Kubernetes 1.19–1.21 shipped it (the
// versions that served v1beta1 next to v1); v1 has no defaults.

import { commonName, NameAttr, nameValues } from '../../pki/name.js';
import type { CertificateRequest } from '../../pki/csr.js';
import { parseRequest, wireBytes } from './request.js';
import { kubeApiServerClientKubeletSignerName, kubeletServingSignerName, legacyUnknownSignerName } from './signer-names.js';
import {
  csrApiVersionV1, csrApiVersionV1beta1, type CertificateSigningRequest, type CertificateSigningRequestSpec,
  type CertificateSigningRequestV1beta1,
} from './types.js';

/** The usages v1beta1 filled in when a request named none. */
export const defaultV1beta1Usages: readonly string[] = ['digital signature', 'key encipherment'];

/**
 * v1 defaulting. v1 made `signerName`, `usages` and condition `status` required precisely so that
 * nothing is guessed, so this changes nothing; it exists so every version has the same entry
 * point. (No copy either: the object is the one just decoded from the request.)
 */
export function defaultCsrV1(csr: CertificateSigningRequest): CertificateSigningRequest {
  return csr;
}

/**
 * v1beta1 defaulting: absent `usages` become `digital signature, key encipherment`; an absent
 * `signerName` is guessed from the request and usages; a condition without `status` gets `True`.
 */
export function defaultCsrV1beta1(csr: CertificateSigningRequestV1beta1): CertificateSigningRequestV1beta1 {
  const out = structuredClone(csr);
  if (out.spec.usages === undefined || out.spec.usages === null) out.spec.usages = [...defaultV1beta1Usages];
  if (out.spec.signerName === undefined || out.spec.signerName === null) out.spec.signerName = defaultSignerNameFromSpec(out.spec);
  for (const c of out.status?.conditions ?? []) {
    if ((c.status ?? '') === '') c.status = 'True';
  }
  return out;
}

/**
 * The signer v1beta1 assumed: a kubelet client request → `kube-apiserver-client-kubelet`, a kubelet
 * serving request → `kubelet-serving`, anything else (including an unparsable request) →
 * `legacy-unknown`.
 */
export function defaultSignerNameFromSpec(spec: Pick<CertificateSigningRequestSpec, 'request' | 'usages'>): string {
  let req: CertificateRequest;
  try {
    req = parseRequest(wireBytes(spec.request));
  } catch {
    return legacyUnknownSignerName;
  }
  const usages = spec.usages ?? [];
  if (isKubeletClientRequest(req, usages)) return kubeApiServerClientKubeletSignerName;
  if (isKubeletServingRequest(req, usages)) return kubeletServingSignerName;
  return legacyUnknownSignerName;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((v) => y.has(v));
}

function isNodeOrganizationOnly(req: CertificateRequest): boolean {
  const orgs = nameValues(req.subject, NameAttr.O);
  return orgs.length === 1 && orgs[0] === 'system:nodes';
}

/**
 * The 1.19–1.21 kubelet client test: O exactly `system:nodes`, no SANs of any kind, CN starting
 * `system:node:`, usages exactly {digital signature, key encipherment, client auth}.
 */
export function isKubeletClientRequest(req: CertificateRequest, usages: readonly string[]): boolean {
  const s = req.sans;
  if (!isNodeOrganizationOnly(req)) return false;
  if (s.dns.length > 0 || s.emails.length > 0 || s.ips.length > 0 || s.uris.length > 0) return false;
  if (!commonName(req.subject).startsWith('system:node:')) return false;
  return sameSet(['digital signature', 'key encipherment', 'client auth'], usages);
}

/**
 * The 1.19–1.21 kubelet serving test: O exactly `system:nodes`, at least one DNS or IP SAN, no email
 * or URI SANs, usages exactly {digital signature, key encipherment, server auth}, CN starting `system:node:`.
 */
export function isKubeletServingRequest(req: CertificateRequest, usages: readonly string[]): boolean {
  const s = req.sans;
  if (!isNodeOrganizationOnly(req)) return false;
  if (s.dns.length === 0 && s.ips.length === 0) return false;
  if (s.emails.length > 0 || s.uris.length > 0) return false;
  if (!sameSet(['digital signature', 'key encipherment', 'server auth'], usages)) return false;
  return commonName(req.subject).startsWith('system:node:');
}

/**
 * v1beta1 → v1, after v1beta1 defaulting (so signerName, usages and condition statuses are set).
 * The shapes are otherwise identical; only apiVersion changes.
 */
export function convertV1beta1ToV1(csr: CertificateSigningRequestV1beta1): CertificateSigningRequest {
  const out = structuredClone(defaultCsrV1beta1(csr)) as CertificateSigningRequest;
  out.apiVersion = csrApiVersionV1;
  if (out.kind === undefined) out.kind = 'CertificateSigningRequest';
  return out;
}

/** v1 → v1beta1: every v1 object is a valid v1beta1 object; only apiVersion changes. */
export function convertV1ToV1beta1(csr: CertificateSigningRequest): CertificateSigningRequestV1beta1 {
  const out = structuredClone(csr) as CertificateSigningRequestV1beta1;
  out.apiVersion = csrApiVersionV1beta1;
  if (out.kind === undefined) out.kind = 'CertificateSigningRequest';
  return out;
}

/** Converts an object of either version to v1 (v1 input is copied). */
export function toV1(csr: CertificateSigningRequest | CertificateSigningRequestV1beta1): CertificateSigningRequest {
  if (csr.apiVersion === csrApiVersionV1beta1) return convertV1beta1ToV1(csr as CertificateSigningRequestV1beta1);
  return defaultCsrV1(csr as CertificateSigningRequest);
}
