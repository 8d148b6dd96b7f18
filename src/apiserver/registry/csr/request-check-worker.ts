// A thread that parses and verifies CSR requests (`spec.request` as its base64 text) for the
// create path, so that the signature check runs beside the main thread instead of on it.

import { answerRequests } from '../../worker-pool.js';
import { inspectRequest, wireBytes } from '../../../api/csr-request.js';

answerRequests((request: string) => inspectRequest(wireBytes(request)));
