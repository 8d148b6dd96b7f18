// Certificates this process's CA has just issued (DER). Validation of the status update that
// carries one checks that it parses as X.509, which a certificate built and signed here a moment
// ago does; so the in-process signer's own certificate skips the parse, once. Anything else, or
// the same certificate written again, is parsed.

import { TakeOnceSet } from './take-once-set.js';

/**
 * Certificates (DER) issued here and not yet validated. Smaller than the requests' memory: a
 * signer whose status updates go to another API server never takes these, and each entry is a
 * whole certificate.
 */
export const issuedCertificates = new TakeOnceSet(1024);
