// Requests whose self-signature this process has verified, kept until their certificate is
// signed. Kubernetes' CA verifies a request again before it signs, since it cannot know which API
// server checked it; when the API server that checked it runs in the same process, the signer
// takes that check instead of repeating it, so each certificate costs one verification. An entry
// is used once: a request submitted again is verified again.

/** Enough for every request between its create and its signature at any realistic backlog; older ones are verified again. */
const capacity = 4096;
const verified = new Set<string>();

const keyOf = (der: Uint8Array): string => Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('latin1');

/** Records that the request `der` verified. */
export function rememberVerified(der: Uint8Array): void {
  const key = keyOf(der);
  verified.delete(key);
  verified.add(key);
  if (verified.size > capacity) verified.delete(verified.values().next().value!);
}

/** Whether `der` verified in this process since it was last taken; takes it. */
export function takeVerified(der: Uint8Array): boolean {
  return verified.delete(keyOf(der));
}
