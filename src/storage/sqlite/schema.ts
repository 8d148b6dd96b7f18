// The SQLite schema: an append-only log whose row id is the revision, plus the pragmas that make a commit durable.

import Sqlite, { type Database } from 'better-sqlite3';
import { StoreError, StoreLockedError } from '../store.js';

/** Bumped when the layout changes; a database of another version is refused rather than misread. */
export const schemaVersion = 1;

/**
 * One row per write. `id` is the revision. A row is live at revision R when `id <= R`, it is not a tombstone, and it
 * was not yet superseded at R (`superseded` is NULL or > R). Recording `superseded` on the previous row (one extra
 * update per write, unlike a pure append) makes "live at R" a filter on one covering index, so a page of a pinned
 * list and its count never touch other rows of the same key; a tombstone supersedes itself so that compaction
 * (`superseded <= target`) removes replaced rows and old tombstones with one indexed delete. AUTOINCREMENT keeps
 * revisions from being reused after compaction deletes the newest row (a tombstone).
 */
const createSql = `
CREATE TABLE log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  superseded INTEGER,
  deleted INTEGER NOT NULL,
  value BLOB NOT NULL
);
CREATE INDEX log_name ON log (name, id, superseded, deleted);
CREATE INDEX log_superseded ON log (superseded) WHERE superseded IS NOT NULL;
CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('compact_revision', 0);
-- An empty store is at revision 1, as an empty etcd is, so that no list ever reports resourceVersion 0.
INSERT INTO sqlite_sequence (name, seq) VALUES ('log', 1);
`;

/**
 * Makes commits durable on one connection (the store has two: its writer thread's and the main thread's, which only
 * reads). synchronous=FULL: WAL's default NORMAL skips the fsync at commit and can lose acknowledged writes on power
 * loss. Which process may open the database at all is decided by `lockStore`, before any connection.
 */
export function configure(db: Database, path: string): void {
  db.pragma('journal_mode = WAL');
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') throw new StoreError(`cannot put ${path} in WAL mode`);
  db.pragma('synchronous = FULL');
  // 32 MiB page cache: hot index pages stay in memory while RSS stays well inside the 400 MiB budget.
  db.pragma('cache_size = -32768');
  db.pragma('foreign_keys = OFF');
}

/**
 * Takes the database for this process: an exclusive lock on `<path>.lock`, held by a connection kept open for the
 * store's lifetime. SQLite's locking_mode=EXCLUSIVE never releases a lock once taken, and the operating system drops
 * it with the process, so a SIGKILLed server leaves nothing stale behind (a pid file would need liveness checks and
 * races with pid reuse). The database itself cannot be opened that way: its two connections share it through WAL.
 * Not for network file systems.
 */
export function lockStore(path: string, timeoutMs: number): Database {
  const lock = new Sqlite(`${path}.lock`, { timeout: timeoutMs });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('BEGIN EXCLUSIVE; COMMIT');
    return lock;
  } catch (err) {
    lock.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new StoreLockedError(path);
    throw err;
  }
}

/** Creates the tables on a new database and checks the version of an existing one. */
export function migrate(db: Database, path: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === schemaVersion) return;
  if (version !== 0) throw new StoreError(`database ${path} has schema version ${version}; this signet reads ${schemaVersion}`);
  db.transaction(() => {
    db.exec(createSql);
    db.pragma(`user_version = ${schemaVersion}`);
  })();
}
