// Checks the PKCS#10 request of an incoming CSR on worker threads. Verifying its signature is
// the costliest step of a create (about 0.2 ms for P-256, half of it importing the public key);
// done here, the main thread only waits for the verdict, which validation then uses.

import { WorkerPool } from '../../worker-pool.js';
import type { RequestInspection, RequestVerdict } from '../../../api/csr-request.js';
import type { ApiObject } from '../resource.js';

/** Verdicts on `spec.request` from worker threads. */
export class RequestChecker {
  readonly #pool: WorkerPool<string, RequestInspection>;

  constructor(threads?: number) {
    this.#pool = new WorkerPool(new URL('./request-check-worker.js', import.meta.url), undefined, threads);
  }

  /** The verdict on `obj`'s request; undefined (validation checks it itself) if there is no text to check or a thread failed. */
  async check(obj: ApiObject): Promise<RequestVerdict | undefined> {
    const request = (obj['spec'] as { request?: unknown } | undefined)?.request;
    if (typeof request !== 'string') return undefined;
    try {
      return { request, ...(await this.#pool.run(request)) };
    } catch {
      return undefined;
    }
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}
