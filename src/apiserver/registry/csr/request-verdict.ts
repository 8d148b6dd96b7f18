// The create path's verdict on a CSR's PKCS#10 request, worked out once before validation so that
// validation and the CertificateSubjectRestriction admission share one parse and one signature
// check. It runs on the main thread: a P-256 check costs about 0.1 ms, less than handing it to a
// worker thread and back costs the main thread on a busy two-core machine.

import { inspectRequest, wireBytes, type RequestVerdict } from '../../../api/certificates/request.js';
import type { ApiObject } from '../resource.js';

/** The verdict on `obj`'s request; undefined (validation checks it itself) if there is no text to check. */
export function requestVerdict(obj: ApiObject): RequestVerdict | undefined {
  const request = (obj['spec'] as { request?: unknown } | undefined)?.request;
  if (typeof request !== 'string') return undefined;
  return { request, ...inspectRequest(wireBytes(request)) };
}
