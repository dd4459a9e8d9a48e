// The one order of server copies: each request that brings orders back (an import page, a GET, a PATCH)
// takes the next number of this sequence when it is SENT, and its answer is stored under that number.
// A copy replaces a stored one only when it was asked for later (cache/merge.ts), so
// - a slow import page that arrives after a PATCH answer cannot bring back what the PATCH replaced;
// - a wall clock moved back or forward changes nothing (no wall-clock time is compared).
//
// The numbers keep growing across restarts. Finding the highest one stored meant scanning every cached
// order and ref (150 ms and more with 100 000 orders, on the loop that serves the clerk), so instead the
// numbers are handed out in blocks: a ceiling kept in `settings` is raised by a block BEFORE any number of
// the block is used, and a start continues from the stored ceiling — above everything handed out before.
// (drizzle/0005 seeded the ceiling from the stored numbers once.) Only one process uses a database at a
// time (db/instance-lock.ts); numbers skipped by a restart or a request whose answer never came are harmless.
import type { Sqlite } from '../db/open.ts';
import { perDatabase } from '../db/prepared.ts';
import { readSetting, writeSetting } from '../db/settings.ts';
import { withoutFsync } from '../db/without-fsync.ts';

const CEILING_KEY = 'copy_seq_ceiling';
/** Numbers reserved per write of the ceiling: one small commit per this many requests. */
export const COPY_SEQUENCE_BLOCK = 10_000;

const counters = perDatabase((sqlite) => {
  // No readable ceiling (the row was removed by hand): the scan the migration did, once.
  const highestStored = (): number =>
    sqlite
      .prepare<[], number | null>('SELECT max(coalesce((SELECT max(copy_seq) FROM orders), 0), coalesce((SELECT max(copy_seq) FROM refs), 0))')
      .pluck()
      .get() ?? 0;
  const stored = Number(readSetting(sqlite, CEILING_KEY));
  const ceiling = Number.isSafeInteger(stored) && stored >= 0 ? stored : highestStored();
  return {
    last: ceiling,
    ceiling,
    // Without fsync, like the copies it numbers: WAL keeps commits in order, so a power cut that takes the
    // new ceiling back also takes back every copy stored under a number of its block.
    raise(to: number): void {
      withoutFsync(sqlite, () => writeSetting(sqlite, CEILING_KEY, String(to)));
      this.ceiling = to;
    },
  };
});

/** The number of a request about to be sent; call it right before sending, never after the answer. */
export function askCopySequence(sqlite: Sqlite): number {
  const counter = counters(sqlite);
  const next = counter.last + 1;
  if (next > counter.ceiling) {
    // A transaction that rolled back would take the new ceiling with it while its numbers are in use.
    if (sqlite.inTransaction) throw new Error('askCopySequence was called inside a transaction: call it right before sending');
    counter.raise(next - 1 + COPY_SEQUENCE_BLOCK);
  }
  counter.last = next;
  return next;
}
