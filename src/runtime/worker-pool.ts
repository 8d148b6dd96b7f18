// A pool of worker threads answering requests of one kind. The API server's main thread is the
// throughput limit (HTTP, JSON, storage and watch fan-out all run there), so CPU-bound work that
// needs only its input — verifying a CSR's signature, signing a certificate — is sent to threads
// on the other cores. The worker module calls `answerRequests` with its handler.
//
// Requests made in one turn of the event loop travel as one message, and their answers as one:
// waking a thread costs tens of microseconds of the sender's time, about as much as the work of
// a P-256 signature check, while a message of sixteen requests costs hardly more than one.

import { Worker, parentPort, type Transferable } from 'node:worker_threads';
import { availableParallelism } from 'node:os';

interface Envelope<T> { readonly id: number; readonly body: T }
type Answer<T> = { readonly id: number; readonly body: T } | { readonly id: number; readonly error: string };

interface Waiter {
  readonly resolve: (body: never) => void;
  readonly reject: (err: Error) => void;
  readonly worker: number;
}

interface Outbox<Req> {
  readonly envelopes: Envelope<Req>[];
  readonly transfer: Transferable[];
}

/** Sends `Req`s to worker threads running `module`, resolving to their `Res`. */
export class WorkerPool<Req, Res> {
  readonly #workers: Worker[];
  readonly #busy: number[];
  readonly #outboxes: Outbox<Req>[];
  readonly #pending = new Map<number, Waiter>();
  #next = 0;
  #flushScheduled = false;

  /** Starts `size` threads (default: one per core) of `module`, each given `workerData`. */
  constructor(module: URL, workerData?: unknown, size = availableParallelism()) {
    const n = Math.max(1, size);
    this.#busy = new Array<number>(n).fill(0);
    this.#outboxes = Array.from({ length: n }, () => ({ envelopes: [], transfer: [] }));
    this.#workers = Array.from({ length: n }, () => {
      const w = new Worker(module, { workerData });
      w.on('message', (answers: Answer<Res>[]) => {
        for (const a of answers) this.#settle(a);
      });
      // A thread that dies takes every pending request with it: none would ever be answered.
      w.on('error', (err) => {
        for (const id of [...this.#pending.keys()]) this.#settle({ id, error: err.message });
      });
      // Idle threads must not keep the process alive; busy ones must (see run and #settle).
      w.unref();
      return w;
    });
  }

  /** Runs `body` on the least loaded thread. */
  run(body: Req, transfer: readonly Transferable[] = []): Promise<Res> {
    let worker = 0;
    for (let i = 1; i < this.#busy.length; i++) if (this.#busy[i]! < this.#busy[worker]!) worker = i;
    const id = this.#next++;
    if (this.#busy[worker]!++ === 0) this.#workers[worker]!.ref();
    const outbox = this.#outboxes[worker]!;
    outbox.envelopes.push({ id, body });
    outbox.transfer.push(...transfer);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => this.#flush());
    }
    return new Promise<Res>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (body: never) => void, reject, worker });
    });
  }

  #flush(): void {
    this.#flushScheduled = false;
    this.#outboxes.forEach((outbox, i) => {
      if (outbox.envelopes.length === 0) return;
      this.#workers[i]!.postMessage(outbox.envelopes.splice(0), outbox.transfer.splice(0));
    });
  }

  #settle(msg: Answer<Res>): void {
    const waiter = this.#pending.get(msg.id);
    if (!waiter) return;
    this.#pending.delete(msg.id);
    if (--this.#busy[waiter.worker]! === 0) this.#workers[waiter.worker]!.unref();
    if ('error' in msg) waiter.reject(new Error(msg.error));
    else waiter.resolve(msg.body as never);
  }

  /** Stops the threads; requests still pending are rejected. */
  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
    for (const id of [...this.#pending.keys()]) this.#settle({ id, error: 'worker pool closed' });
  }
}

/**
 * In a worker module: answers each request with `handle`'s result; a thrown error becomes the
 * request's rejection. `transferOf` names buffers of the result to move rather than copy.
 */
export function answerRequests<Req, Res>(handle: (body: Req) => Res, transferOf: (res: Res) => readonly Transferable[] = () => []): void {
  const port = parentPort;
  if (!port) throw new Error('answerRequests runs only in a worker thread');
  port.on('message', (batch: Envelope<Req>[]) => {
    const answers: Answer<Res>[] = [];
    const transfer: Transferable[] = [];
    for (const { id, body } of batch) {
      try {
        const res = handle(body);
        answers.push({ id, body: res });
        transfer.push(...transferOf(res));
      } catch (err) {
        answers.push({ id, error: err instanceof Error ? err.message : String(err) });
      }
    }
    port.postMessage(answers, transfer);
  });
}
