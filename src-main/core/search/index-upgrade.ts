// Keeps the search index in step with the indexing rules after an upgrade. The index is derived data
// (search/index-text.ts reads it out of orders.json), so a database whose index was built by older
// rules — or never built, like one from before the index existed (migration 0000) — would find nothing
// for its old orders. The version the index was built with is kept in `settings`; when it is not
// today's, every cached order is indexed again, in chunks that yield to the event loop, with the
// progress saved per chunk so an interrupted rebuild continues where it stopped.
//
// A change of the indexing rules bumps SEARCH_INDEX_VERSION. A migration that changes the FTS table
// ends with `DELETE FROM settings WHERE key = 'search_index_version';` (see drizzle/0004_search_index_rebuild.sql).
import { perDatabase } from '../db/prepared.ts';
import type { Sqlite } from '../db/open.ts';
import { indexOrder } from './index-writer.ts';
import { readSetting, removeSetting, writeSetting } from '../db/settings.ts';

/** Bump when index-text.ts or the FTS table changes what an order's index entry is. */
export const SEARCH_INDEX_VERSION = 1;
export const SEARCH_INDEX_VERSION_KEY = 'search_index_version';
/** The last orders.rowid indexed by a rebuild in progress; absent when none is. */
const REBUILT_THROUGH_KEY = 'search_index_rebuilt_through';
/** One chunk is one transaction of this many orders: a few tens of milliseconds at most. */
export const REINDEX_CHUNK_ORDERS = 500;

export interface ReindexProgress {
  indexed: number;
  total: number;
  done: boolean;
}

export interface ReindexOptions {
  chunkOrders?: number;
  onProgress?: (progress: ReindexProgress) => void;
  /** Checked between chunks: true stops the rebuild there (it continues at the next start). */
  shouldStop?: () => boolean;
}

const statements = perDatabase((sqlite) => ({
  clearIndex: sqlite.prepare("INSERT INTO search_fts (search_fts) VALUES ('delete-all')"),
  countAll: sqlite.prepare<[], number>('SELECT count(*) FROM orders').pluck(),
  countThrough: sqlite.prepare<[number], number>('SELECT count(*) FROM orders WHERE rowid <= ?').pluck(),
  ordersAfter: sqlite.prepare<[number, number], { rowid: number; json: string }>(
    'SELECT rowid, json FROM orders WHERE rowid > ? ORDER BY rowid LIMIT ?',
  ),
}));

export function searchIndexIsCurrent(sqlite: Sqlite): boolean {
  return readSetting(sqlite, SEARCH_INDEX_VERSION_KEY) === String(SEARCH_INDEX_VERSION);
}

/**
 * Rebuilds the search index when it was built by other rules than today's; a no-op otherwise.
 * Resolves to the number of orders indexed by this call (0 when the index was current or it stopped).
 */
export async function bringSearchIndexUpToDate(sqlite: Sqlite, options: ReindexOptions = {}): Promise<number> {
  const s = statements(sqlite);
  if (searchIndexIsCurrent(sqlite)) return 0;
  const chunkOrders = Math.max(1, Math.trunc(options.chunkOrders ?? REINDEX_CHUNK_ORDERS));

  let after = Number(readSetting(sqlite, REBUILT_THROUGH_KEY) ?? Number.NaN);
  if (!Number.isSafeInteger(after) || after < 0) {
    // A fresh rebuild: entries written by the old rules go first. Orders merged while it runs are
    // indexed by the merge itself when their entry changed (today's rules), and indexed again here, harmlessly.
    sqlite.transaction(() => {
      s.clearIndex.run();
      writeSetting(sqlite, REBUILT_THROUGH_KEY, '0');
    })();
    after = 0;
  }
  const total = s.countAll.get() ?? 0;
  let indexed = s.countThrough.get(after) ?? 0;
  let indexedNow = 0;
  for (;;) {
    if (options.shouldStop?.()) return indexedNow;
    const rows = s.ordersAfter.all(after, chunkOrders);
    if (rows.length === 0) break;
    sqlite.transaction(() => {
      for (const row of rows) indexOrder(sqlite, row.rowid, parseOrder(row.json));
      after = rows[rows.length - 1]!.rowid;
      writeSetting(sqlite, REBUILT_THROUGH_KEY, String(after));
    })();
    indexed += rows.length;
    indexedNow += rows.length;
    options.onProgress?.({ indexed, total: Math.max(total, indexed), done: false });
    // The window and the bridge stay responsive while a large cache is re-indexed.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  sqlite.transaction(() => {
    writeSetting(sqlite, SEARCH_INDEX_VERSION_KEY, String(SEARCH_INDEX_VERSION));
    removeSetting(sqlite, REBUILT_THROUGH_KEY);
  })();
  options.onProgress?.({ indexed, total: Math.max(total, indexed), done: true });
  return indexedNow;
}

function parseOrder(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    // Our own column, written by JSON.stringify; an unreadable one is indexed as nothing, not a crash.
    return null;
  }
}
