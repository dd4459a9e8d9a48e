// The database schema: the source of truth for row types (`typeof orders.$inferSelect`) and for the
// migrations drizzle-kit generates into drizzle/. A change here is followed by `npm run db:generate`,
// never by hand-edited SQL. What drizzle cannot express (the FTS5 search table) lives in a custom
// migration (`drizzle-kit generate --custom`).
//
// Times are integer milliseconds since the epoch (UTC): cheap to compare in the engine's scheduler;
// the contract turns them into ISO 8601 strings.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { EDIT_STATES, QUEUED_STATES, type EditState } from '../edits/states.ts';

/**
 * What every copy of a server object carries: the JSON as it came, when it came, and the request it
 * answered (orders and refs alike, so both are replaced by the same rule).
 */
function serverCopyColumns() {
  return {
    /** The object exactly as the server sent it, unknown fields included. */
    json: text('json').notNull(),
    /** When this copy was received (wall clock, ms): shown to the clerk as the copy's age, never compared. */
    fetchedAt: integer('fetched_at').notNull(),
    /**
     * When this copy was ASKED for, as a number of the one request sequence (cache/copy-sequence.ts): a copy
     * replaces the stored one only if it was asked for later. Not the wall clock (it can jump) and not the
     * time of arrival (a slow import page arrives after a PATCH answer that is newer than it).
     */
    copySeq: integer('copy_seq').notNull().default(0),
  };
}

/** The local copy of Ticketscloud orders: the server JSON whole, plus the columns the app filters on. */
export const orders = sqliteTable(
  'orders',
  {
    id: text('id').primaryKey(),
    number: integer('number').notNull(),
    status: text('status').notNull(),
    eventId: text('event_id').notNull(),
    /** Server time "YYYY-MM-DD HH:MM:SS" (UTC), kept as sent so it sorts and filters as text. */
    createdAt: text('created_at').notNull(),
    expiredAfter: text('expired_after'),
    /**
     * A digest of the order's entry in the search index as last written (search/index-writer.ts): a merge
     * that would write the same entry again skips it — an FTS5 write is most of a merge's pages. Null when
     * unknown (rows from before the column): the next merge writes the entry.
     */
    searchKey: text('search_key'),
    ...serverCopyColumns(),
  },
  // Only what a query reads: the search's event/status filter (search/search.ts). A number is found through
  // the search index; created_at is shown, not filtered on. Each index more costs every import insert
  // (orders_number and orders_created_at went in migration 0007).
  (t) => [index('orders_event_status').on(t.eventId, t.status)],
);

/** Referenced objects (events, sets, promocodes, venues, partners) by kind and id, as the server sent them. */
export const refs = sqliteTable(
  'refs',
  {
    kind: text('kind').notNull(),
    id: text('id').notNull(),
    ...serverCopyColumns(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.id] })],
);

export { EDIT_STATES, QUEUED_STATES, type EditState };

/**
 * The outbox: every edit a clerk saved, in the order saved (the autoincrement id is the FIFO order).
 * Rows are never deleted: an edit that ended (synced, failed then discarded, cancelled) stays as history.
 */
export const edits = sqliteTable(
  'edits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderId: text('order_id').notNull(),
    /** The clerk's intent as validated (PATCH-shaped JSON), never the PATCH built from it. */
    body: text('body').notNull(),
    operator: text('operator').notNull(),
    state: text('state', { enum: EDIT_STATES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    /** When the engine may try again (null: as soon as the order's lane is free). */
    nextAttemptAt: integer('next_attempt_at'),
    syncedAt: integer('synced_at'),
    /** The last error text (transient or final), for the clerk. */
    error: text('error'),
    /** JSON array of {code, msg} the server reported for the promocodes this edit carried. */
    promocodeErrors: text('promocode_errors').notNull().default('[]'),
    /** A failed edit the clerk chose not to retry; it stays in history, out of every queue. */
    discardedAt: integer('discarded_at'),
    /**
     * What the clerk saw, when saving, in every field this edit changes: JSON `{path: value}` (edits/three-way.ts).
     * Null when the order was not cached then: nothing to compare with, so no conflict can be told.
     */
    base: text('base'),
    /** JSON array of {path, base, server, mine}: changes made elsewhere that this edit replaced when it was sent. */
    conflicts: text('conflicts').notNull().default('[]'),
  },
  (t) => [
    index('edits_order_state').on(t.orderId, t.state),
    index('edits_state_next').on(t.state, t.nextAttemptAt),
  ],
);

/** What happened to each edit, when: one row per state change or attempt. The history view reads it. */
export const editLog = sqliteTable(
  'edit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    editId: integer('edit_id')
      .notNull()
      .references(() => edits.id),
    at: integer('at').notNull(),
    state: text('state', { enum: EDIT_STATES }).notNull(),
    detail: text('detail'),
  },
  (t) => [index('edit_log_edit').on(t.editId)],
);

/** Progress of an order import, so an interrupted one continues from its next page. */
export const imports = sqliteTable('imports', {
  /** The filter, canonicalised as JSON: the same filter resumes the same import. */
  filterKey: text('filter_key').primaryKey(),
  nextPage: integer('next_page').notNull().default(1),
  imported: integer('imported').notNull().default(0),
  /** Orders of the pages read so far that were malformed and left out (counted across interruptions). */
  skipped: integer('skipped').notNull().default(0),
  /** The first few of those, as JSON `[{id, page, reason}]`: enough to tell Ticketscloud support which. */
  skippedOrders: text('skipped_orders').notNull().default('[]'),
  startedAt: integer('started_at').notNull(),
  finishedAt: integer('finished_at'),
});

/** Small key/value settings of the app (never the API key in clear text): the search index version, the copy sequence's ceiling (db/settings.ts). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at')
    .notNull()
    .default(sql`(unixepoch() * 1000)`),
});

export type OrderRow = typeof orders.$inferSelect;
export type RefRow = typeof refs.$inferSelect;
export type EditRow = typeof edits.$inferSelect;
export type EditLogRow = typeof editLog.$inferSelect;
