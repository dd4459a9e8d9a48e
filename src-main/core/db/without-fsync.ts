// Commits of data the app can always get back skip the per-commit fsync: synchronous=NORMAL for the
// duration of one transaction; db/open.ts keeps FULL for everything else (saveEdit above all).
//
// Why that is safe: WAL keeps commits in order, so a power cut can only take back the LAST few commits,
// never corrupt the file or reorder them; an app crash loses nothing at all (the WAL is already in the
// OS); and the next FULL commit (a clerk's saveEdit) makes everything before it durable too. Callers
// use it only for writes that can be lost without losing anything the clerk saved: server copies in
// the cache (an import page, a GET, a PATCH answer — fetched again), and the sync engine's own state
// changes (each is resent idempotently, see sync/engine-store.ts).
// What it buys: the fsync (4 ms or more here) blocked the event loop on every commit — every request
// of the engine (bench (a): 26.7 s → 7.1 s), every page of an import and every GET merged. A page of
// 200 orders is CPU-bound (~100 µs per order), so for imports the gain is within the bench's noise.
import type { Sqlite } from './open.ts';

/**
 * Runs `write` in one transaction committed without fsync. Inside a caller's transaction it simply
 * runs (as a savepoint): whoever opened the transaction decides how it is committed.
 */
// Through `sqlite.pragma()` every time, never a prepared statement: SQLite applies `PRAGMA synchronous = …`
// when the statement is compiled, so re-running a prepared one does not switch it back.
export function withoutFsync<T>(sqlite: Sqlite, write: () => T): T {
  if (sqlite.inTransaction) return sqlite.transaction(write)();
  const previous = Number(sqlite.pragma('synchronous', { simple: true }));
  sqlite.pragma('synchronous = NORMAL');
  try {
    return sqlite.transaction(write)();
  } finally {
    sqlite.pragma(`synchronous = ${previous}`);
  }
}
