// Wire shapes of CertificateSigningRequests (JSON field names, as kube-apiserver serves them).
// Mirrors `k8s.io/api/certificates/{v1,v1beta1}/types.go`.
//
// `[]byte` fields (`spec.request`, `status.certificate`) are standard base64 strings, exactly as
// they travel and are stored.

import type { ObjectMeta, TypeMeta } from '../types.js';

/** The API group of CertificateSigningRequests. */
export const certificatesGroup = 'certificates.k8s.io';
/** `certificates.k8s.io/v1`. */
export const csrApiVersionV1 = 'certificates.k8s.io/v1';
/** `certificates.k8s.io/v1beta1` (served by Kubernetes 1.12–1.21). */
export const csrApiVersionV1beta1 = 'certificates.k8s.io/v1beta1';
/** The kind name. */
export const csrKind = 'CertificateSigningRequest';
/** The plural resource name used in URLs and error messages. */
export const csrResource = 'certificatesigningrequests';

/** A `certificates.k8s.io` key usage string (see `knownUsages` in pki/usages.ts). */
export type KeyUsage = string;

/** Condition types with a meaning to Kubernetes; other strings are allowed and ignored. */
export type RequestConditionType = 'Approved' | 'Denied' | 'Failed' | (string & {});

/** `True`, `False` or `Unknown`. */
export type ConditionStatus = 'True' | 'False' | 'Unknown' | (string & {});

/** One entry of `status.conditions`. */
export interface CertificateSigningRequestCondition {
  type: RequestConditionType;
  status: ConditionStatus;
  reason?: string;
  message?: string;
  lastUpdateTime?: string | null;
  lastTransitionTime?: string | null;
}

/** `spec` of a v1 CSR. */
export interface CertificateSigningRequestSpec {
  /** Base64 of the PEM text; absent (Go nil) differs from "" (Go empty slice) only in error rendering. */
  request?: string;
  signerName?: string;
  expirationSeconds?: number;
  usages?: KeyUsage[];
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

/** `status` of a CSR. */
export interface CertificateSigningRequestStatus {
  conditions?: CertificateSigningRequestCondition[];
  /** Base64 of the PEM chain the signer issued. */
  certificate?: string;
}

/** A `certificates.k8s.io/v1` CertificateSigningRequest. */
export interface CertificateSigningRequest extends TypeMeta {
  metadata: ObjectMeta;
  spec: CertificateSigningRequestSpec;
  status?: CertificateSigningRequestStatus;
}

/**
 * The v1beta1 shape differs only in optionality: `signerName` and `usages` may be omitted (they are
 * defaulted from the request) and a condition's `status` may be omitted (defaulted to `True`).
 */
export interface CertificateSigningRequestConditionV1beta1 extends Omit<CertificateSigningRequestCondition, 'status'> {
  status?: ConditionStatus;
}

/** v1beta1 `status`. */
export interface CertificateSigningRequestStatusV1beta1 {
  conditions?: CertificateSigningRequestConditionV1beta1[];
  certificate?: string;
}

/** A `certificates.k8s.io/v1beta1` CertificateSigningRequest. */
export interface CertificateSigningRequestV1beta1 extends TypeMeta {
  metadata: ObjectMeta;
  spec: CertificateSigningRequestSpec;
  status?: CertificateSigningRequestStatusV1beta1;
}
