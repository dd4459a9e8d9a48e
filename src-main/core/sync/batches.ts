// What the sync engine reads from and writes to the outbox. Every function is one SQLite transaction, so
// the engine can be killed between any two of them and the database still says exactly what to do next:
// an edit is `sending` from just before its request until its outcome is recorded, and nothing else.
import { and, asc, eq, inArray, max, sql } from 'drizzle-orm';
import { mergeIntoCache } from '../cache/merge.ts';
import type { Db, Sqlite } from '../db/open.ts';
import { edits, type EditState } from '../db/schema.ts';
import { takeBatch } from '../edits/coalesce.ts';
import type { EditIntent } from '../edits/schema.ts';
import { logTransition, parseIntent } from '../outbox/edit-rows.ts';
import type { OrderResponse, PromocodeError } from '../ticketscloud/types.ts';
import { QUEUED_STATES } from './policy.ts';

/** The edits one request carries, oldest first, and their merged intent. */
export interface ClaimedBatch {
  orderId: string;
  edits: { id: number; intent: EditIntent }[];
  intent: EditIntent;
  /** The one edit of the batch that adds promocodes: the server's promocode errors belong to it. */
  promocodeEditId: number | null;
  /** How often the most-tried edit of the batch has been sent, this try included (drives the backoff). */
  attempts: number;
}

/** Orders with edits still to send: the engine's in-memory queue is rebuilt from this at start. */
export function ordersWithQueuedEdits(db: Db): string[] {
  return db
    .selectDistinct({ orderId: edits.orderId })
    .from(edits)
    .where(inArray(edits.state, [...QUEUED_STATES]))
    .all()
    .map((row) => row.orderId);
}

/**
 * When the order's next request is due: null when it has nothing queued, 0 when an edit was left
 * `sending` (by a crash or a kill: it goes again first, right away), else the oldest pending edit's
 * next attempt time (0 when never tried). Only the oldest counts: edits go out in the order they were made.
 */
export function dueAtOf(db: Db, orderId: string): number | null {
  const leftSending = db
    .select({ id: edits.id })
    .from(edits)
    .where(and(eq(edits.orderId, orderId), eq(edits.state, 'sending')))
    .limit(1)
    .get();
  if (leftSending) return 0;
  const oldest = db
    .select({ nextAttemptAt: edits.nextAttemptAt })
    .from(edits)
    .where(and(eq(edits.orderId, orderId), eq(edits.state, 'pending')))
    .orderBy(asc(edits.id))
    .limit(1)
    .get();
  return oldest ? (oldest.nextAttemptAt ?? 0) : null;
}

export function lastSyncedAt(db: Db): number | null {
  return db.select({ at: max(edits.syncedAt) }).from(edits).get()?.at ?? null;
}

/**
 * Picks the next request of one order and marks its edits `sending` (attempts + 1, one edit_log row each)
 * BEFORE the request leaves, in one transaction. Edits already `sending` were maybe applied by the server
 * before the app stopped: they are sent again, before anything newer (the body is rebuilt from the cache
 * and the same intents, so the repeat is harmless). Returns null when nothing of this order is due.
 */
export function claimBatch(sqlite: Sqlite, db: Db, orderId: string, now: number): ClaimedBatch | null {
  return sqlite.transaction((): ClaimedBatch | null => {
    const queued = db
      .select({ id: edits.id, body: edits.body, state: edits.state, attempts: edits.attempts, nextAttemptAt: edits.nextAttemptAt })
      .from(edits)
      .where(and(eq(edits.orderId, orderId), inArray(edits.state, [...QUEUED_STATES])))
      .orderBy(asc(edits.id))
      .all();
    const leftSending = queued.filter((row) => row.state === 'sending');
    const head = queued[0];
    if (leftSending.length === 0 && (head === undefined || (head.nextAttemptAt ?? 0) > now)) return null;
    const candidates = leftSending.length > 0 ? leftSending : queued;

    const merged = takeBatch(candidates.map((row) => ({ id: row.id, intent: parseIntent(row) })));
    const chosen = candidates.filter((row) => merged.editIds.includes(row.id));
    db.update(edits)
      .set({ state: 'sending', attempts: sql`${edits.attempts} + 1`, nextAttemptAt: null })
      .where(inArray(edits.id, merged.editIds))
      .run();
    const detail = leftSending.length > 0 ? 'sent again: the previous try may have reached the server before the app stopped' : null;
    for (const row of chosen) logTransition(db, row.id, 'sending', now, detail);
    return {
      orderId,
      edits: chosen.map((row) => ({ id: row.id, intent: parseIntent(row) })),
      intent: merged.intent,
      promocodeEditId: merged.promocodeEditId,
      attempts: Math.max(...chosen.map((row) => row.attempts + 1)),
    };
  })();
}

function batchIds(batch: ClaimedBatch): number[] {
  return batch.edits.map((edit) => edit.id);
}

/** Only rows still `sending` are touched: nothing else may move them, this is a guard against bugs. */
function stillSending(batch: ClaimedBatch) {
  return and(inArray(edits.id, batchIds(batch)), eq(edits.state, 'sending'));
}

function logAll(db: Db, batch: ClaimedBatch, state: EditState, at: number, detail: string | null): void {
  for (const id of batchIds(batch)) logTransition(db, id, state, at, detail);
}

/**
 * 200: the server copy and the edits' new state are committed together, so the cache never shows an
 * order without the change an edit marked `synced` says it has. Promocode errors belong to the edit
 * that carried the codes (a batch never carries the codes of two clerk actions); they are final.
 */
export function recordSynced(
  sqlite: Sqlite,
  db: Db,
  batch: ClaimedBatch,
  response: OrderResponse,
  promocodeErrors: PromocodeError[],
  at: number,
): void {
  sqlite.transaction(() => {
    mergeIntoCache(sqlite, [response.data], response.refs, at);
    db.update(edits).set({ state: 'synced', syncedAt: at, nextAttemptAt: null, error: null }).where(stillSending(batch)).run();
    logAll(db, batch, 'synced', at, null);
    if (promocodeErrors.length > 0) {
      // Errors with no code in this batch (a code already on the order refused on a repeat) are kept on
      // the batch's last edit rather than dropped: the clerk still sees what the server said.
      const carrierId = batch.promocodeEditId ?? batch.edits.at(-1)?.id;
      if (carrierId !== undefined) {
        db.update(edits).set({ promocodeErrors: JSON.stringify(promocodeErrors) }).where(eq(edits.id, carrierId)).run();
        const summary = promocodeErrors.map((e) => `${e.code}: ${e.msg}`).join('; ');
        logTransition(db, carrierId, 'synced', at, `promocode errors: ${summary}`);
      }
    }
  })();
}

/** Transient: back to `pending`, due again at `retryAt`, with the reason kept for the clerk. */
export function recordRetry(sqlite: Sqlite, db: Db, batch: ClaimedBatch, retryAt: number, error: string, at: number): void {
  sqlite.transaction(() => {
    db.update(edits).set({ state: 'pending', nextAttemptAt: retryAt, error }).where(stillSending(batch)).run();
    logAll(db, batch, 'pending', at, `${error} — next try at ${new Date(retryAt).toISOString()}`);
  })();
}

/** Permanent: `failed` with the server's text; it waits for the clerk (retry or discard). */
export function recordFailed(sqlite: Sqlite, db: Db, batch: ClaimedBatch, error: string, at: number): void {
  sqlite.transaction(() => {
    db.update(edits).set({ state: 'failed', nextAttemptAt: null, error }).where(stillSending(batch)).run();
    logAll(db, batch, 'failed', at, error);
  })();
}

/**
 * Refused key: the edits are fine, the key is not. Back to `pending`, due as soon as a new key is set,
 * and the attempt is not counted against them (it says nothing about the edit).
 */
export function recordAuthRefused(sqlite: Sqlite, db: Db, batch: ClaimedBatch, error: string, at: number): void {
  sqlite.transaction(() => {
    db.update(edits)
      .set({ state: 'pending', nextAttemptAt: null, error, attempts: sql`max(${edits.attempts} - 1, 0)` })
      .where(stillSending(batch))
      .run();
    logAll(db, batch, 'pending', at, `paused, the API key was refused: ${error}`);
  })();
}
