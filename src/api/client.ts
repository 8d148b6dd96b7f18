// The controllers' one way to reach objects: typed verbs on the resources they use. Two
// implementations exist, over HTTPS against any Kubernetes API server
// (controllers/client/http-client.ts) and in-process through signet's registry
// (apiserver/in-process-client.ts), so the controllers cannot tell which one they run on, and
// neither the database nor a URL appears at a call site.

import { issuedCertificateGroup, issuedCertificateVersion, type IssuedCertificate } from './issued-certificates/types.js';
import type { CertificateRevocation } from './revocation/types.js';
import type { CertificateSigningRequest } from './certificates/types.js';
import type { Event, ObjectMeta } from './types.js';
import type { ConfigMap, Namespace, ServiceAccount } from './core/types.js';
import type { ClusterTrustBundle } from './trust-bundle/validation.js';
import { approvalPolicyGroup, approvalPolicyVersion, type CertificateApprovalPolicy } from './approval-policy/types.js';

/** A resource the controllers use, where the API serves it; `T` is its object type. */
export interface Resource<T> {
  readonly group: string;
  readonly version: string;
  /** Plural, as in the URL. */
  readonly resource: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** Carries `T` for type inference; never set. */
  readonly objectType?: T;
}

/** Any object the API serves. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
}

/** coordination.k8s.io/v1 Lease, as leader election reads and writes it. */
export interface Lease extends KubeObject {
  spec: { holderIdentity?: string; leaseDurationSeconds?: number; acquireTime?: string; renewTime?: string; leaseTransitions?: number };
}

/** What a SubjectAccessReview asks. */
export interface SubjectAccessReviewSpec {
  readonly user?: string;
  readonly groups?: readonly string[];
  readonly uid?: string;
  readonly extra?: Readonly<Record<string, readonly string[]>>;
  readonly resourceAttributes?: {
    readonly group?: string; readonly version?: string; readonly resource?: string; readonly subresource?: string;
    readonly verb?: string; readonly namespace?: string; readonly name?: string;
  };
}

const resource = <T>(group: string, version: string, plural: string, kind: string, namespaced: boolean): Resource<T> =>
  ({ group, version, resource: plural, kind, namespaced });

/** The resources the controllers use. */
export const resources = {
  certificateSigningRequests: resource<CertificateSigningRequest>('certificates.k8s.io', 'v1', 'certificatesigningrequests', 'CertificateSigningRequest', false),
  events: resource<Event>('', 'v1', 'events', 'Event', true),
  namespaces: resource<Namespace>('', 'v1', 'namespaces', 'Namespace', false),
  configMaps: resource<ConfigMap>('', 'v1', 'configmaps', 'ConfigMap', true),
  serviceAccounts: resource<ServiceAccount>('', 'v1', 'serviceaccounts', 'ServiceAccount', true),
  leases: resource<Lease>('coordination.k8s.io', 'v1', 'leases', 'Lease', true),
  clusterTrustBundles: resource<ClusterTrustBundle>('certificates.k8s.io', 'v1beta1', 'clustertrustbundles', 'ClusterTrustBundle', false),
  approvalPolicies: resource<CertificateApprovalPolicy>(approvalPolicyGroup, approvalPolicyVersion, 'certificateapprovalpolicies', 'CertificateApprovalPolicy', false),
  issuedCertificates: resource<IssuedCertificate>(issuedCertificateGroup, issuedCertificateVersion, 'issuedcertificates', 'IssuedCertificate', false),
  certificateRevocations: resource<CertificateRevocation>(issuedCertificateGroup, issuedCertificateVersion, 'certificaterevocations', 'CertificateRevocation', false),
} as const;

/** `apiVersion` of a resource's objects. */
export function apiVersionOf(r: Resource<unknown>): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** A resource's collection path in `namespace`, as the REST API and authorization name it. */
export function collectionPath(r: Resource<unknown>, namespace: string | undefined): string {
  const root = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const ns = r.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${root}${ns}/${r.resource}`;
}

/** An object's path, or its subresource's. */
export function objectPath(r: Resource<unknown>, name: string, namespace: string | undefined, subresource?: string): string {
  return `${collectionPath(r, namespace)}/${encodeURIComponent(name)}${subresource ? `/${subresource}` : ''}`;
}

/** Which objects a list or watch is about. */
export interface Selection {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

/** A list page. */
export interface ListOptions extends Selection {
  readonly limit?: number;
  readonly continue?: string;
}

/** A page of objects at one resourceVersion. */
export interface ListResult<T> {
  readonly items: readonly T[];
  readonly resourceVersion: string;
  readonly continue?: string;
}

/** A watch from `resourceVersion`. */
export interface WatchOptions extends Selection {
  readonly resourceVersion: string;
  readonly allowWatchBookmarks?: boolean;
}

/** One watch event; ERROR carries a Status. */
export interface WatchEvent<T> {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  readonly object: T;
}

/** The subresources the controllers write through. */
export type Subresource = 'status' | 'approval';

/** Preconditions of a delete. */
export interface DeleteOptions {
  readonly namespace?: string;
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
}

/**
 * A write one controller makes at once on an object another controller of the same process has
 * just updated (the signer on an approval): the next object for `updated`, or undefined for none.
 * In-process, both are stored in one commit as two writes, each its own resourceVersion and watch
 * event; over HTTPS it is a second request right after the first, with no watch in between.
 */
export type FollowUp<T> = (updated: T) => Promise<FollowUpWrite<T> | undefined>;

/** What a FollowUp writes, and where it learns the outcome. */
export interface FollowUpWrite<T> {
  readonly object: T;
  readonly subresource?: Subresource;
  /** Called once: the object as stored, or why it was not. */
  settled(result: T | Error): void;
}

/**
 * The verbs. Objects returned may be shared with a cache: read them, never change them (a change
 * is a new object passed to `update`). Failures are StatusErrors with the API's codes.
 */
export interface ApiClient {
  get<T>(r: Resource<T>, name: string, namespace?: string): Promise<T>;
  list<T>(r: Resource<T>, opts?: ListOptions): Promise<ListResult<T>>;
  watch<T>(r: Resource<T>, opts: WatchOptions, signal: AbortSignal): AsyncIterable<WatchEvent<T>>;
  create<T extends KubeObject>(r: Resource<T>, obj: T): Promise<T>;
  /**
   * PUT of the object, or of its `subresource`; the object's resourceVersion is the precondition.
   * A `followUp` is written after it (see FollowUp); the answer does not wait for more than that.
   */
  update<T extends KubeObject>(r: Resource<T>, obj: T, subresource?: Subresource, followUp?: FollowUp<T>): Promise<T>;
  delete<T>(r: Resource<T>, name: string, opts?: DeleteOptions): Promise<void>;
  /** Whether the SubjectAccessReview `spec` is allowed (authorization.k8s.io/v1, create). */
  isAllowed(spec: SubjectAccessReviewSpec): Promise<boolean>;
  /** Releases connections. */
  close(): void;
}
