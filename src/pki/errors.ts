// The one error type of the PKI layer: what failed and where, in words a person can act on.

/** Which family of input failed; lets callers map errors without parsing messages. */
export type PkiErrorKind = 'der' | 'pem' | 'csr' | 'certificate' | 'key' | 'signature' | 'template' | 'config';

/**
 * A typed PKI failure. The message carries its location as a colon-separated path, outermost
 * first, e.g. `csr: extensionRequest: subjectAltName: IP address of 5 bytes`.
 */
export class PkiError extends Error {
  override readonly name = 'PkiError';
  constructor(
    readonly kind: PkiErrorKind,
    message: string,
  ) {
    super(message);
  }

  /** The same failure seen from one level further out. */
  within(context: string): PkiError {
    return new PkiError(this.kind, `${context}: ${this.message}`);
  }
}

/**
 * Runs `fn`, prefixing `context` to any PkiError it throws. Anything else that escapes a parser
 * (a RangeError from a bad offset, say) is a parser bug, but is still reported as a DER failure
 * rather than crashing the caller.
 */
export function withContext<T>(context: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof PkiError) throw err.within(context);
    if (err instanceof RangeError || err instanceof TypeError) {
      throw new PkiError('der', `${context}: malformed encoding (${err.message})`);
    }
    throw err;
  }
}
