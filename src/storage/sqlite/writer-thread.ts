// The SQLite store's writer thread: the only connection that writes. Every batch that reached it
// while the previous commit was waiting for its fsync joins the next transaction, so the number
// of commits follows the disk, not the timing of the event loop; the main thread, which runs the
// API server, never waits for a commit.

import Database from 'better-sqlite3';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { configure } from './schema.js';
import { Queries, type LatestRow } from './queries.js';
import { Packer, type FromWriter, type PackedKv, type ToWriter, type WriteOp, type WriteResult } from './writer-protocol.js';

/** What the store passes to the thread. */
export interface WriterData {
  readonly path: string;
}

class Refusal {
  constructor(readonly result: Extract<WriteResult, { ok: false }>) {}
}

interface Batch {
  readonly ops: readonly WriteOp[];
  readonly values: Uint8Array;
}

/** Applies batches of writes to the log, one transaction for all batches waiting. */
class LogWriter {
  readonly #q: Queries;
  readonly #runAll: (batches: readonly Batch[], out: WriteResult[][], packers: Packer[]) => void;
  readonly #runGroup: (ops: readonly WriteOp[], values: Uint8Array, packer: Packer) => WriteResult[];
  readonly #savepoint: Database.Statement;
  readonly #rollback: Database.Statement;
  readonly #release: Database.Statement;
  #rev: number;
  /** The revision the last write applied got, 0 if it was refused: a chained write's precondition. */
  #lastRevision = 0;

  constructor(private readonly db: Database.Database) {
    this.#q = new Queries(db);
    this.#rev = this.#q.sequence();
    this.#savepoint = db.prepare('SAVEPOINT write_group');
    this.#rollback = db.prepare('ROLLBACK TO write_group');
    this.#release = db.prepare('RELEASE write_group');
    this.#runAll = db.transaction((batches: readonly Batch[], out: WriteResult[][], packers: Packer[]) => {
      batches.forEach((b, i) => {
        const results: WriteResult[] = [];
        for (const group of groupsOf(b.ops)) results.push(...this.#applyGroup(group, b.values, packers[i]!));
        out.push(results);
      });
    });
    this.#runGroup = db.transaction((ops: readonly WriteOp[], values: Uint8Array, packer: Packer) => this.#applyGroup(ops, values, packer));
  }

  /** Commits `batches` together; if SQLite refuses that, each group of writes is retried alone, so one bad write fails alone. */
  commit(batches: readonly Batch[]): { results: WriteResult[]; values: ArrayBuffer }[] {
    const start = this.#rev;
    const packers = batches.map(() => new Packer());
    const out: WriteResult[][] = [];
    try {
      this.#runAll(batches, out, packers);
      return out.map((results, i) => ({ results, values: packers[i]!.take() }));
    } catch {
      // The whole transaction rolled back, and the revisions it handed out with it.
      this.#rev = start;
      return batches.map((b) => {
        const packer = new Packer();
        const results: WriteResult[] = [];
        for (const group of groupsOf(b.ops)) results.push(...this.#commitGroup(group, b.values, packer));
        return { results, values: packer.take() };
      });
    }
  }

  #commitGroup(ops: readonly WriteOp[], values: Uint8Array, packer: Packer): WriteResult[] {
    const start = this.#rev;
    try {
      return this.#runGroup(ops, values, packer);
    } catch (err) {
      this.#rev = start;
      this.#lastRevision = 0;
      return ops.map(() => ({ ok: false, refusal: 'failed', message: (err as Error).message }));
    }
  }

  /** Applies a group of writes all or none: a refusal of one undoes the others (savepoint). */
  #applyGroup(ops: readonly WriteOp[], values: Uint8Array, packer: Packer): WriteResult[] {
    if (ops.length === 1) return [this.#applyOne(ops[0]!, values, packer)];
    const start = this.#rev;
    this.#savepoint.run();
    const results = ops.map((op) => this.#applyOne(op, values, packer));
    if (results.every((r) => r.ok)) {
      this.#release.run();
      return results;
    }
    this.#rollback.run();
    this.#release.run();
    this.#rev = start;
    this.#lastRevision = 0;
    return results.map((r) => (r.ok ? { ok: false, refusal: 'aborted' } : r));
  }

  compact(revision: number): void {
    this.db.transaction(() => {
      this.#q.compact(revision);
      this.#q.setMeta('compact_revision', revision);
    })();
  }

  #applyOne(op: WriteOp, values: Uint8Array, packer: Packer): WriteResult {
    const result = this.#apply(op, values, packer);
    this.#lastRevision = result.ok ? result.revision : 0;
    return result;
  }

  #apply(op: WriteOp, values: Uint8Array, packer: Packer): WriteResult {
    try {
      this.#checkFence(op);
      const latest = this.#q.latest(op.key);
      if (op.op === 'create') {
        if (latest && !latest.deleted) throw new Refusal({ ok: false, refusal: 'exists' });
        const rev = ++this.#rev;
        this.#q.insert(rev, op.key, rev, latest?.id ?? 0, false, this.#value(op, values));
        return { ok: true, revision: rev, createRevision: rev, prev: undefined };
      }
      const prev = this.#live(op, latest, packer);
      const rev = ++this.#rev;
      const deleted = op.op === 'delete';
      this.#q.insert(rev, op.key, latest!.create_revision, latest!.id, deleted, deleted ? Buffer.alloc(0) : this.#value(op, values));
      this.#q.supersede(latest!.id, rev);
      return { ok: true, revision: rev, createRevision: latest!.create_revision, prev };
    } catch (err) {
      if (err instanceof Refusal) return err.result;
      throw err;
    }
  }

  #value(op: WriteOp, values: Uint8Array): Buffer {
    return Buffer.from(values.buffer, values.byteOffset + op.at, op.length);
  }

  #live(op: WriteOp, latest: LatestRow | undefined, packer: Packer): PackedKv {
    if (!latest || latest.deleted) throw new Refusal({ ok: false, refusal: 'not-found' });
    const kv = { createRevision: latest.create_revision, modRevision: latest.id, ...packer.add(latest.value) };
    const expected = op.chained ? this.#lastRevision : op.expected;
    if (expected !== -1 && expected !== latest.id) throw new Refusal({ ok: false, refusal: 'conflict', current: kv });
    return kv;
  }

  #checkFence(op: WriteOp): void {
    if (!op.fence) return;
    const row = this.#q.latest(op.fence.key);
    if (!row || row.deleted || row.create_revision !== op.fence.createRevision) throw new Refusal({ ok: false, refusal: 'fence-lost' });
  }
}

/** The ops of a batch split into their all-or-none groups (a write marked withPrevious joins the one before). */
function groupsOf(ops: readonly WriteOp[]): WriteOp[][] {
  const groups: WriteOp[][] = [];
  for (const op of ops) {
    if (op.withPrevious && groups.length > 0) groups[groups.length - 1]!.push(op);
    else groups.push([op]);
  }
  return groups;
}

function post(msg: FromWriter, transfer: ArrayBuffer[] = []): void {
  parentPort!.postMessage(msg, transfer);
}

const { path } = workerData as WriterData;
let writer: LogWriter;
let db: Database.Database;
try {
  db = new Database(path);
  configure(db, path);
  writer = new LogWriter(db);
  post({ kind: 'ready' });
} catch (err) {
  post({ kind: 'broken', message: (err as Error).message });
  throw err;
}

/** Runs the messages waiting, in order: consecutive write batches share one transaction. */
function drain(first: ToWriter): void {
  const queue: ToWriter[] = [first];
  for (let m = receiveMessageOnPort(parentPort!); m; m = receiveMessageOnPort(parentPort!)) queue.push(m.message as ToWriter);
  for (let i = 0; i < queue.length;) {
    const msg = queue[i]!;
    if (msg.kind === 'writes') {
      const batches: Batch[] = [];
      for (; i < queue.length && queue[i]!.kind === 'writes'; i++) {
        const w = queue[i] as Extract<ToWriter, { kind: 'writes' }>;
        batches.push({ ops: w.ops, values: new Uint8Array(w.values) });
      }
      for (const { results, values } of writer.commit(batches)) post({ kind: 'writes', results, values }, [values]);
      continue;
    }
    i++;
    if (msg.kind === 'close') {
      db.close();
      post({ kind: 'done' });
      parentPort!.close();
      return;
    }
    try {
      if (msg.kind === 'compact') writer.compact(msg.revision);
      else db.pragma('wal_checkpoint(PASSIVE)');
      post({ kind: 'done' });
    } catch (err) {
      post({ kind: 'done', error: (err as Error).message });
    }
  }
}

parentPort!.on('message', (msg: ToWriter) => {
  try {
    drain(msg);
  } catch (err) {
    post({ kind: 'broken', message: (err as Error).message });
  }
});
