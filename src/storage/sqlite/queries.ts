// Prepared statements over the log table and the mapping from rows to KeyValues and watch events.

import type { Database, Statement } from 'better-sqlite3';
import type { KeyValue, WatchEvent } from '../store.js';

/** The newest row of a key, tombstone or not. */
export interface LatestRow {
  readonly id: number;
  readonly create_revision: number;
  readonly deleted: number;
  readonly value: Buffer;
}

interface LiveRow {
  readonly id: number;
  readonly name: string;
  readonly create_revision: number;
  readonly value: Buffer;
}

interface LogRow extends LiveRow {
  readonly deleted: number;
  readonly prev_revision: number;
  readonly p_create_revision: number | null;
  readonly p_deleted: number | null;
  readonly p_value: Buffer | null;
}

/** Parameters of a range read at one revision. */
export interface RangeParams {
  readonly start: string;
  /** Exclusive end; a BLOB sorts after every TEXT in SQLite, so a one-byte BLOB bounds the empty prefix. */
  readonly end: string | Buffer;
  readonly rev: number;
}

/** A BLOB that compares greater than every key. */
export const afterAllKeys = Buffer.from([0xff]);

const liveAt = 'name >= @start AND name < @end AND id <= @rev AND deleted = 0 AND (superseded IS NULL OR superseded > @rev)';

/** Every statement the store runs, prepared once: parsing SQL per request would dominate small writes. */
export class Queries {
  private readonly latestStmt: Statement<[string], LatestRow>;
  private readonly latestAtStmt: Statement<[string, number], LatestRow>;
  private readonly insertStmt: Statement<[number, string, number, number, number | null, number, Buffer]>;
  private readonly supersedeStmt: Statement<[number, number]>;
  private readonly pageStmt: Statement<[RangeParams & { limit: number }], LiveRow>;
  private readonly countStmt: Statement<[RangeParams], { n: number }>;
  private readonly changesStmt: Statement<[{ after: number; upTo: number; start: string; end: string | Buffer; limit: number }], LogRow>;
  private readonly compactStmt: Statement<[number]>;
  private readonly setMetaStmt: Statement<[number, string]>;
  private readonly getMetaStmt: Statement<[string], { value: number }>;
  private readonly sequenceStmt: Statement<[], { seq: number }>;

  constructor(db: Database) {
    this.latestStmt = db.prepare('SELECT id, create_revision, deleted, value FROM log WHERE name = ? ORDER BY id DESC LIMIT 1');
    this.latestAtStmt = db.prepare('SELECT id, create_revision, deleted, value FROM log WHERE name = ? AND id <= ? ORDER BY id DESC LIMIT 1');
    this.insertStmt = db.prepare(
      'INSERT INTO log (id, name, create_revision, prev_revision, superseded, deleted, value) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.supersedeStmt = db.prepare('UPDATE log SET superseded = ? WHERE id = ?');
    this.pageStmt = db.prepare(`SELECT id, name, create_revision, value FROM log WHERE ${liveAt} ORDER BY name LIMIT @limit`);
    this.countStmt = db.prepare(`SELECT count(*) AS n FROM log WHERE ${liveAt}`);
    // The previous row survives compaction whenever the event itself does (it was superseded by the event), so a
    // join gives prevKv without storing the old value twice.
    this.changesStmt = db.prepare(`
      SELECT l.id, l.name, l.create_revision, l.deleted, l.prev_revision, l.value,
             p.create_revision AS p_create_revision, p.deleted AS p_deleted, p.value AS p_value
      FROM log l LEFT JOIN log p ON p.id = l.prev_revision
      WHERE l.id > @after AND l.id <= @upTo AND l.name >= @start AND l.name < @end
      ORDER BY l.id LIMIT @limit`);
    this.compactStmt = db.prepare('DELETE FROM log WHERE superseded <= ?');
    this.setMetaStmt = db.prepare('UPDATE meta SET value = ? WHERE key = ?');
    this.getMetaStmt = db.prepare('SELECT value FROM meta WHERE key = ?');
    this.sequenceStmt = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'log'");
  }

  /** The newest row of `key`, including a tombstone. */
  latest(key: string): LatestRow | undefined {
    return this.latestStmt.get(key);
  }

  /** The newest row of `key` at or below revision `rev`, including a tombstone. */
  latestAt(key: string, rev: number): LatestRow | undefined {
    return this.latestAtStmt.get(key, rev);
  }

  /** Appends one row; `superseded` is the row's own id for a tombstone. */
  insert(id: number, key: string, createRevision: number, prevRevision: number, deleted: boolean, value: Buffer): void {
    this.insertStmt.run(id, key, createRevision, prevRevision, deleted ? id : null, deleted ? 1 : 0, value);
  }

  /** Marks row `id` as replaced at revision `by`. */
  supersede(id: number, by: number): void {
    this.supersedeStmt.run(by, id);
  }

  /** Up to `limit` live keys of the range (all if limit is -1), in key order. */
  page(range: RangeParams, limit: number): KeyValue[] {
    return this.pageStmt.all({ ...range, limit }).map(toKv);
  }

  /** How many keys of the range are live. */
  count(range: RangeParams): number {
    return this.countStmt.get(range)!.n;
  }

  /** Events in (after, upTo] under the range, at most `limit`, oldest first. */
  changes(after: number, upTo: number, start: string, end: string | Buffer, limit: number): WatchEvent[] {
    return this.changesStmt.all({ after, upTo, start, end, limit }).map(toEvent);
  }

  /** Deletes every row superseded at or before `revision`. */
  compact(revision: number): number {
    return this.compactStmt.run(revision).changes;
  }

  /** Reads a meta value. */
  meta(key: string): number {
    return this.getMetaStmt.get(key)?.value ?? 0;
  }

  /** Writes a meta value. */
  setMeta(key: string, value: number): void {
    this.setMetaStmt.run(value, key);
  }

  /** The highest revision ever assigned, even if its row was compacted away. */
  sequence(): number {
    return this.sequenceStmt.get()?.seq ?? 1;
  }
}

/** The KeyValue of a live row. */
export function toKv(row: LiveRow): KeyValue {
  return { key: row.name, value: row.value, createRevision: row.create_revision, modRevision: row.id };
}

const empty = new Uint8Array(0);

function toEvent(row: LogRow): WatchEvent {
  const prevKv: KeyValue | undefined =
    row.p_value !== null && row.p_deleted === 0
      ? { key: row.name, value: row.p_value, createRevision: row.p_create_revision!, modRevision: row.prev_revision }
      : undefined;
  if (row.deleted) {
    // A tombstone always follows a live row that was superseded by it, so prevKv exists unless the log is damaged.
    if (!prevKv) throw new Error(`log row ${row.id} deletes ${row.name} but its previous row ${row.prev_revision} is missing`);
    return { type: 'DELETE', kv: { key: row.name, value: empty, createRevision: 0, modRevision: row.id }, prevKv };
  }
  const kv = toKv(row);
  return prevKv ? { type: 'PUT', kv, prevKv } : { type: 'PUT', kv };
}
