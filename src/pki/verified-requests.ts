// Requests whose self-signature this process has verified, kept until their certificate is
// signed. Kubernetes' CA verifies a request again before it signs, since it cannot know which API
// server checked it; when the API server that checked it runs in the same process, the signer
// takes that check instead of repeating it, so each certificate costs one verification. An entry
// is used once: a request submitted again is verified again.

import { TakeOnceSet } from './take-once-set.js';

/** Requests (DER) verified here and not yet signed. */
export const verifiedRequests = new TakeOnceSet();
