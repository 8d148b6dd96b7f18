// The cleaner: every pass (hourly, like kube-controller-manager's csrcleaner) lists the requests
// through the API and deletes those garbageReason names.

import { StatusError } from '../../api/errors.js';
import { resources, type ApiClient, type KubeObject, type Resource } from '../../api/client.js';
import { garbageReason } from './garbage.js';
import { ledgerRetentionMs } from '../../api/issued-certificates/types.js';
import { lastNotAfter } from '../../api/revocation/types.js';


/** Options. */
export interface CleanerOptions {
  readonly client: ApiClient;
  readonly intervalMs?: number;
  readonly clock?: () => Date;
  readonly onDelete?: (name: string, reason: string) => void;
  readonly onError?: (err: unknown) => void;
}

/** Runs passes until stopped. */
export class CleanerController {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();

  constructor(readonly options: CleanerOptions) {}

  /** Starts: a first pass soon after start, then one per interval. */
  start(): void {
    const every = this.options.intervalMs ?? 3_600_000;
    const loop = (): void => {
      this.#running = this.pass().then(
        () => undefined,
        (err) => this.options.onError?.(err),
      );
      this.#timer = setTimeout(loop, every);
      this.#timer.unref();
    };
    this.#timer = setTimeout(loop, Math.min(every, 10_000));
    this.#timer.unref();
  }

  /** Stops; a pass under way finishes first. */
  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    await this.#running;
  }

  /**
   * One pass: lists every request (paged) and deletes the garbage, then the ledger entries past
   * their retention; returns the deleted requests' names.
   */
  async pass(): Promise<string[]> {
    const now = (this.options.clock ?? (() => new Date()))();
    const deleted = await this.#cleanRequests(now);
    await this.#cleanLedger(now);
    return deleted;
  }

  /**
   * Deletes the IssuedCertificates, and the CertificateRevocations, kept 72 h past their (last)
   * certificate's notAfter; none where the API server keeps neither.
   */
  async #cleanLedger(now: Date): Promise<void> {
    await this.#cleanPast(now, resources.issuedCertificates, (e) => Date.parse(e.spec.notAfter));
    await this.#cleanPast(now, resources.certificateRevocations, lastNotAfter);
  }

  async #cleanPast<T extends KubeObject>(now: Date, resource: Resource<T>, notAfter: (o: T) => number): Promise<void> {
    let cont = '';
    do {
      let page;
      try {
        page = await this.options.client.list(resource, { limit: 500, continue: cont || undefined });
      } catch (err) {
        if (err instanceof StatusError && err.status.code === 404) return;
        throw err;
      }
      for (const o of page.items) {
        if (!(now.getTime() >= notAfter(o) + ledgerRetentionMs)) continue;
        try {
          await this.options.client.delete(resource, o.metadata.name!, { preconditions: { uid: o.metadata.uid } });
        } catch (err) {
          if (!(err instanceof StatusError && (err.status.code === 404 || err.status.code === 409))) throw err;
        }
      }
      cont = page.continue ?? '';
    } while (cont);
  }

  async #cleanRequests(now: Date): Promise<string[]> {
    const deleted: string[] = [];
    let cont = '';
    do {
      const page = await this.options.client.list(resources.certificateSigningRequests, { limit: 500, continue: cont || undefined });
      for (const csr of page.items) {
        const reason = garbageReason(csr, now);
        if (!reason) continue;
        try {
          await this.options.client.delete(resources.certificateSigningRequests, csr.metadata.name!, { preconditions: { uid: csr.metadata.uid } });
          deleted.push(csr.metadata.name!);
          this.options.onDelete?.(csr.metadata.name!, reason);
        } catch (err) {
          // Already gone, or replaced by a new object of the same name: nothing to clean.
          if (!(err instanceof StatusError && (err.status.code === 404 || err.status.code === 409))) throw err;
        }
      }
      cont = page.continue ?? '';
    } while (cont);
    return deleted;
  }
}
