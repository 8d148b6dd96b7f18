// What every CertificateSigningRequest controller shares: an informer on the requests feeding a
// work queue of names, and the reconcile function that decides what to do with one of them.

import type { CertificateSigningRequest } from '../api/certificates/types.js';
import { Informer } from './informer.js';
import { WorkQueue } from './work-queue.js';
import { resources, type ApiClient } from '../api/client.js';
import type { EventRecorder } from './events.js';

/** Options every CSR controller takes. */
export interface CsrControllerOptions {
  readonly client: ApiClient;
  readonly workers?: number;
  readonly resyncMs?: number;
  readonly onError?: (what: string, err: unknown) => void;
  /** Where to record what the controller did (kubectl describe shows it). */
  readonly events?: EventRecorder;
  /** An informer on CSRs shared with other controllers; without it the controller makes its own. */
  readonly informer?: Informer<CertificateSigningRequest>;
}

/** An informer on every CSR, for controllers to share. */
export function csrInformer(client: ApiClient, onError?: (what: string, err: unknown) => void, resyncMs = 10 * 60_000): Informer<CertificateSigningRequest> {
  return new Informer(client, resources.certificateSigningRequests, { resyncMs, onError: (err) => onError?.('watching certificatesigningrequests', err) });
}

/** An informer on CSRs and a queue of their names, processed by `reconcile`. */
export abstract class CsrController {
  readonly informer: Informer<CertificateSigningRequest>;
  readonly queue: WorkQueue;
  readonly #ownsInformer: boolean;

  constructor(options: CsrControllerOptions, verb: string) {
    // A reconcile spends most of its time waiting for its write's commit; eight in flight let a
    // burst share commits (kube-controller-manager runs five per CSR controller).
    this.queue = new WorkQueue((key) => this.reconcile(key), options.workers ?? 8, undefined, (key, err) => options.onError?.(`${verb} ${key}`, err));
    this.#ownsInformer = !options.informer;
    this.informer = options.informer ?? csrInformer(options.client, options.onError, options.resyncMs);
    this.informer.addHandler((key) => this.queue.add(key));
  }

  /** Starts watching (a shared informer is started by its owner). */
  start(): void {
    if (this.#ownsInformer) this.informer.start();
  }

  /** Stops; work under way finishes first. */
  async stop(): Promise<void> {
    if (this.#ownsInformer) await this.informer.stop();
    await this.queue.stop();
  }

  /** Brings the request `name` to where this controller wants it; throwing retries later. */
  protected abstract reconcile(name: string): Promise<void>;
}
