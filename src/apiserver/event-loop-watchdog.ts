// Keeps a stuck event loop from making the CA unkillable. Node handles SIGTERM on the event loop,
// so a loop held by one request (or a bug) would ignore it for as long as it is held: a thread
// beside the loop watches a heartbeat the loop writes, and ends the process when the loop has
// been held longer than the stall limit, which is the drain period, so SIGTERM is never
// outlasted. Stalls shorter than that are remembered, so /livez can fail for a supervisor and a
// drain that starts right after one is shortened by what the stall already used.

import { Worker } from 'node:worker_threads';

/** How the watchdog is tuned. */
export interface WatchdogOptions {
  /** A loop held this long is ended with the process (the drain period, 10 s by default). */
  readonly stallLimitMs?: number;
  /** A stall at least this long fails /livez for `livezWindowMs` after it ends (default 2 s). */
  readonly livezThresholdMs?: number;
  readonly livezWindowMs?: number;
  /** How often the loop writes its heartbeat (default 100 ms). */
  readonly heartbeatMs?: number;
}

// Shared slots: the loop's last heartbeat (ms since the epoch), the stall limit, and a stop flag.
const beatSlot = 0;
const limitSlot = 1;
const stopSlot = 2;

/** The event-loop watchdog of one process. */
export class EventLoopWatchdog {
  readonly #shared = new BigInt64Array(new SharedArrayBuffer(3 * 8));
  readonly #worker: Worker;
  readonly #timer: NodeJS.Timeout;
  readonly #heartbeatMs: number;
  readonly #livezThresholdMs: number;
  readonly #livezWindowMs: number;
  #lastBeat = Date.now();
  #lastStall: { readonly ms: number; readonly endedAt: number } | undefined;

  constructor(opts: WatchdogOptions = {}) {
    this.#heartbeatMs = opts.heartbeatMs ?? 100;
    this.#livezThresholdMs = opts.livezThresholdMs ?? 2_000;
    this.#livezWindowMs = opts.livezWindowMs ?? 60_000;
    Atomics.store(this.#shared, beatSlot, BigInt(this.#lastBeat));
    Atomics.store(this.#shared, limitSlot, BigInt(opts.stallLimitMs ?? 10_000));
    // No inherited execArgv: the watchdog's thread needs none of the process's flags.
    this.#worker = new Worker(new URL('./event-loop-watchdog-worker.js', import.meta.url), { workerData: this.#shared, execArgv: [] });
    this.#worker.unref();
    // A watchdog that could not start must not take the server down with it; the server only loses the guard.
    this.#worker.on('error', (err) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'event-loop watchdog failed', error: err.message })}\n`));
    this.#timer = setInterval(() => this.#beat(), this.#heartbeatMs);
    this.#timer.unref();
  }

  #beat(): void {
    const now = Date.now();
    const held = now - this.#lastBeat - this.#heartbeatMs;
    if (held >= this.#livezThresholdMs) this.#lastStall = { ms: held, endedAt: now };
    this.#lastBeat = now;
    Atomics.store(this.#shared, beatSlot, BigInt(now));
  }

  /** Why /livez fails, if it does: a stall beyond the threshold that ended within the window. */
  livezFailure(now = Date.now()): string | undefined {
    const stall = this.#lastStall;
    if (!stall || now - stall.endedAt > this.#livezWindowMs) return undefined;
    return `event loop blocked for ${(stall.ms / 1000).toFixed(1)}s, ${((now - stall.endedAt) / 1000).toFixed(0)}s ago`;
  }

  /**
   * The drain period left for a SIGTERM handled now. The signal may have arrived while the loop
   * was held, so a stall that has just ended (or is ending, as this very call shows) counts
   * against the period.
   */
  graceLeft(periodMs: number, now = Date.now()): number {
    const heldNow = now - this.#lastBeat - this.#heartbeatMs;
    const justEnded = this.#lastStall && now - this.#lastStall.endedAt < 2 * this.#heartbeatMs ? this.#lastStall.ms : 0;
    return Math.max(0, periodMs - Math.max(heldNow, justEnded, 0));
  }

  /** Stops watching (the worker ends on its next look). */
  stop(): void {
    clearInterval(this.#timer);
    Atomics.store(this.#shared, stopSlot, 1n);
  }
}
