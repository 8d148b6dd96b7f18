// The policy approver: approves or denies pending requests by the policies of the configuration
// file and the CertificateApprovalPolicy objects, through the /approval subresource, as
// kube-controller-manager's csrapproving does for node clients.

import type { CertificateSigningRequest, CertificateSigningRequestCondition } from '../../api/certificates/types.js';
import { hasCondition, isIssued } from '../../api/certificates/conditions.js';
import { StatusError } from '../../api/errors.js';
import { CsrController, type CsrControllerOptions } from '../csr-controller.js';
import { resources, type FollowUp } from '../../api/client.js';
import type { ApprovalPolicy } from '../config.js';
import { applicablePolicies, decideApproval, requestingServiceAccount } from './policy-decision.js';
import { allowedGroupsAnnotation, parseAllowedGroups } from '../../api/annotations.js';
import { parsedRequest } from '../../api/certificates/parsed-requests.js';
import { formatTime } from '../../api/meta.js';

/** Options. */
export interface ApproverOptions extends CsrControllerOptions {
  /** The policies in force now (they change as policy objects do); undefined while not yet known. */
  readonly policies: () => readonly ApprovalPolicy[] | undefined;
  readonly privilegedGroups: readonly string[];
  readonly clock?: () => Date;
  readonly onDecision?: (name: string, kind: string, message: string) => void;
  /** Written right after an approval (the signers of this process: see FollowUp). */
  readonly afterApproval?: FollowUp<CertificateSigningRequest>;
}

/** Neither approved, denied nor issued: what the approver decides. */
function isUndecided(csr: CertificateSigningRequest): boolean {
  return !isIssued(csr) && !hasCondition(csr, 'Approved') && !hasCondition(csr, 'Denied');
}

/** The approver. */
export class ApproverController extends CsrController {
  constructor(readonly options: ApproverOptions) {
    super(options, 'approving');
  }

  /** Looks at every pending request again (policies changed: they may now be decided). */
  requeuePending(): void {
    for (const csr of this.informer.list()) {
      if (isUndecided(csr)) this.queue.add(csr.metadata.name ?? '');
    }
  }

  /** The groups the requesting ServiceAccount is annotated with, when a policy asks for them. */
  async #accountGroups(csr: CertificateSigningRequest, policies: readonly ApprovalPolicy[]): Promise<string[]> {
    const account = requestingServiceAccount(csr);
    if (!account || !applicablePolicies(csr, policies).some((p) => p.organizations === 'serviceAccountGroups')) return [];
    try {
      const sa = await this.options.client.get(resources.serviceAccounts, account.name, account.namespace);
      return parseAllowedGroups(sa.metadata.annotations?.[allowedGroupsAnnotation]);
    } catch (err) {
      // A removed account allows nothing.
      if (err instanceof StatusError && err.status.code === 404) return [];
      throw err;
    }
  }

  protected async reconcile(name: string): Promise<void> {
    const csr = this.informer.get(name);
    if (!csr || !isUndecided(csr)) return;
    // Not known yet: the source requeues pending requests once they are.
    const policies = this.options.policies();
    if (!policies || policies.length === 0) return;
    // Parsed, not verified: the API server verified the signature when the request was created,
    // and spec.request cannot change (kube-controller-manager's approver does the same).
    let req;
    try {
      req = parsedRequest(csr);
    } catch {
      // Validation admitted it, so this cannot happen for a stored request; a person decides.
      return;
    }
    const decision = decideApproval(csr, req, policies, this.options.privilegedGroups, await this.#accountGroups(csr, policies));
    if (!decision) return;
    const now = formatTime((this.options.clock ?? (() => new Date()))());
    const condition: CertificateSigningRequestCondition = decision.kind === 'approve'
      ? { type: 'Approved', status: 'True', reason: 'AutoApproved', message: decision.message, lastUpdateTime: now }
      : { type: 'Denied', status: 'True', reason: 'PolicyDenied', message: decision.message, lastUpdateTime: now };
    try {
      await this.options.client.update(resources.certificateSigningRequests, {
        ...csr,
        status: { ...csr.status, conditions: [...(csr.status?.conditions ?? []), condition] },
      }, 'approval', decision.kind === 'approve' ? this.options.afterApproval : undefined);
      this.options.onDecision?.(name, decision.kind, decision.message);
      this.options.events?.record(csr, decision.kind === 'approve' ? 'Normal' : 'Warning', condition.reason!, decision.message);
    } catch (err) {
      if (err instanceof StatusError && err.status.code === 404) return;
      throw err;
    }
  }
}
