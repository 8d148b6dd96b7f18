// The create path's verdict on a CSR's PKCS#10 request, worked out once before validation so that
// validation and the CertificateSubjectRestriction admission share one parse and one signature
// check. The request is parsed here; its signature is checked on a worker thread (see
// request-verify-worker.ts), and the requests of one turn travel there as one message.

import { availableParallelism } from 'node:os';
import { WorkerPool } from '../../../runtime/worker-pool.js';
import { readRequest, signatureProblem, wireBytes, type RequestVerdict } from '../../../api/certificates/request.js';
import { verifiedRequests } from '../../../pki/verified-requests.js';
import { rememberParsedRequest } from '../../../api/certificates/parsed-requests.js';
import type { ApiObject } from '../resource.js';

/** Checks requests' signatures on worker threads. */
export class RequestVerifier {
  readonly #pool = new WorkerPool<Uint8Array, string | undefined>(new URL('./request-verify-worker.js', import.meta.url), undefined, availableParallelism());

  /** The verdict on `obj`'s request; undefined (validation checks it itself) if there is no text to check. */
  readonly verdict = async (obj: ApiObject): Promise<RequestVerdict | undefined> => {
    const request = (obj['spec'] as { request?: unknown } | undefined)?.request;
    if (typeof request !== 'string') return undefined;
    const read = readRequest(wireBytes(request));
    if ('problem' in read) return { request, problem: read.problem };
    let problem: string | undefined;
    try {
      // An exact-size copy, moved rather than copied: a view would take its whole backing store along.
      const der = read.csr.raw.slice();
      problem = await this.#pool.run(der, [der.buffer]);
    } catch {
      // A thread that failed must not fail the request: the check is done here instead.
      problem = signatureProblem(read.csr);
    }
    if (problem === undefined) {
      verifiedRequests.remember(read.csr.raw);
      rememberParsedRequest(request, read.csr);
    }
    return { request, problem, organizations: read.organizations };
  };

  /** Stops the threads. */
  close(): Promise<void> {
    return this.#pool.close();
  }
}
