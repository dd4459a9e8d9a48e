// What the sync engine reads from and writes to the outbox. Every write is one SQLite transaction, so
// the engine can be killed between any two of them and the database still says exactly what to do next:
// an edit is `sending` from just before its request until its outcome is recorded, and nothing else.
//
// Prepared statements, not the query builder: these run several times per request, and building the
// SQL each time cost more CPU than the request itself (bench: `node --cpu-prof`).
import { mergeIntoCache } from '../cache/merge.ts';
import { perDatabase } from '../cache/prepared.ts';
import { withoutFsync } from '../cache/without-fsync.ts';
import type { Sqlite } from '../db/open.ts';
import type { EditRow } from '../db/schema.ts';
import { MAX_EDITS_PER_REQUEST, takeBatch } from '../edits/coalesce.ts';
import type { EditConflict } from '../contract.ts';
import type { EditIntent } from '../edits/schema.ts';
import { batchBase, changedFields, type EditBase } from '../edits/three-way.ts';
import { logTransition, parseBase, parseIntent } from '../outbox/edit-rows.ts';
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

type QueuedRow = Pick<EditRow, 'id' | 'body' | 'state' | 'attempts' | 'base'>;

const EDIT_ROW_COLUMNS = `id, order_id AS orderId, body, operator, state, attempts, created_at AS createdAt,
  next_attempt_at AS nextAttemptAt, synced_at AS syncedAt, error, promocode_errors AS promocodeErrors,
  discarded_at AS discardedAt, base, conflicts`;

const statements = perDatabase((sqlite) => ({
  // A batch is a prefix of the queue of at most MAX_EDITS_PER_REQUEST edits (edits left `sending` are
  // the head of it), so no more rows than that are ever read, however long the queue.
  queuedOfOrder: sqlite.prepare<[string, number], QueuedRow>(
    `SELECT id, body, state, attempts, base
     FROM edits WHERE order_id = ? AND state IN ('pending', 'sending') ORDER BY id LIMIT ?`,
  ),
  // Served by edits(order_id, state): only this order's queued rows are read.
  dueAtOfOrder: sqlite
    .prepare<[{ orderId: string }], number | null>(
      `SELECT CASE
         WHEN EXISTS (SELECT 1 FROM edits WHERE order_id = @orderId AND state = 'sending') THEN 0
         ELSE (SELECT coalesce(next_attempt_at, 0) FROM edits WHERE order_id = @orderId AND state = 'pending' ORDER BY id LIMIT 1)
       END`,
    )
    .pluck(),
  // One aggregate per order, so `next_attempt_at` comes from the row holding min(id) (SQLite's documented
  // rule): the oldest queued edit. Walked in order_id order, a chunk at a time (edits(order_id, state)).
  queueHeadsAfter: sqlite.prepare<[string, number], { orderId: string; id: number; nextAttemptAt: number | null; leftSending: number }>(
    `SELECT order_id AS orderId, min(id) AS id, next_attempt_at AS nextAttemptAt, max(state = 'sending') AS leftSending
     FROM edits WHERE state IN ('pending', 'sending') AND order_id > ? GROUP BY order_id ORDER BY order_id LIMIT ?`,
  ),
  lastSyncedAt: sqlite.prepare<[], number | null>(`SELECT max(synced_at) FROM edits WHERE state = 'synced'`).pluck(),
  rowsByIds: sqlite.prepare<[string], EditRow>(
    `SELECT ${EDIT_ROW_COLUMNS} FROM edits WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`,
  ),
  markSending: sqlite.prepare<[number]>(
    `UPDATE edits SET state = 'sending', attempts = attempts + 1, next_attempt_at = NULL
     WHERE id = ? AND state IN ('pending', 'sending')`,
  ),
  // Each outcome touches only rows still `sending`: nothing else may move them; a guard against bugs.
  markSynced: sqlite.prepare<[number, number]>(
    `UPDATE edits SET state = 'synced', synced_at = ?, next_attempt_at = NULL, error = NULL WHERE id = ? AND state = 'sending'`,
  ),
  markRetry: sqlite.prepare<[number, string, number]>(
    `UPDATE edits SET state = 'pending', next_attempt_at = ?, error = ? WHERE id = ? AND state = 'sending'`,
  ),
  markFailed: sqlite.prepare<[string, number]>(
    `UPDATE edits SET state = 'failed', next_attempt_at = NULL, error = ? WHERE id = ? AND state = 'sending'`,
  ),
  markAuthRefused: sqlite.prepare<[string, number]>(
    `UPDATE edits SET state = 'pending', next_attempt_at = NULL, error = ?, attempts = max(attempts - 1, 0)
     WHERE id = ? AND state = 'sending'`,
  ),
  setPromocodeErrors: sqlite.prepare<[string, number]>(`UPDATE edits SET promocode_errors = ? WHERE id = ?`),
  setConflicts: sqlite.prepare<[string, number]>(`UPDATE edits SET conflicts = ? WHERE id = ?`),
}));

// The engine's own commits skip the fsync (cache/without-fsync.ts says why that is safe): every one of
// these writes can be lost without losing anything the clerk saved. A power cut can only take back the
// LAST few of them, leaving edits `pending` or `sending` that the server may already have applied — and
// the engine sends those again, with bodies that are idempotent (rebuilt from the cache and the same
// intents). The fsync per request serialised every lane behind the disk.

/**
 * When each order with queued edits is due (see dueAtOf), for at most `limit` orders after `afterOrderId`
 * in id order: the engine rebuilds its in-memory queue from these, a chunk at a time, so that 100 000
 * queued orders never block the process in one go.
 */
export function dueTimesOfOrders(sqlite: Sqlite, afterOrderId: string, limit: number): [orderId: string, dueAt: number][] {
  return statements(sqlite)
    .queueHeadsAfter.all(afterOrderId, limit)
    .map((head) => [head.orderId, head.leftSending === 1 ? 0 : (head.nextAttemptAt ?? 0)]);
}

/**
 * When the order's next request is due: null when it has nothing queued, 0 when an edit was left
 * `sending` (by a crash or a kill: it goes again first, right away), else the oldest pending edit's
 * next attempt time (0 when never tried). Only the oldest counts: edits go out in the order they were made.
 */
export function dueAtOf(sqlite: Sqlite, orderId: string): number | null {
  return statements(sqlite).dueAtOfOrder.get({ orderId }) ?? null;
}

export function lastSyncedAt(sqlite: Sqlite): number | null {
  return statements(sqlite).lastSyncedAt.get() ?? null;
}

export function editRows(sqlite: Sqlite, ids: readonly number[]): EditRow[] {
  return statements(sqlite).rowsByIds.all(JSON.stringify(ids));
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
  const sql = statements(sqlite);
  return withoutFsync(sqlite, (): ClaimedBatch | null => {
    const queued = sql.queuedOfOrder.all(orderId, MAX_EDITS_PER_REQUEST);
    if (queued.length === 0) return null;
    const leftSending = queued.filter((row) => row.state === 'sending');
    const candidates = (leftSending.length > 0 ? leftSending : queued).map((row) => ({
      ...row,
      intent: parseIntent(row),
      base: parseBase(row),
    }));

    const batch = takeBatch(candidates);
    const chosen = candidates.filter((row) => batch.editIds.includes(row.id));
    const detail = leftSending.length > 0 ? 'sent again: the previous try may have reached the server before the app stopped' : null;
    for (const row of chosen) sql.markSending.run(row.id);
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

/** The GET before a PATCH: a cache write (committed without fsync, like every merge). */
export function cacheFetchedOrder(sqlite: Sqlite, response: OrderResponse, askedSeq: number, at: number): void {
  mergeIntoCache(sqlite, [response.data], response.refs, askedSeq, at);
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
  askedSeq: number;
  promocodeErrors: PromocodeError[];
  conflicts: readonly EditConflict[];
}

export function recordSynced(sqlite: Sqlite, batch: ClaimedBatch, answer: SyncedAnswer, at: number): void {
  const sql = statements(sqlite);
  const { response, promocodeErrors } = answer;
  withoutFsync(sqlite, () => {
    if (response !== null) mergeIntoCache(sqlite, [response.data], response.refs, answer.askedSeq, at);
    const conflicts = conflictsByEdit(batch, answer.conflicts);
    for (const { id } of batch.edits) {
      sql.markSynced.run(at, id);
      const replaced = conflicts.get(id);
      if (replaced !== undefined) sql.setConflicts.run(JSON.stringify(replaced), id);
      const notes = [answer.unstored, replaced === undefined ? undefined : describeConflicts(replaced)].filter((note) => note !== undefined);
      logTransition(sqlite, id, 'synced', at, notes.length === 0 ? null : notes.join('; '));
    }
    if (promocodeErrors.length === 0) return;
    // Errors with no code in this batch (a code already on the order refused on a repeat) are kept on
    // the batch's last edit rather than dropped: the clerk still sees what the server said.
    const carrierId = batch.promocodeEditId ?? batch.edits.at(-1)?.id;
    if (carrierId === undefined) return;
    sql.setPromocodeErrors.run(JSON.stringify(promocodeErrors), carrierId);
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

/** Transient: back to `pending`, due again at `retryAt`, with the reason kept for the clerk. */
export function recordRetry(sqlite: Sqlite, batch: ClaimedBatch, retryAt: number, error: string, at: number): void {
  const sql = statements(sqlite);
  withoutFsync(sqlite, () => {
    for (const { id } of batch.edits) sql.markRetry.run(retryAt, error, id);
    logAttempt(sqlite, batch.edits, 'pending', at, `${error} — next try at ${new Date(retryAt).toISOString()}`);
  });
}

/** Permanent: `failed` with the server's text; it waits for the clerk (retry or discard). */
export function recordFailed(sqlite: Sqlite, batch: ClaimedBatch, error: string, at: number): void {
  const sql = statements(sqlite);
  withoutFsync(sqlite, () => {
    for (const { id } of batch.edits) {
      sql.markFailed.run(error, id);
      logTransition(sqlite, id, 'failed', at, error);
    }
  });
}

/**
 * Refused key: the edits are fine, the key is not. Back to `pending`, due as soon as a new key is set,
 * and the attempt is not counted against them (it says nothing about the edit).
 */
export function recordAuthRefused(sqlite: Sqlite, batch: ClaimedBatch, error: string, at: number): void {
  const sql = statements(sqlite);
  withoutFsync(sqlite, () => {
    for (const { id } of batch.edits) {
      sql.markAuthRefused.run(error, id);
      logTransition(sqlite, id, 'pending', at, `paused, the API key was refused: ${error}`);
    }
  });
}
