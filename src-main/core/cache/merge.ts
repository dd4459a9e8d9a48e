// THE one path by which an order enters the local cache: an import page, a GET of one order and the
// answer to a PATCH all come through mergeIntoCache. One path means the index, the filter columns and
// the stored JSON can never disagree about an order.
import type { Sqlite } from '../db/open.ts';
import { indexOrder } from '../search/index-writer.ts';
import { isJsonObject } from '../ticketscloud/response-shape.ts';
import type { Order, Refs } from '../ticketscloud/types.ts';
import { perDatabase } from '../db/prepared.ts';
import { withoutFsync } from '../db/without-fsync.ts';

export interface MergeReport {
  /** Orders written (new or newer than the cached copy). */
  merged: number;
  /** Orders asked for before the copy already cached (see copy-sequence.ts), left as they were. */
  stale: number;
}

/** id, number, status, event_id, created_at, expired_after, json, fetched_at, copy_seq — positional: binding by name costs more on this hot path. */
type OrderRowParams = [string, number, string, string, string, string | null, string, number, number];

const statements = perDatabase((sqlite) => {
  // An older copy never overwrites a newer one: a page asked for before a PATCH but merged after its
  // answer must not bring back the old customer. RETURNING gives the rowid only when the row was written.
  const upsertOrder = sqlite.prepare<OrderRowParams, { rowid: number }>(
    `INSERT INTO orders (id, number, status, event_id, created_at, expired_after, json, fetched_at, copy_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET
       number = excluded.number, status = excluded.status, event_id = excluded.event_id,
       created_at = excluded.created_at, expired_after = excluded.expired_after,
       json = excluded.json, fetched_at = excluded.fetched_at, copy_seq = excluded.copy_seq
     WHERE excluded.copy_seq >= orders.copy_seq
     RETURNING rowid`,
  );
  const upsertRef = sqlite.prepare<[string, string, string, number, number]>(
    `INSERT INTO refs (kind, id, json, fetched_at, copy_seq) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (kind, id) DO UPDATE SET json = excluded.json, fetched_at = excluded.fetched_at, copy_seq = excluded.copy_seq
     WHERE excluded.copy_seq >= refs.copy_seq`,
  );

  // Runs inside withoutFsync's transaction (see mergeIntoCache).
  function merge(orders: readonly Order[], refs: Refs, askedSeq: number, fetchedAt: number): MergeReport {
    mergeRefs(refs, askedSeq, fetchedAt);
    const report: MergeReport = { merged: 0, stale: 0 };
    const written: { rowid: number; order: Order }[] = [];
    for (const order of orders) {
      // The filter columns; a date or event the server left out reads as "unknown" (empty).
      const row = upsertOrder.get(
        order.id,
        order.number,
        order.status,
        order.event ?? '',
        order.created_at ?? '',
        order.expired_after ?? null,
        JSON.stringify(order),
        fetchedAt,
        askedSeq,
      );
      if (row === undefined) report.stale++;
      else written.push({ rowid: row.rowid, order });
    }
    // Indexed after all the rows, not one by one: FTS5 buffers a run of index writes in memory, and
    // interleaving them with writes to another table made a page's merge twice as slow (bench/search.ts).
    for (const { rowid, order } of written) indexOrder(sqlite, rowid, order);
    report.merged = written.length;
    return report;
  }

  function mergeRefs(refs: Refs, askedSeq: number, fetchedAt: number): void {
    for (const [kind, byId] of Object.entries(refs)) {
      // The kinds the app reads were parsed by the client; of a kind it does not read (partners, or one
      // added later) anything that is not an object is not a ref — a server may put counters there.
      if (!isJsonObject(byId)) continue;
      for (const [id, ref] of Object.entries(byId)) {
        if (isJsonObject(ref)) upsertRef.run(kind, id, JSON.stringify(ref), fetchedAt, askedSeq);
      }
    }
  }

  return { merge };
});

/**
 * Upserts the orders (their JSON whole, unknown fields included, plus the filter columns), the refs
 * they came with, and their search entries, in one transaction (committed without fsync). The orders
 * are what the client parsed (ticketscloud/response-shape.ts): a malformed one never gets this far.
 *
 * @param askedSeq the number askCopySequence gave when this copy was asked for: a copy asked for before
 *   the cached one is not applied.
 * @param receivedAt when it arrived (wall clock, ms): only shown as the copy's age.
 */
export function mergeIntoCache(
  sqlite: Sqlite,
  orders: readonly Order[],
  refs: Refs,
  askedSeq: number,
  receivedAt: number = Date.now(),
): MergeReport {
  const { merge } = statements(sqlite);
  // A server copy can always be fetched again, so its commit skips the fsync (db/without-fsync.ts).
  // Inside a caller's transaction (the engine's, an import page's) it nests as a savepoint and the
  // caller decides how that transaction is committed.
  return withoutFsync(sqlite, () => merge(orders, refs, askedSeq, receivedAt));
}
