// One engine per database. Two processes draining one outbox both send the same edits — overlapping
// requests for one order, which Ticketscloud answers with 409 and which can reorder a clerk's changes. So
// the process that runs the engine holds a lock for as long as it runs, and a second one refuses to start.
//
// The lock is SQLite's own: a sidecar file `<db>.lock` opened in `locking_mode=EXCLUSIVE` and written
// once, which keeps an exclusive OS file lock (fcntl on Linux/macOS, LockFileEx on Windows) until the
// connection closes. The OS drops the lock when the process dies, so a crash or kill -9 leaves nothing
// stale to clean up — unlike a pid file, which needs a liveness guess (and pids are reused). The sidecar,
// not the database itself: an exclusive lock on the database would also shut out readers (a backup with
// the sqlite3 shell, a test's observer connection).
//
// The holder writes who it is into the sidecar. SQLite puts its lock bytes at the 1 GiB offset, beyond this
// tiny file, so a refused process can still read the file's bytes and open that snapshot in memory to name
// the holder in its message.
import { readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import type { LocalizedText } from '../contract.ts';
import { localize, type MessageRef } from '../messages/catalog.ts';

export interface InstanceHolder {
  pid: number;
  /** What the process is: "headless", "desktop"… */
  kind: string;
  /** ISO 8601, UTC. */
  startedAt: string;
  host: string;
}

export interface InstanceLock {
  readonly file: string;
  /** Gives the lock up (idempotent). Also happens by itself when the process ends, however it ends. */
  release(): void;
}

/** Thrown when another live process holds the database; `message` is the English and Russian text. */
export class DatabaseInUseError extends Error {
  readonly text: LocalizedText;

  constructor(
    readonly dbFile: string,
    /** null when the holder could not be read (it may be writing its details right now). */
    readonly holder: InstanceHolder | null,
  ) {
    const text = databaseInUseText(dbFile, holder);
    super(`${text.en}\n${text.ru}`);
    this.name = 'DatabaseInUseError';
    this.text = text;
  }
}

export function lockFileOf(dbFile: string): string {
  return `${dbFile}.lock`;
}

// Long enough for two processes starting at the same instant to sort out who wins (SQLite returns BUSY at
// once to the one that would deadlock, which then closes and lets the other through), short enough that a
// refused start answers at once.
const BUSY_TIMEOUT_MS = 500;
const UNREADABLE_FILE_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

/**
 * Takes the lock of `dbFile` for this process, or throws DatabaseInUseError when a live process holds it.
 * A second call in the same process is refused too: SQLite tracks its locks per file, not per process.
 */
export function acquireInstanceLock(dbFile: string, kind: string): InstanceLock {
  const file = lockFileOf(dbFile);
  try {
    return tryLock(dbFile, file, kind);
  } catch (error) {
    // The sidecar holds nothing of value: one that is not a database any more (a disk fault, a stray
    // copy) is replaced instead of blocking every start. No live holder can have it open in that state.
    if (!UNREADABLE_FILE_CODES.has((error as { code?: string } | null)?.code ?? '')) throw error;
    rmSync(file, { force: true });
    rmSync(`${file}-journal`, { force: true });
    return tryLock(dbFile, file, kind);
  }
}

function tryLock(dbFile: string, file: string, kind: string): InstanceLock {
  const connection = new Database(file);
  try {
    connection.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    connection.pragma('locking_mode = EXCLUSIVE');
    // EXCLUSIVE straight away, not a read first: a shared lock kept by locking_mode=EXCLUSIVE in two
    // processes at once would leave neither able to write.
    connection.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    connection.close();
    if ((error as { code?: string } | null)?.code === 'SQLITE_BUSY') throw new DatabaseInUseError(dbFile, readHolder(file));
    throw error;
  }
  try {
    connection.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, kind TEXT NOT NULL, started_at TEXT NOT NULL, host TEXT NOT NULL)');
    connection.exec('DELETE FROM holder');
    connection
      .prepare('INSERT INTO holder (pid, kind, started_at, host) VALUES (?, ?, ?, ?)')
      .run(process.pid, kind, new Date().toISOString(), hostname());
    connection.exec('COMMIT');
  } catch (error) {
    connection.close();
    throw error;
  }
  let released = false;
  return {
    file,
    release() {
      if (released) return;
      released = true;
      connection.close();
    },
  };
}

/** Who holds the lock, read from a snapshot of the sidecar's bytes; null when that snapshot is unreadable. */
function readHolder(file: string): InstanceHolder | null {
  try {
    const snapshot = new Database(readFileSync(file), { readonly: true });
    try {
      const row = snapshot.prepare('SELECT pid, kind, started_at, host FROM holder LIMIT 1').get() as
        | { pid: number; kind: string; started_at: string; host: string }
        | undefined;
      return row ? { pid: row.pid, kind: row.kind, startedAt: row.started_at, host: row.host } : null;
    } finally {
      snapshot.close();
    }
  } catch {
    return null;
  }
}

export function databaseInUseText(dbFile: string, holder: InstanceHolder | null): LocalizedText {
  if (holder === null) return localize('error.database_in_use', { file: dbFile, holder: '' });
  const elsewhere = holder.host !== hostname();
  const who: MessageRef = {
    message: elsewhere ? 'holder.elsewhere' : 'holder.here',
    params: { kind: holder.kind, pid: holder.pid, host: holder.host, startedAt: `${holder.startedAt.slice(0, 16).replace('T', ' ')} UTC` },
  };
  return localize('error.database_in_use', { file: dbFile, holder: who });
}
