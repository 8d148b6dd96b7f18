// The SQLite store's side of its writer thread: batching writes into messages, matching answers
// to the messages they answer, and failing everything owed when the thread is gone.

import { Worker } from 'node:worker_threads';
import { StoreClosedError, StoreError } from '../store.js';
import { Packer, type FromWriter, type ToWriter, type WriteRequest, type WriteResult } from './writer-protocol.js';
import type { WriterData } from './writer-thread.js';

/** A write sent, or about to be sent, to the writer. */
export interface PendingWrite {
  readonly op: WriteRequest;
  /** The value as the caller gave it: watchers get these bytes, not the writer's copy. */
  readonly value: Uint8Array;
  readonly resolve: (value: never) => void;
  readonly reject: (error: unknown) => void;
}

/** What the store does with a batch the writer committed: tell watchers, then settle each write. */
export type CommittedHandler = (writes: readonly PendingWrite[], results: readonly WriteResult[], values: ArrayBuffer) => void;

/** A message to the writer thread that awaits its answer; answers come in the order the messages went. */
type InFlight =
  | { readonly kind: 'writes'; readonly writes: readonly PendingWrite[] }
  | { readonly kind: 'done'; readonly settle: (error: string | undefined) => void };

/** Write batches with the writer at once: one committing, one waiting to join the next commit. */
const maxWriteBatchesInFlight = 2;

/**
 * Writes go to the writer thread in batches: those requested in one turn of the event loop, or, while two batches
 * are already with the writer (one committing, one waiting), all those requested until one of them is answered.
 * The writer commits every batch that reached it while it was busy as one transaction, so commits follow the disk;
 * and the main thread wakes the writer about once per commit, not once per turn, since on a busy machine each
 * wake-up costs it a context switch.
 */
export class WriterClient {
  private readonly writer: Worker;
  /** Messages sent to the writer and not yet answered, oldest first. */
  private readonly inFlight: InFlight[] = [];
  /** Set when the writer thread failed: every write from then on fails with it. */
  private broken: Error | undefined;
  private pending: PendingWrite[] = [];
  private flushScheduled = false;
  private writeBatchesInFlight = 0;
  private closed = false;

  constructor(path: string, private readonly onCommitted: CommittedHandler) {
    const data: WriterData = { path };
    this.writer = new Worker(new URL('./writer-thread.js', import.meta.url), { workerData: data });
    this.writer.once('message', (m: FromWriter) => {
      if (m.kind === 'ready') this.writer.on('message', (msg: FromWriter) => this.answered(msg));
      else this.fail(new StoreError(`the database writer could not start: ${m.kind === 'broken' ? m.message : m.kind}`));
    });
    this.writer.on('error', (err) => this.fail(new StoreError(`the database writer stopped: ${err.message}`)));
    // Idle, the writer must not keep the process alive; with answers owed, it must (see send and answered).
    this.writer.unref();
  }

  /** Queues one write; it settles once its batch committed (or failed). */
  write<T>(op: WriteRequest, value: Uint8Array): Promise<T> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    if (this.broken) return Promise.reject(this.broken);
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ op, value, resolve: resolve as (value: never) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Deletes the rows superseded at or before `revision` (one transaction). */
  compact(revision: number): Promise<void> {
    return this.toWriter({ kind: 'compact', revision });
  }

  /** A passive WAL checkpoint. */
  checkpoint(): Promise<void> {
    return this.toWriter({ kind: 'checkpoint' });
  }

  /** Sends what is queued, lets the writer answer it all, and stops the thread. */
  async close(): Promise<void> {
    this.flush(true);
    this.closed = true;
    if (!this.broken) await this.toWriter({ kind: 'close' }).catch(() => undefined);
    await this.writer.terminate();
  }

  private flush(force = false): void {
    this.flushScheduled = false;
    const writes = this.pending;
    if (writes.length === 0 || (this.writeBatchesInFlight >= maxWriteBatchesInFlight && !force)) return;
    this.pending = [];
    try {
      this.sendWrites(writes);
    } catch {
      // A write that cannot even be sent (a key that is no string) fails alone, not the writes batched with it.
      for (const w of writes) {
        try {
          this.sendWrites([w]);
        } catch (err) {
          w.reject(new StoreError(`cannot write ${String(w.op.key)}: ${(err as Error).message}`));
        }
      }
    }
  }

  private sendWrites(writes: readonly PendingWrite[]): void {
    const packer = new Packer();
    const ops = writes.map((w) => ({ ...w.op, ...packer.add(w.value) }));
    const values = packer.take();
    this.send({ kind: 'writes', ops, values }, { kind: 'writes', writes }, [values]);
    this.writeBatchesInFlight++;
  }

  /** Sends a message that is answered with `done`. */
  private toWriter(msg: ToWriter): Promise<void> {
    if (this.broken) return Promise.reject(this.broken);
    return new Promise((resolve, reject) => {
      this.send(msg, { kind: 'done', settle: (error) => (error === undefined ? resolve() : reject(new StoreError(error))) });
    });
  }

  private send(msg: ToWriter, awaiting: InFlight, transfer: ArrayBuffer[] = []): void {
    this.writer.postMessage(msg, transfer);
    if (this.inFlight.push(awaiting) === 1) this.writer.ref();
  }

  private answered(msg: FromWriter): void {
    if (msg.kind === 'broken') {
      this.fail(new StoreError(`the database writer failed: ${msg.message}`));
      return;
    }
    const awaiting = this.inFlight.shift();
    if (this.inFlight.length === 0) this.writer.unref();
    if (!awaiting) return;
    if (awaiting.kind === 'done') {
      awaiting.settle(msg.kind === 'done' ? msg.error : `unexpected answer ${msg.kind}`);
    } else if (msg.kind === 'writes') {
      this.writeBatchesInFlight--;
      this.onCommitted(awaiting.writes, msg.results, msg.values);
      if (!this.closed) this.flush();
    }
  }

  /** The writer is gone: nothing sent to it will be answered, and nothing more can be written. */
  private fail(err: Error): void {
    if (this.broken) return;
    this.broken = err;
    for (const awaiting of this.inFlight.splice(0)) {
      if (awaiting.kind === 'done') awaiting.settle(err.message);
      else for (const w of awaiting.writes) w.reject(err);
    }
    for (const w of this.pending.splice(0)) w.reject(err);
    this.writer.unref();
  }
}
