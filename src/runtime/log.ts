// Structured log lines (JSON, one per line, on stderr). Request bodies and secrets never go here.

/** Where the server reports what an operator needs to know. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** A logger writing JSON lines through `write`; `quiet` drops info lines. */
export function jsonLogger(write: (line: string) => void, quiet = false): Logger {
  const emit = (level: string, msg: string, fields?: Record<string, unknown>): void => {
    write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }) + '\n');
  };
  return {
    info: (msg, fields) => {
      if (!quiet) emit('info', msg, fields);
    },
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
  };
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
