// The sync engine's store: what it reads from and writes to the outbox. Every write is one SQLite
// transaction, so the engine can be killed between any two of them and the database still says exactly
// what to do next: an edit is `sending` from just before its request until its outcome is recorded, and
// nothing else. (Which edits go together in one request is edits/coalesce.ts.)
//
// drizzle's prepared statements with placeholders: these run several times per request, so the SQL is
// built once per database, never per call (building it each time cost more CPU than the request itself).
import { and, asc, desc, eq, inArray, min, sql } from 'drizzle-orm';
import { mergeIntoCache } from '../cache/merge.ts';
import type { EditConflict } from '../contract.ts';
import { queryBuilderFor, type Sqlite } from '../db/open.ts';
import { boundValue, perDatabase } from '../db/prepared.ts';
import { editLog, edits, orders, QUEUED_STATES, type EditRow } from '../db/schema.ts';
import { withoutFsync } from '../db/without-fsync.ts';
import { MAX_EDITS_PER_REQUEST, takeBatch } from '../edits/coalesce.ts';
import { serverTimeMs } from '../edits/editable.ts';
import type { EditIntent } from '../edits/schema.ts';
import { batchBase, changedFields, type EditBase } from '../edits/three-way.ts';
import { logTransition, logTransitions, parseBase, parseIntent } from '../outbox/edit-rows.ts';
import type { OrderResponse, PromocodeError } from '../ticketscloud/types.ts';

/** The edits one request carries, oldest first, and their merged intent. */
export interface ClaimedBatch {
  orderId: string;
  edits: { id: number; intent: EditIntent }[];
  intent: EditIntent;
  /** The one edit of the batch that adds promocodes: the server's promocode errors belong to it. */
  promocodeEditId: number | null;
  /** How often the most-tried edit of the batch has been sent, this try included (drives the backoff). */
  attempts: number;
  /** What the clerk saw in the fields the batch changes (edits/three-way.ts); empty when unknown. */
  base: EditBase;
}

const placeholder = sql.placeholder;

const statements = perDatabase((sqlite) => {
  const db = queryBuilderFor(sqlite);
  const queued = inArray(edits.state, [...QUEUED_STATES]);
  const thisEdit = eq(edits.id, placeholder('id'));
  // A batch's edits are changed by one statement, not one per edit: the ids as a JSON array.
  const theseEdits = inArray(edits.id, sql`(SELECT value FROM json_each(${placeholder('ids')}))`);
  // Each outcome touches only rows still `sending`: nothing else may move them; a guard against bugs.
  const stillSending = and(theseEdits, eq(edits.state, 'sending'));
  // The head of an order's queue. `next_attempt_at` is a bare column: SQLite takes it from the row that
  // holds min(id) (its documented rule, valid only with ONE min/max aggregate — hence sum(), not max(),
  // for "is any of them left sending").
  const queueHead = {
    id: min(edits.id),
    nextAttemptAt: edits.nextAttemptAt,
    leftSending: sql<number>`sum(${edits.state} = ${'sending'})`,
  };
  return {
    // A batch is a prefix of the queue of at most MAX_EDITS_PER_REQUEST edits (edits left `sending` are
    // the head of it), so no more rows than that are ever read, however long the queue.
    queuedOfOrder: db
      .select({ id: edits.id, body: edits.body, state: edits.state, attempts: edits.attempts, base: edits.base })
      .from(edits)
      .where(and(eq(edits.orderId, placeholder('orderId')), queued))
      .orderBy(asc(edits.id))
      .limit(placeholder('limit'))
      .prepare(),
    // Served by edits(order_id, state): only this order's queued rows are read.
    headOfOrder: db
      .select(queueHead)
      .from(edits)
      .where(and(eq(edits.orderId, placeholder('orderId')), queued))
      .prepare(),
    // The primary key: one row, read each time an order becomes due.
    reservationOf: db
      .select({ status: orders.status, expiredAfter: orders.expiredAfter })
      .from(orders)
      .where(eq(orders.id, placeholder('orderId')))
      .prepare(),
    // The log is written in the order things happened: its last `synced` row is the last sync. Read
    // backwards by rowid it is found at once; max(edits.synced_at) read every synced edit ever, at each start.
    lastSyncedAt: db
      .select({ at: editLog.at })
      .from(editLog)
      .where(eq(editLog.state, 'synced'))
      .orderBy(desc(editLog.id))
      .limit(1)
      .prepare(),
    rowsByIds: db
      .select()
      .from(edits)
      .where(inArray(edits.id, sql`(SELECT value FROM json_each(${placeholder('ids')}))`))
      .orderBy(asc(edits.id))
      .prepare(),
    markSending: db
      .update(edits)
      .set({ state: 'sending', attempts: sql`${edits.attempts} + 1`, nextAttemptAt: null })
      .where(and(theseEdits, queued))
      .prepare(),
    markSynced: db
      .update(edits)
      .set({ state: 'synced', syncedAt: boundValue('at'), nextAttemptAt: null, error: null })
      .where(stillSending)
      .prepare(),
    markRetry: db
      .update(edits)
      .set({ state: 'pending', nextAttemptAt: boundValue('retryAt'), error: boundValue('error') })
      .where(stillSending)
      .prepare(),
    markFailed: db
      .update(edits)
      .set({ state: 'failed', nextAttemptAt: null, error: boundValue('error') })
      .where(stillSending)
      .prepare(),
    markAuthRefused: db
      .update(edits)
      .set({ state: 'pending', nextAttemptAt: null, error: boundValue('error'), attempts: sql`max(${edits.attempts} - 1, 0)` })
      .where(stillSending)
      .prepare(),
    setPromocodeErrors: db.update(edits).set({ promocodeErrors: boundValue('json') }).where(thisEdit).prepare(),
    setConflicts: db.update(edits).set({ conflicts: boundValue('json') }).where(thisEdit).prepare(),
  };
});

/** The `ids` parameter of the batch statements above. */
function idsOf(rows: readonly { id: number }[]): string {
  return JSON.stringify(rows.map((row) => row.id));
}

/** 0 when an edit was left `sending` (it goes again first, right away), else the oldest one's next attempt (0: never tried). */
function dueAtOfHead(head: { nextAttemptAt: number | null; leftSending: number }): number {
  return head.leftSending > 0 ? 0 : (head.nextAttemptAt ?? 0);
}

// The engine's own commits skip the fsync (db/without-fsync.ts says why that is safe): every one of
// these writes can be lost without losing anything the clerk saved. A power cut can only take back the
// LAST few of them, leaving edits `pending` or `sending` that the server may already have applied — and
// the engine sends those again, with bodies that are idempotent (rebuilt from the cache and the same
// intents). The fsync per request serialised every lane behind the disk.

/** The queue heads of a chunk of orders, raw rows (see queuedOrdersAfter). */
interface HeadRow {
  orderId: string;
  nextAttemptAt: number | null;
  leftSending: number;
  status: string | null;
  expiredAfter: string | null;
}

// Plain SQL, not the query builder: drizzle's row mapping doubled the time of a chunk, and its planner
// hint cannot be written there. `+state` keeps SQLite off the edits(state, next_attempt_at) index: through
// it every chunk read ALL queued edits and sorted them (a start with 100 000 queued orders re-read them
// 200 times); through edits(order_id, state) a chunk reads only its own orders, in order, and stops at
// the limit. The cached order's reservation is joined in: one query per chunk, not one more per order.
const headsAfter = perDatabase((sqlite) =>
  sqlite.prepare<{ after: string; limit: number; queued: string }, HeadRow>(
    `SELECT e.order_id AS orderId, min(e.id), e.next_attempt_at AS nextAttemptAt, sum(e.state = 'sending') AS leftSending,
            o.status AS status, o.expired_after AS expiredAfter
     FROM edits e LEFT JOIN orders o ON o.id = e.order_id
     WHERE e.order_id > @after AND +e.state IN (SELECT value FROM json_each(@queued))
     GROUP BY e.order_id ORDER BY e.order_id LIMIT @limit`,
  ),
);
const QUEUED_STATES_JSON = JSON.stringify(QUEUED_STATES);

/** An order with queued edits: when it is due (see dueAtOf) and when its reservation ends (see reservationEndOf). */
export interface QueuedOrder {
  orderId: string;
  dueAt: number;
  reservationEnd: number | null;
}

function reservationEndOfRow(row: { status: string | null; expiredAfter: string | null } | undefined): number | null {
  return row?.status === 'executed' ? serverTimeMs(row.expiredAfter) : null;
}

/**
 * The orders with queued edits, at most `limit` of them after `afterOrderId` in id order: the engine
 * rebuilds its in-memory queue from these, a chunk at a time, so that 100 000 queued orders never block
 * the process in one go.
 */
export function queuedOrdersAfter(sqlite: Sqlite, afterOrderId: string, limit: number): QueuedOrder[] {
  return headsAfter(sqlite)
    .all({ after: afterOrderId, limit, queued: QUEUED_STATES_JSON })
    .map((head) => ({ orderId: head.orderId, dueAt: dueAtOfHead(head), reservationEnd: reservationEndOfRow(head) }));
}

/**
 * When the order's next request is due: null when it has nothing queued, 0 when an edit was left
 * `sending` (by a crash or a kill: it goes again first, right away), else the oldest pending edit's
 * next attempt time (0 when never tried). Only the oldest counts: edits go out in the order they were made.
 */
export function dueAtOf(sqlite: Sqlite, orderId: string): number | null {
  const head = statements(sqlite).headOfOrder.get({ orderId });
  return head === undefined || head.id === null ? null : dueAtOfHead(head);
}

/**
 * When the cached order's reservation ends (epoch ms), for a reserved (`executed`) order; null for any
 * other status, an order not cached, or an `expired_after` that cannot be read.
 */
export function reservationEndOf(sqlite: Sqlite, orderId: string): number | null {
  return reservationEndOfRow(statements(sqlite).reservationOf.get({ orderId }));
}

export function lastSyncedAt(sqlite: Sqlite): number | null {
  return statements(sqlite).lastSyncedAt.get()?.at ?? null;
}

export function editRows(sqlite: Sqlite, ids: readonly number[]): EditRow[] {
  return statements(sqlite).rowsByIds.all({ ids: JSON.stringify(ids) });
}

/**
 * Picks the next request of one order and marks its edits `sending` (attempts + 1, one edit_log row for
 * the try) BEFORE the request leaves, in one transaction. Edits already `sending` were maybe applied by the server
 * before the app stopped: they are sent again, before anything newer (the body is rebuilt from a fresh
 * copy and the same intents, so the repeat is harmless). Returns null when the order has nothing queued.
 * WHEN the order is due is the engine's call (it keeps time on a clock the wall clock cannot move), so
 * the stored next_attempt_at is not compared here.
 */
export function claimBatch(sqlite: Sqlite, orderId: string, now: number): ClaimedBatch | null {
  const prepared = statements(sqlite);
  return withoutFsync(sqlite, (): ClaimedBatch | null => {
    const queued = prepared.queuedOfOrder.all({ orderId, limit: MAX_EDITS_PER_REQUEST });
    if (queued.length === 0) return null;
    const leftSending = queued.filter((row) => row.state === 'sending');
    const candidates = (leftSending.length > 0 ? leftSending : queued).map((row) => ({
      ...row,
      intent: parseIntent(row),
      base: parseBase(row),
    }));

    const batch = takeBatch(candidates);
    const inBatch = new Set(batch.editIds);
    const chosen = candidates.filter((row) => inBatch.has(row.id));
    const detail = leftSending.length > 0 ? 'sent again: the previous try may have reached the server before the app stopped' : null;
    prepared.markSending.run({ ids: idsOf(chosen) });
    logAttempt(sqlite, chosen, 'sending', now, detail);
    return {
      orderId,
      edits: chosen.map((row) => ({ id: row.id, intent: row.intent })),
      intent: batch.intent,
      promocodeEditId: batch.promocodeEditId,
      attempts: Math.max(...chosen.map((row) => row.attempts + 1)),
      base: batchBase(chosen),
    };
  });
}

/** A copy of the order fetched by its lane (the GET before a PATCH, or the clerk's refresh), with its request number. */
export interface FetchedCopy {
  response: OrderResponse;
  askedSeq: number;
}

/** A fetched copy into the cache (committed without fsync, like every merge); inside a caller's transaction, part of it. */
export function cacheFetchedOrder(sqlite: Sqlite, fetched: FetchedCopy, at: number): void {
  mergeIntoCache(sqlite, [fetched.response.data], fetched.response.refs, fetched.askedSeq, at);
}

/** Each conflict belongs to the LAST edit of the batch that changed its field: that edit's value was sent. */
function conflictsByEdit(batch: ClaimedBatch, conflicts: readonly EditConflict[]): Map<number, EditConflict[]> {
  const byEdit = new Map<number, EditConflict[]>();
  for (const conflict of conflicts) {
    const owner = batch.edits.findLast((edit) => changedFields(edit.intent).some((change) => change.path === conflict.path));
    if (owner === undefined) continue;
    byEdit.set(owner.id, [...(byEdit.get(owner.id) ?? []), conflict]);
  }
  return byEdit;
}

function describeConflicts(conflicts: readonly EditConflict[]): string {
  const text = (value: EditConflict['server']): string => (value === null ? 'empty' : JSON.stringify(value));
  return `replaced a change made elsewhere: ${conflicts.map((c) => `${c.path} was ${text(c.server)}, now ${text(c.mine)}`).join('; ')}`;
}

/**
 * 200: the server copy and the edits' new state are committed together, so the cache never shows an
 * order without the change an edit marked `synced` says it has. Promocode errors belong to the edit
 * that carried the codes (a batch never carries the codes of two clerk actions); they are final.
 * Conflicts (changes made elsewhere that the batch replaced) are kept on the edits that replaced them.
 */
export interface SyncedAnswer {
  /** The order as the server answered; null when it was applied but cannot be stored (`unstored` says why). */
  response: OrderResponse | null;
  unstored?: string;
  /** The copy the PATCH was built on, fetched by the lane: stored only when the answer is not (it is older). */
  fetched?: FetchedCopy | null;
  askedSeq: number;
  promocodeErrors: PromocodeError[];
  conflicts: readonly EditConflict[];
}

export function recordSynced(sqlite: Sqlite, batch: ClaimedBatch, answer: SyncedAnswer, at: number): void {
  const prepared = statements(sqlite);
  const { response, promocodeErrors } = answer;
  withoutFsync(sqlite, () => {
    if (response !== null) mergeIntoCache(sqlite, [response.data], response.refs, answer.askedSeq, at);
    else if (answer.fetched) cacheFetchedOrder(sqlite, answer.fetched, at);
    const conflicts = conflictsByEdit(batch, answer.conflicts);
    prepared.markSynced.run({ at, ids: idsOf(batch.edits) });
    const logged = batch.edits.map(({ id }) => {
      const replaced = conflicts.get(id);
      if (replaced !== undefined) prepared.setConflicts.run({ json: JSON.stringify(replaced), id });
      const notes = [answer.unstored, replaced === undefined ? undefined : describeConflicts(replaced)].filter((note) => note !== undefined);
      return { editId: id, detail: notes.length === 0 ? null : notes.join('; ') };
    });
    logTransitions(sqlite, logged, 'synced', at);
    if (promocodeErrors.length === 0) return;
    // Errors with no code in this batch (a code already on the order refused on a repeat) are kept on
    // the batch's last edit rather than dropped: the clerk still sees what the server said.
    const carrierId = batch.promocodeEditId ?? batch.edits.at(-1)?.id;
    if (carrierId === undefined) return;
    prepared.setPromocodeErrors.run({ json: JSON.stringify(promocodeErrors), id: carrierId });
    logTransition(sqlite, carrierId, 'synced', at, `promocode errors: ${promocodeErrors.map((e) => `${e.code}: ${e.msg}`).join('; ')}`);
  });
}

/**
 * A try of a batch (sent, or back to pending after a transient failure) is logged ONCE, on its first edit,
 * naming the others: a batch may carry up to 200 edits, and a row per edit per try made a server having a
 * bad day write tens of thousands of log rows. Final outcomes (synced, failed) are still logged per edit.
 */
function logAttempt(sqlite: Sqlite, edits: readonly { id: number }[], state: 'sending' | 'pending', at: number, detail: string | null): void {
  const head = edits[0];
  if (head === undefined) return;
  const together = edits.length > 1 ? `with edits #${edits[1]?.id}…#${edits.at(-1)?.id} (${edits.length} in all) in one request` : null;
  const text = [detail, together].filter((part) => part !== null).join('; ');
  logTransition(sqlite, head.id, state, at, text === '' ? null : text);
}

/** An outcome's writes in one transaction, after the copy its request was built on, when the lane fetched one. */
function recordOutcome(sqlite: Sqlite, fetched: FetchedCopy | null, at: number, write: () => void): void {
  withoutFsync(sqlite, () => {
    if (fetched !== null) cacheFetchedOrder(sqlite, fetched, at);
    write();
  });
}

/** Transient: back to `pending`, due again at `retryAt`, with the reason kept for the clerk. */
export function recordRetry(sqlite: Sqlite, batch: ClaimedBatch, retryAt: number, error: string, at: number, fetched: FetchedCopy | null = null): void {
  const { markRetry } = statements(sqlite);
  recordOutcome(sqlite, fetched, at, () => {
    markRetry.run({ retryAt, error, ids: idsOf(batch.edits) });
    logAttempt(sqlite, batch.edits, 'pending', at, `${error} — next try at ${new Date(retryAt).toISOString()}`);
  });
}

/** Permanent: `failed` with the server's text; it waits for the clerk (retry or discard). */
export function recordFailed(sqlite: Sqlite, batch: ClaimedBatch, error: string, at: number, fetched: FetchedCopy | null = null): void {
  const { markFailed } = statements(sqlite);
  recordOutcome(sqlite, fetched, at, () => {
    markFailed.run({ error, ids: idsOf(batch.edits) });
    logTransitions(sqlite, batch.edits.map(({ id }) => ({ editId: id, detail: error })), 'failed', at);
  });
}

/**
 * Refused key: the edits are fine, the key is not. Back to `pending`, due as soon as a new key is set,
 * and the attempt is not counted against them (it says nothing about the edit).
 */
export function recordAuthRefused(sqlite: Sqlite, batch: ClaimedBatch, error: string, at: number, fetched: FetchedCopy | null = null): void {
  const { markAuthRefused } = statements(sqlite);
  recordOutcome(sqlite, fetched, at, () => {
    markAuthRefused.run({ error, ids: idsOf(batch.edits) });
    const detail = `paused, the API key was refused: ${error}`;
    logTransitions(sqlite, batch.edits.map(({ id }) => ({ editId: id, detail })), 'pending', at);
  });
}
