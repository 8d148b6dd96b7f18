// A thread that checks requests' self-signatures: given a PKCS#10 request's DER, why its signature
// is unacceptable, or undefined. Importing the key and verifying costs a create more than all its
// other steps together on a busy main thread, whose caches the rest of the server keeps cold.

import { answerRequests } from '../../../runtime/worker-pool.js';
import { parseCsr } from '../../../pki/csr.js';
import { signatureProblem } from '../../../api/certificates/request.js';

answerRequests((der: Uint8Array) => signatureProblem(parseCsr(der)));
