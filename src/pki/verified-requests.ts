// Requests whose self-signature this process has verified, kept until their certificate is
// signed. Kubernetes' CA verifies a request again before it signs, since it cannot know which API
// server checked it; when the API server that checked it runs in the same process, the signer
// takes that check instead of repeating it, so each certificate costs one verification. An entry
// is used once: a request submitted again is verified again.

import { TakeOnceSet } from './take-once-set.js';

const verified = new TakeOnceSet();

/** Records that the request `der` verified. */
export function rememberVerified(der: Uint8Array): void {
  verified.remember(der);
}

/** Whether `der` verified in this process since it was last taken; takes it. */
export function takeVerified(der: Uint8Array): boolean {
  return verified.take(der);
}
