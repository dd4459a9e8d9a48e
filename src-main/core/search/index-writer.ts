// Writes an order's entry in the FTS5 table (created by drizzle/0001_search_index.sql). The entry's
// rowid is the order's rowid in `orders`, so the search joins the two without a mapping table.
//
// Each order row keeps a digest of the entry last written for it (orders.search_key): an FTS5 write is
// about ten of the sixteen pages a merge of one order commits, and most merges (a GET before a PATCH,
// the PATCH's answer, an import page read again) leave the entry as it was.
import { createHash } from 'node:crypto';
import { perDatabase } from '../db/prepared.ts';
import type { Sqlite } from '../db/open.ts';
import { indexTextOf, type IndexText } from './index-text.ts';

/** What an order's search entry says, and its digest (stored as orders.search_key). */
export interface IndexEntry {
  text: IndexText;
  key: string;
}

const REBUILD_CHUNK = 1000;

const statements = perDatabase((sqlite) => ({
  // contentless_delete=1 makes REPLACE drop the order's previous tokens, so re-merging an order never leaves stale words.
  write: sqlite.prepare<[number | bigint, string, string]>(
    'INSERT OR REPLACE INTO search_fts (rowid, codes, words) VALUES (?, ?, ?)',
  ),
  storeKey: sqlite.prepare<[string, number | bigint]>('UPDATE orders SET search_key = ? WHERE rowid = ?'),
  promocodeCode: sqlite
    .prepare<[string], string | null>("SELECT json_extract(json, '$.code') FROM refs WHERE kind = 'promocodes' AND id = ?")
    .pluck(),
  clear: sqlite.prepare("INSERT INTO search_fts (search_fts) VALUES ('delete-all')"),
  ordersAfter: sqlite.prepare<[number, number], { rowid: number; json: string }>(
    'SELECT rowid, json FROM orders WHERE rowid > ? ORDER BY rowid LIMIT ?',
  ),
}));

/**
 * The entry an order gets. Its promocodes are ids; the codes a clerk types come from the cached refs,
 * so the caller merges the refs before the orders that point at them.
 */
export function indexEntryOf(sqlite: Sqlite, order: unknown): IndexEntry {
  const text = indexTextOf(order, promocodeCodesOf(sqlite, order));
  // The two columns joined by a character neither can hold (the tokens are folded words and codes).
  const key = createHash('sha1').update(text.codes).update('\u0000').update(text.words).digest('base64url');
  return { text, key };
}

/** Writes the entry of the order at `rowid` (replacing the one it had); the caller stores entry.key with the row. */
export function writeIndexEntry(sqlite: Sqlite, rowid: number | bigint, entry: IndexEntry): void {
  statements(sqlite).write.run(rowid, entry.text.codes, entry.text.words);
}

/** (Re)indexes one stored order and records the digest of what it wrote (the rebuilds below). */
export function indexOrder(sqlite: Sqlite, rowid: number | bigint, order: unknown): void {
  const entry = indexEntryOf(sqlite, order);
  writeIndexEntry(sqlite, rowid, entry);
  statements(sqlite).storeKey.run(entry.key, rowid);
}

/**
 * Rebuilds the whole index from `orders`. Needed only if the rowids of `orders` changed (a VACUUM
 * may renumber a table whose key is text) or the indexing rules changed. Returns the orders indexed.
 */
export function rebuildSearchIndex(sqlite: Sqlite): number {
  const { clear, ordersAfter } = statements(sqlite);
  return sqlite.transaction(() => {
    clear.run();
    let count = 0;
    // In chunks, not iterate(): better-sqlite3 refuses other statements on a handle while an iterator is open.
    for (let after = 0; ; ) {
      const rows = ordersAfter.all(after, REBUILD_CHUNK);
      if (rows.length === 0) return count;
      for (const row of rows) {
        indexOrder(sqlite, row.rowid, JSON.parse(row.json));
        after = row.rowid;
      }
      count += rows.length;
    }
  })();
}

function promocodeCodesOf(sqlite: Sqlite, order: unknown): string[] {
  const ids = typeof order === 'object' && order !== null ? (order as { promocodes?: unknown }).promocodes : undefined;
  if (!Array.isArray(ids) || ids.length === 0) return [];
  const { promocodeCode } = statements(sqlite);
  const codes: string[] = [];
  for (const id of ids) {
    if (typeof id !== 'string') continue;
    const code = promocodeCode.get(id);
    if (typeof code === 'string') codes.push(code);
  }
  return codes;
}
