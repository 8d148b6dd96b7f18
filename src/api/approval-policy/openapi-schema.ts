// OpenAPI schema data for CertificateApprovalPolicies, signet's own kind, for kubectl explain and apply.
// Mirrors the layout kube-apiserver 1.32 gives a built-in kind; examples/certificateapprovalpolicies.crd.yaml
// describes the same fields to other API servers.

import { kindSchema } from '../openapi/kind-schema.js';
import { atomicStrings, bool, object, str, type KindSchema } from '../openapi/schema-kit.js';

/** signet.dev/v1alpha1 CertificateApprovalPolicy. */
export const approvalPolicySchema: KindSchema = kindSchema({ pkg: 'dev.signet.v1alpha1', group: 'signet.dev', version: 'v1alpha1', kind: 'CertificateApprovalPolicy',
  description: 'CertificateApprovalPolicy tells signet\'s policy approver which certificate signing requests to approve on its own: those of the named requestors for the named signer whose subject, names, usages and duration pass every rule. A request of those requestors that breaks a rule is denied, naming the rule; requests no policy is for stay pending for a person.',
  required: ['spec'], properties: {
    spec: object('CertificateApprovalPolicySpec holds the rules.', {
      signerName: str('signerName is the signer whose requests this policy decides, e.g. kubernetes.io/kube-apiserver-client.'),
      requestors: object('requestors are the users, groups and service accounts the policy is for; at least one.', {
        users: atomicStrings('users are user names.'),
        groups: atomicStrings('groups are group names; a requestor in any of them matches.'),
        serviceAccounts: atomicStrings('serviceAccounts are "namespace/name", or "namespace/*" for every account of a namespace.'),
      }),
      commonName: str('commonName is "requestor" (the subject CN must be the requestor\'s own name; a service account\'s name for accounts) or a regular expression the CN must match. Absent: any CN.'),
      organizations: atomicStrings('organizations are the subject O values allowed. Absent and without organizationsFrom: no O allowed. Privileged groups (system:masters, system:nodes, and those the operator lists) are allowed only when named here.'),
      organizationsFrom: str('organizationsFrom takes the allowed O values from the requestor: "RequestorGroups" (its own groups) or "ServiceAccountGroups" (the groups its ServiceAccount\'s signet.dev/groups annotation lists). Not together with organizations.'),
      usages: atomicStrings('usages allowed in the request. Default: client auth, digital signature, key encipherment.'),
      maxDuration: str('maxDuration is the longest spec.expirationSeconds approved, as a Go duration such as 24h; requests without expirationSeconds are then denied.'),
      subjectAltNames: object('subjectAltNames are the names a request may carry; none by default.', {
        dns: atomicStrings('dns names allowed; "*.example.com" matches one label.'),
        ips: bool('ips allows IP addresses.'),
        emails: bool('emails allows email addresses.'),
        uris: bool('uris allows URIs.'),
      }),
    }, ['signerName', 'requestors']),
  } });
