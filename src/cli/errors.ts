// The CLI's expected failures: one line on stderr and a non-zero exit, never a stack trace.

/** A failure to report to the user as-is. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
