// The one order of server copies: each request that brings orders back (an import page, a GET, a PATCH)
// takes the next number of this sequence when it is SENT, and its answer is stored under that number.
// A copy replaces a stored one only when it was asked for later (cache/merge.ts), so
// - a slow import page that arrives after a PATCH answer cannot bring back what the PATCH replaced;
// - a wall clock moved back or forward changes nothing (no wall-clock time is compared).
//
// The numbers stored in the cache are the persisted part: the counter starts above the highest one, so it
// keeps growing across restarts. Only one process uses a database at a time (db/instance-lock.ts), and the
// counter is kept per connection; a request whose answer never arrived leaves a gap, which is harmless.
import type { Sqlite } from '../db/open.ts';
import { perDatabase } from '../db/prepared.ts';

const counters = perDatabase((sqlite) => {
  const highest = sqlite
    .prepare<[], number | null>(
      `SELECT max(coalesce((SELECT max(copy_seq) FROM orders), 0), coalesce((SELECT max(copy_seq) FROM refs), 0))`,
    )
    .pluck()
    .get();
  return { last: highest ?? 0 };
});

/** The number of a request about to be sent; call it right before sending, never after the answer. */
export function askCopySequence(sqlite: Sqlite): number {
  const counter = counters(sqlite);
  counter.last += 1;
  return counter.last;
}
