// File input and output for commands: readable errors, stdin as `-`, and all-or-nothing
// writes so that a failure never leaves some output files behind.

import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, basename, join } from 'node:path';
import { CliError } from './errors.js';

/** Reads a text file (or stdin for `-`); `what` names it in errors. */
export function readText(path: string, what: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
    throw new CliError(`cannot read ${what} ${path}: ${reason}`);
  }
}

/** One file to write. */
export interface OutputFile {
  readonly path: string;
  readonly content: string | Uint8Array;
  /** 0o600 for private keys. */
  readonly mode?: number;
}

/**
 * Writes all files or none: each goes to a temporary name in its directory, is flushed, and
 * only when every one is written are they renamed into place. On failure the temporary
 * files are removed and the error names the file.
 */
export function writeAll(files: readonly OutputFile[]): void {
  const staged: { tmp: string; path: string }[] = [];
  try {
    for (const f of files) {
      const tmp = join(dirname(f.path), `.${basename(f.path)}.${randomBytes(4).toString('hex')}.tmp`);
      let fd: number;
      try {
        fd = openSync(tmp, 'wx', f.mode ?? 0o644);
      } catch (err) {
        throw new CliError(`cannot write ${f.path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (err as Error).message}`);
      }
      staged.push({ tmp, path: f.path });
      try {
        writeSync(fd, typeof f.content === 'string' ? Buffer.from(f.content) : f.content);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    for (const s of staged) renameSync(s.tmp, s.path);
  } catch (err) {
    for (const s of staged) {
      try {
        unlinkSync(s.tmp);
      } catch {
        // already renamed or never created
      }
    }
    throw err instanceof CliError ? err : new CliError(`cannot write output: ${(err as Error).message}`);
  }
}

/**
 * Makes the output directory `dir` (0700) before `work` runs, so that an unusable one fails
 * before anything is asked of a server; if `work` fails, the directories made here go again.
 */
export async function inOutputDir<T>(dir: string, work: () => Promise<T>): Promise<T> {
  let made: string | undefined;
  try {
    made = mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new CliError(`cannot create ${dir}: ${(err as Error).message}`);
  }
  try {
    return await work();
  } catch (err) {
    if (made) rmSync(made, { recursive: true, force: true });
    throw err;
  }
}
