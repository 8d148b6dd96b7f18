// core/v1 kinds signet stores besides Events. Mirrors k8s.io/api/core/v1/types.go (the fields used here).

import type { ObjectMeta, ObjectReference, TypeMeta } from '../types.js';

/** A Namespace. */
export interface Namespace extends TypeMeta {
  metadata: ObjectMeta;
  spec?: { finalizers?: string[] };
  status?: { phase?: string; conditions?: unknown[] };
}

/** A ServiceAccount. */
export interface ServiceAccount extends TypeMeta {
  metadata: ObjectMeta;
  secrets?: ObjectReference[];
  imagePullSecrets?: { name?: string }[];
  automountServiceAccountToken?: boolean;
}

/** A Secret; `data` values are base64 in JSON. */
export interface Secret extends TypeMeta {
  metadata: ObjectMeta;
  type?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  immutable?: boolean;
}

/** A ConfigMap. */
export interface ConfigMap extends TypeMeta {
  metadata: ObjectMeta;
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  immutable?: boolean;
}

/** The Secret type of service-account tokens. */
export const serviceAccountTokenSecretType = 'kubernetes.io/service-account-token';
/** The annotation naming the account of a token Secret. */
export const serviceAccountNameAnnotation = 'kubernetes.io/service-account.name';
/** The annotation carrying the account's uid. */
export const serviceAccountUidAnnotation = 'kubernetes.io/service-account.uid';
/** Namespaces created at first start (kube-apiserver's system namespaces plus default). */
export const systemNamespaces: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
/** Namespaces that may not be deleted (NamespaceLifecycle's immortal namespaces). */
export const immortalNamespaces: readonly string[] = ['default', 'kube-system', 'kube-public'];
