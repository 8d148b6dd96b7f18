// The approval policies in force: those of the configuration file, then the
// CertificateApprovalPolicy objects (signet.dev/v1alpha1) by name, kept current by an informer.

import { Informer } from '../informer.js';
import { resources, type ApiClient } from '../../api/client.js';
import { StatusError } from '../../api/errors.js';
import { errorString } from '../../api/field-error.js';
import type { ApprovalPolicy, CertificateApprovalPolicy } from '../../api/approval-policy/types.js';
import { approvalPolicyFromObject, validateCertificateApprovalPolicy } from '../../api/approval-policy/validation.js';

/** Options. */
export interface PolicySourceOptions {
  readonly client: ApiClient;
  /** Policies from the configuration file; they come first. */
  readonly configured: readonly ApprovalPolicy[];
  /** Told after the policy objects changed. */
  readonly onChange: () => void;
  readonly onError: (what: string, err: unknown) => void;
  /** Told once if the API server does not serve the policy objects (a Kubernetes cluster without the CRD). */
  readonly onNotServed: () => void;
  readonly resyncMs?: number;
}

/** Configured policies plus policy objects. */
export class PolicySource {
  readonly #informer: Informer<CertificateApprovalPolicy>;
  readonly #opts: PolicySourceOptions;
  #current: readonly ApprovalPolicy[];
  /** `name@resourceVersion` of the objects behind #current: a resync that changes nothing is ignored. */
  #seen = '';
  #rebuildScheduled = false;
  #notServedTold = false;
  /** Known once the objects were listed, or their listing failed (the file's policies then serve alone). */
  #known = false;

  constructor(opts: PolicySourceOptions) {
    this.#opts = opts;
    this.#current = opts.configured;
    this.#informer = new Informer(opts.client, resources.approvalPolicies, {
      resyncMs: opts.resyncMs ?? 10 * 60_000,
      onError: (err) => this.#failed(err),
    }, () => this.#scheduleRebuild());
    void this.#informer.synced.then(() => this.#markKnown());
  }

  /**
   * The policies in force now; undefined until the objects are known, so that no request is
   * decided by the file's policies alone when an object would have decided it otherwise.
   */
  policies(): readonly ApprovalPolicy[] | undefined {
    return this.#known ? this.#current : undefined;
  }

  start(): void {
    this.#informer.start();
  }

  stop(): Promise<void> {
    return this.#informer.stop();
  }

  // The first time the objects become known, pending requests are looked at.
  #markKnown(): void {
    if (this.#known) return;
    // The listed objects now, not a turn later when the scheduled rebuild runs.
    this.#rebuild();
    this.#known = true;
    this.#opts.onChange();
  }

  #failed(err: unknown): void {
    this.#markKnown();
    if (err instanceof StatusError && err.status.code === 404) {
      if (!this.#notServedTold) this.#opts.onNotServed();
      this.#notServedTold = true;
      return;
    }
    this.#opts.onError('watching certificateapprovalpolicies', err);
  }

  // The informer tells each key; a list or resync tells them all at once, so they are taken
  // together in the next turn of the event loop.
  #scheduleRebuild(): void {
    if (this.#rebuildScheduled) return;
    this.#rebuildScheduled = true;
    setImmediate(() => {
      this.#rebuildScheduled = false;
      this.#rebuild();
    });
  }

  // Rebuilt when the objects changed (patterns compiled once per change, not per request).
  #rebuild(): void {
    const objects = this.#informer.list().sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
    const seen = objects.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).join(',');
    if (seen === this.#seen) return;
    this.#seen = seen;
    const fromObjects: ApprovalPolicy[] = [];
    for (const o of objects) {
      // Another API server (a CRD with a looser schema) may hold a policy signet would refuse.
      const errs = validateCertificateApprovalPolicy(o);
      if (errs.length > 0) {
        this.#opts.onError(`using certificateapprovalpolicy ${o.metadata.name}`, new Error(errs.map(errorString).join('; ')));
        continue;
      }
      fromObjects.push(approvalPolicyFromObject(o));
    }
    this.#current = [...this.#opts.configured, ...fromObjects];
    if (this.#known) this.#opts.onChange();
  }
}
