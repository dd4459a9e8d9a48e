// How an outbox row becomes what the clerk sees, and the one way a state change is written down.
// Shared by the outbox (clerk actions) and the sync engine (sending, outcomes), so every transition of
// every edit leaves the same trail in edit_log.
import type { EditConflict, EditDto } from '../contract.ts';
import { and, count, eq, gt, inArray, lte, min } from 'drizzle-orm';
import { perDatabase } from '../db/prepared.ts';
import type { Db, Sqlite } from '../db/open.ts';
import { edits, orders, QUEUED_STATES, type EditRow, type EditState } from '../db/schema.ts';
import { serverTimeMs } from '../edits/editable.ts';
import type { EditIntent } from '../edits/schema.ts';
import type { EditBase } from '../edits/three-way.ts';
import type { PromocodeError } from '../ticketscloud/types.ts';

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function parseIntent(row: Pick<EditRow, 'body'>): EditIntent {
  // The body was validated before it was stored and only this module's writers store it.
  return JSON.parse(row.body) as EditIntent;
}

export function parsePromocodeErrors(row: Pick<EditRow, 'promocodeErrors'>): PromocodeError[] {
  const parsed: unknown = JSON.parse(row.promocodeErrors);
  return Array.isArray(parsed) ? (parsed as PromocodeError[]) : [];
}

export function parseConflicts(row: Pick<EditRow, 'conflicts'>): EditConflict[] {
  const parsed: unknown = JSON.parse(row.conflicts);
  return Array.isArray(parsed) ? (parsed as EditConflict[]) : [];
}

/** The base stored with the edit (edits/three-way.ts), or null when the order was not cached at save time. */
export function parseBase(row: Pick<EditRow, 'base'>): EditBase | null {
  if (row.base === null) return null;
  const parsed: unknown = JSON.parse(row.base);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as EditBase) : null;
}

export function toEditDto(row: EditRow): EditDto {
  return {
    id: row.id,
    order_id: row.orderId,
    body: parseIntent(row),
    operator: row.operator,
    state: row.state,
    attempts: row.attempts,
    created_at: new Date(row.createdAt).toISOString(),
    synced_at: isoOrNull(row.syncedAt),
    next_attempt_at: isoOrNull(row.nextAttemptAt),
    error: row.error,
    promocode_errors: parsePromocodeErrors(row),
    discarded_at: isoOrNull(row.discardedAt),
    conflicts: parseConflicts(row),
  };
}

const logStatements = perDatabase((sqlite) => ({
  insert: sqlite.prepare<[number, number, EditState, string | null]>(
    'INSERT INTO edit_log (edit_id, at, state, detail) VALUES (?, ?, ?, ?)',
  ),
  // json_each yields the array in its order, and INSERT … SELECT numbers the rows in that order: the log
  // reads exactly as if the rows had been inserted one by one.
  insertMany: sqlite.prepare<[number, EditState, string]>(
    `INSERT INTO edit_log (edit_id, at, state, detail)
     SELECT value ->> 0, ?, ?, value ->> 1 FROM json_each(?)`,
  ),
}));

/** One edit_log row per transition or attempt. Call it inside the transaction that changes the edit. */
export function logTransition(sqlite: Sqlite, editId: number, state: EditState, at: number, detail: string | null = null): void {
  logStatements(sqlite).insert.run(editId, at, state, detail);
}

/**
 * The same transition of several edits, a row each in the given order, in ONE statement: a batch of 200
 * edits logged row by row was a good part of a request's bookkeeping (bench (b)).
 */
export function logTransitions(sqlite: Sqlite, entries: readonly { editId: number; detail: string | null }[], state: EditState, at: number): void {
  if (entries.length === 0) return;
  logStatements(sqlite).insertMany.run(at, state, JSON.stringify(entries.map(({ editId, detail }) => [editId, detail])));
}

/**
 * What the clerk's status bar shows. `pending` includes the edits being sent: as far as we know they are
 * not on the server yet. Served by the edits(state, next_attempt_at) index.
 */
export function countOpenEdits(db: Db): { pending: number; failed: number } {
  const rows = db
    .select({ state: edits.state, n: count() })
    .from(edits)
    .where(inArray(edits.state, ['pending', 'sending', 'failed']))
    .groupBy(edits.state)
    .all();
  const of = (state: EditState): number => rows.find((r) => r.state === state)?.n ?? 0;
  return { pending: of('pending') + of('sending'), failed: of('failed') };
}

/** How far ahead the status bar warns that queued work must beat a reservation's end. */
export const DEADLINE_WARNING_MS = 15 * 60_000;

/** "2026-12-02 18:05:00": the form Ticketscloud's times are stored in, which also sorts as text. */
function serverTimeText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The queued edits of reservations that end within DEADLINE_WARNING_MS, and the soonest end among
 * them (ISO 8601 UTC); null when no queued work is that close to a deadline. The status bar says
 * "3 changes must reach Ticketscloud within 4 min". Reservations already ended are not counted: those
 * edits fail without a request (the engine), and the order screen says so.
 */
export function queuedWorkAtRisk(db: Db, now: number): { edits: number; ends_at: string } | null {
  const [row] = db
    .select({ n: count(), soonest: min(orders.expiredAfter) })
    .from(edits)
    .innerJoin(orders, eq(orders.id, edits.orderId))
    .where(
      and(
        inArray(edits.state, [...QUEUED_STATES]),
        eq(orders.status, 'executed'),
        gt(orders.expiredAfter, serverTimeText(now)),
        lte(orders.expiredAfter, serverTimeText(now + DEADLINE_WARNING_MS)),
      ),
    )
    .all();
  const endsAt = serverTimeMs(row?.soonest);
  return row === undefined || row.n === 0 || endsAt === null ? null : { edits: row.n, ends_at: new Date(endsAt).toISOString() };
}
