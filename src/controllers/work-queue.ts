// A work queue as client-go's: a key is queued once however often it is added, is never worked
// on by two workers at once, and a failed key comes back after a per-key exponential backoff.

/** Processes one key; throwing retries it later. */
export type Reconcile = (key: string) => Promise<void>;

/** Backoff bounds for retries (client-go's item exponential limiter uses 5 ms to 1000 s). */
export interface Backoff {
  readonly baseMs: number;
  readonly maxMs: number;
}

/** The queue and its workers. */
export class WorkQueue {
  readonly #pending = new Set<string>();
  readonly #order: string[] = [];
  readonly #active = new Set<string>();
  readonly #dirty = new Set<string>();
  readonly #failures = new Map<string, number>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #running = 0;
  #stopped = false;
  #idle: (() => void)[] = [];

  constructor(
    readonly reconcile: Reconcile,
    readonly workers: number,
    readonly backoff: Backoff = { baseMs: 100, maxMs: 60_000 },
    readonly onError: (key: string, err: unknown) => void = () => {},
  ) {}

  /** Keys waiting to be worked on. */
  get depth(): number {
    return this.#order.length;
  }

  /** Queues `key` (no-op if already queued; re-queued after it finishes if in progress). */
  add(key: string): void {
    if (this.#stopped) return;
    if (this.#active.has(key)) {
      this.#dirty.add(key);
      return;
    }
    if (this.#pending.has(key)) return;
    this.#pending.add(key);
    this.#order.push(key);
    this.#pump();
  }

  /** Queues `key` after its backoff. */
  addRateLimited(key: string): void {
    const n = (this.#failures.get(key) ?? 0) + 1;
    this.#failures.set(key, n);
    const delay = Math.min(this.backoff.baseMs * 2 ** (n - 1), this.backoff.maxMs);
    const t = setTimeout(() => {
      this.#timers.delete(t);
      this.add(key);
    }, delay);
    t.unref();
    this.#timers.add(t);
  }

  /** Resolves when nothing is queued or running (tests, shutdown). */
  whenIdle(): Promise<void> {
    if (this.#running === 0 && this.#order.length === 0) return Promise.resolve();
    return new Promise((r) => this.#idle.push(r));
  }

  /** Stops taking work; resolves when running work is done. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#order.length = 0;
    this.#pending.clear();
    await this.whenIdle();
  }

  #pump(): void {
    while (!this.#stopped && this.#running < this.workers && this.#order.length > 0) {
      const key = this.#order.shift()!;
      this.#pending.delete(key);
      this.#active.add(key);
      this.#running++;
      void this.#work(key);
    }
    if (this.#running === 0 && this.#order.length === 0) for (const r of this.#idle.splice(0)) r();
  }

  async #work(key: string): Promise<void> {
    try {
      await this.reconcile(key);
      this.#failures.delete(key);
    } catch (err) {
      this.onError(key, err);
      if (!this.#stopped) this.addRateLimited(key);
    } finally {
      this.#active.delete(key);
      this.#running--;
      if (this.#dirty.delete(key)) this.add(key);
      this.#pump();
    }
  }
}
