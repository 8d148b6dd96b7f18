// Shared helpers for end-to-end tests: temporary directories and running the real binaries.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

/** The repository root (tests run from dist/test/e2e). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The signet executable. */
export const signetBin = join(repoRoot, 'bin', 'signet');

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = 'signet-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Result of a finished process. */
export interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program to completion (bounded by `timeoutMs`). */
export function run(cmd: string, args: readonly string[], opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Ran {
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd,
    input: opts.input,
    env: opts.env ?? process.env,
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 60_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a shell command line, as a user would type it. */
export function sh(line: string, cwd: string, env?: NodeJS.ProcessEnv): Ran {
  return run('sh', ['-c', line], { cwd, env });
}

/**
 * Asks `probe` every 100 ms, at most `tries` times, until it returns something other than
 * undefined; returns that, or undefined when it never did. For what controllers do
 * asynchronously; bounded, and never a timing assertion.
 */
export async function pollFor<T>(probe: () => T | undefined | Promise<T | undefined>, tries = 100): Promise<T | undefined> {
  for (let i = 0; i < tries; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}
