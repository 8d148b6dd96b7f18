// Node client auto-approval, as kube-controller-manager's csrapproving: a valid kubelet client
// request is approved when a SubjectAccessReview says its requestor may create
// certificatesigningrequests/selfnodeclient (a node renewing its own certificate) or
// certificatesigningrequests/nodeclient (a bootstrap token asking for a node's first one).
// Mirrors kubernetes pkg/controller/certificates/approver/sarapprove.go.

import type { CertificateSigningRequest, CertificateSigningRequestCondition } from '../../api/certificates/types.js';
import { hasCondition, isIssued } from '../../api/certificates/conditions.js';
import { StatusError } from '../../api/errors.js';
import { kubeApiServerClientKubeletSignerName } from '../../api/certificates/signer-names.js';
import type { CertificateRequest } from '../../pki/csr.js';
import { commonName } from '../../pki/name.js';
import { CsrController, type CsrControllerOptions } from '../csr-controller.js';
import { resources } from '../../api/client.js';
import { builtinPolicies } from '../signer/policies.js';
import { parsedRequest } from '../../api/certificates/parsed-requests.js';

interface Recognizer {
  readonly subresource: 'selfnodeclient' | 'nodeclient';
  readonly message: string;
  recognizes(csr: CertificateSigningRequest, req: CertificateRequest): boolean;
}

/** A request the kubelet client signer would sign. */
function isKubeletClient(csr: CertificateSigningRequest, req: CertificateRequest): boolean {
  return csr.spec.signerName === kubeApiServerClientKubeletSignerName &&
    builtinPolicies.get(kubeApiServerClientKubeletSignerName)!(req, csr.spec.usages ?? []) === undefined;
}

const recognizers: readonly Recognizer[] = [
  {
    subresource: 'selfnodeclient',
    message: 'Auto approving self kubelet client certificate after SubjectAccessReview.',
    recognizes: (csr, req) => csr.spec.username === commonName(req.subject) && isKubeletClient(csr, req),
  },
  {
    subresource: 'nodeclient',
    message: 'Auto approving kubelet client certificate after SubjectAccessReview.',
    recognizes: isKubeletClient,
  },
];

/** The node client approver. */
export class NodeClientApprover extends CsrController {
  constructor(readonly options: CsrControllerOptions & { readonly clock?: () => Date }) {
    super(options, 'approving node client');
  }

  protected async reconcile(name: string): Promise<void> {
    const csr = this.informer.get(name);
    if (!csr || isIssued(csr) || hasCondition(csr, 'Approved') || hasCondition(csr, 'Denied')) return;
    if (csr.spec.signerName !== kubeApiServerClientKubeletSignerName) return;
    // Parsed, not verified: the API server verified the signature at create, and spec.request
    // cannot change (kube-controller-manager's csrapproving does the same).
    const req = parsedRequest(csr);
    const matching = recognizers.filter((r) => r.recognizes(csr, req));
    if (matching.length === 0) return;
    for (const r of matching) {
      if (await this.#allowed(csr, r.subresource)) return this.#approve(csr, r.message);
    }
    // Recognized but not allowed: retried later, as upstream does (rights may be granted meanwhile).
    throw new Error(`recognized csr "${name}" as [${matching.map((r) => r.subresource).join(' ')}] but subject access review was not approved`);
  }

  async #allowed(csr: CertificateSigningRequest, subresource: string): Promise<boolean> {
    return this.options.client.isAllowed({
      user: csr.spec.username,
      uid: csr.spec.uid,
      groups: csr.spec.groups,
      extra: csr.spec.extra,
      resourceAttributes: { group: 'certificates.k8s.io', resource: 'certificatesigningrequests', subresource, verb: 'create' },
    });
  }

  async #approve(csr: CertificateSigningRequest, message: string): Promise<void> {
    const condition: CertificateSigningRequestCondition = { type: 'Approved', status: 'True', reason: 'AutoApproved', message };
    try {
      await this.options.client.update(resources.certificateSigningRequests, {
        ...csr,
        status: { ...csr.status, conditions: [...(csr.status?.conditions ?? []), condition] },
      }, 'approval');
      this.options.events?.record(csr, 'Normal', 'AutoApproved', message);
    } catch (err) {
      if (!(err instanceof StatusError && err.status.code === 404)) throw err;
    }
  }
}
