// Approval policies: which requests the policy approver approves (or denies) on its own. They come
// from the controllers' configuration file or, managed with kubectl, from CertificateApprovalPolicy
// objects (signet.dev/v1alpha1); both turn into the ApprovalPolicy the approver evaluates.

import type { ObjectMeta } from '../types.js';

/** Which subject alternative names a request may carry. */
export interface SanRules {
  /** Allowed DNS names; `*.example.com` matches one label. Empty: none allowed. */
  readonly dns: readonly string[];
  readonly ips: boolean;
  readonly emails: boolean;
  readonly uris: boolean;
}

/** Who an approval policy is for. */
export interface Requestors {
  readonly users: readonly string[];
  readonly groups: readonly string[];
  /** `namespace/name` or `namespace/*`. */
  readonly serviceAccounts: readonly string[];
}

/** An approval policy: requests matching signer and requestor are approved or denied by its rules. */
export interface ApprovalPolicy {
  readonly name: string;
  readonly signerName: string;
  readonly requestors: Requestors;
  /** `requestor`: the CN must be the requestor's user name (a service account's own name for accounts); else a regex. */
  readonly commonName?: 'requestor' | RegExp;
  /**
   * Allowed O values; absent: no O allowed. `requestorGroups` allows the requestor's own groups;
   * `serviceAccountGroups` the groups its ServiceAccount's signet.dev/groups annotation lists.
   */
  readonly organizations: readonly string[] | 'requestorGroups' | 'serviceAccountGroups';
  readonly sans: SanRules;
  readonly usages: readonly string[];
  /** The longest `expirationSeconds` approved; requests without one are denied when set. */
  readonly maxDurationMs?: number;
}

/** The usages a policy allows when it names none. */
export const defaultPolicyUsages: readonly string[] = ['client auth', 'digital signature', 'key encipherment'];

/** The API group and version of CertificateApprovalPolicy. */
export const approvalPolicyGroup = 'signet.dev';
export const approvalPolicyVersion = 'v1alpha1';

/** Where `organizationsFrom` takes the allowed O values from. */
export type OrganizationsSource = 'RequestorGroups' | 'ServiceAccountGroups';

/** spec of a CertificateApprovalPolicy, as on the wire. */
export interface CertificateApprovalPolicySpec {
  signerName?: string;
  requestors?: { users?: string[]; groups?: string[]; serviceAccounts?: string[] };
  /** `requestor`, or a regular expression the CN must match. */
  commonName?: string;
  organizations?: string[];
  organizationsFrom?: string;
  usages?: string[];
  /** A Go duration, e.g. `24h`. */
  maxDuration?: string;
  subjectAltNames?: { dns?: string[]; ips?: boolean; emails?: boolean; uris?: boolean };
}

/** A CertificateApprovalPolicy object. */
export interface CertificateApprovalPolicy {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: CertificateApprovalPolicySpec;
}
