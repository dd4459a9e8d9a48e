// THE one path by which an order enters the local cache: an import page, a GET of one order and the
// answer to a PATCH all come through mergeIntoCache. One path means the index, the filter columns and
// the stored JSON can never disagree about an order.
import type { Sqlite } from '../db/open.ts';
import { indexEntryOf, writeIndexEntry, type IndexEntry } from '../search/index-writer.ts';
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

/** The stored copy's identity and what the merge compares: read by primary key before each write. */
interface StoredOrder {
  rowid: number;
  number: number;
  status: string;
  eventId: string;
  createdAt: string;
  copySeq: number;
  searchKey: string | null;
}

/** The filter columns of an order; a date or event the server left out reads as "unknown" (empty). */
function filterColumnsOf(order: Order): { number: number; status: string; eventId: string; createdAt: string; expiredAfter: string | null } {
  return {
    number: order.number,
    status: order.status,
    eventId: order.event ?? '',
    createdAt: order.created_at ?? '',
    expiredAfter: order.expired_after ?? null,
  };
}

const statements = perDatabase((sqlite) => {
  // Positional parameters throughout: binding by name costs more on this hot path.
  const findOrder = sqlite.prepare<[string], StoredOrder>(
    `SELECT rowid, number, status, event_id AS eventId, created_at AS createdAt, copy_seq AS copySeq, search_key AS searchKey
     FROM orders WHERE id = ?`,
  );
  // Tried first: an import's orders are mostly new, and then this one statement is the whole write.
  const insertNewOrder = sqlite.prepare<[string, number, string, string, string, string | null, string, number, number, string], { rowid: number }>(
    `INSERT INTO orders (id, number, status, event_id, created_at, expired_after, json, fetched_at, copy_seq, search_key)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING rowid`,
  );
  // The common case, a newer copy whose filter columns did not change: SQLite then rewrites no index
  // page at all (it skips the indexes of columns a statement does not set).
  const updateCopy = sqlite.prepare<[string | null, string, number, number, string, number]>(
    'UPDATE orders SET expired_after = ?, json = ?, fetched_at = ?, copy_seq = ?, search_key = ? WHERE rowid = ?',
  );
  const updateAll = sqlite.prepare<[number, string, string, string, string | null, string, number, number, string, number]>(
    `UPDATE orders SET number = ?, status = ?, event_id = ?, created_at = ?, expired_after = ?, json = ?, fetched_at = ?,
       copy_seq = ?, search_key = ? WHERE rowid = ?`,
  );
  const upsertRef = sqlite.prepare<[string, string, string, number, number]>(
    `INSERT INTO refs (kind, id, json, fetched_at, copy_seq) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (kind, id) DO UPDATE SET json = excluded.json, fetched_at = excluded.fetched_at, copy_seq = excluded.copy_seq
     WHERE excluded.copy_seq >= refs.copy_seq`,
  );

  /**
   * Writes one order unless the stored copy was asked for later (an older copy never overwrites a newer
   * one). Returns its rowid and the digest of the search entry it had (null: new, or never indexed), or
   * null when stale.
   */
  function writeOrder(order: Order, entry: IndexEntry, askedSeq: number, fetchedAt: number): { rowid: number; storedKey: string | null } | null {
    const { number, status, eventId, createdAt, expiredAfter } = filterColumnsOf(order);
    const json = JSON.stringify(order);
    const inserted = insertNewOrder.get(order.id, number, status, eventId, createdAt, expiredAfter, json, fetchedAt, askedSeq, entry.key);
    if (inserted !== undefined) return { rowid: inserted.rowid, storedKey: null };
    const stored = findOrder.get(order.id);
    if (stored === undefined) throw new Error(`order ${order.id} neither inserted nor found`);
    // A page asked for before a PATCH but merged after its answer must not bring back the old customer.
    if (stored.copySeq > askedSeq) return null;
    const filterColumnsUnchanged = stored.number === number && stored.status === status && stored.eventId === eventId && stored.createdAt === createdAt;
    if (filterColumnsUnchanged) updateCopy.run(expiredAfter, json, fetchedAt, askedSeq, entry.key, stored.rowid);
    else updateAll.run(number, status, eventId, createdAt, expiredAfter, json, fetchedAt, askedSeq, entry.key, stored.rowid);
    return { rowid: stored.rowid, storedKey: stored.searchKey };
  }

  // Runs inside withoutFsync's transaction (see mergeIntoCache).
  function merge(orders: readonly Order[], refs: Refs, askedSeq: number, fetchedAt: number): MergeReport {
    mergeRefs(refs, askedSeq, fetchedAt);
    const report: MergeReport = { merged: 0, stale: 0 };
    const reindex: { rowid: number; entry: IndexEntry }[] = [];
    for (const order of orders) {
      const entry = indexEntryOf(sqlite, order);
      const written = writeOrder(order, entry, askedSeq, fetchedAt);
      if (written === null) {
        report.stale++;
        continue;
      }
      report.merged++;
      if (written.storedKey !== entry.key) reindex.push({ rowid: written.rowid, entry });
    }
    // Indexed after all the rows, not one by one: FTS5 buffers a run of index writes in memory, and
    // interleaving them with writes to another table made a page's merge twice as slow (bench/search.ts).
    for (const { rowid, entry } of reindex) writeIndexEntry(sqlite, rowid, entry);
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
