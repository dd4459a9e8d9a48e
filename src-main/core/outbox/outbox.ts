// The outbox: the only way an edit becomes durable, and the clerk's actions on queued and failed edits.
// saveEdit returns only after the edit is committed (WAL, synchronous=FULL: see db/open.ts), so "saved"
// on the screen means it survives a crash or a power cut. Rows are never deleted: an edit that ended
// stays as history, with every transition in edit_log.
import Database from 'better-sqlite3';
import { and, asc, count, desc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import type { EditDto, EditFilter, FieldError, Result } from '../contract.ts';
import { fieldError, refusal, refused } from '../messages/catalog.ts';
import { OBJECT_ID } from '../schemas/arguments.ts';
import { perDatabase } from '../db/prepared.ts';
import { queryBuilderFor, type Db, type Sqlite } from '../db/open.ts';
import { edits, QUEUED_STATES, type EditRow, type EditState } from '../db/schema.ts';
import { getCachedOrder } from '../cache/read.ts';
import { editRefusals } from '../edits/editable.ts';
import { overlayIntents } from '../edits/overlay.ts';
import { validateEdit, type EditIntent } from '../edits/schema.ts';
import { captureBase } from '../edits/three-way.ts';
import type { Order } from '../ticketscloud/types.ts';
import { csvRow, UTF8_BOM, type CsvOptions } from './csv.ts';
import { describeIntent } from './describe-intent.ts';
import { countOpenEdits, logTransition, parseIntent, parsePromocodeErrors, toEditDto } from './edit-rows.ts';

export interface OutboxOptions {
  now?: () => number;
}

export interface Outbox {
  /** Validates, then stores the edit and its first edit_log row in ONE transaction. 422 on invalid input. */
  saveEdit(orderId: string, input: unknown, operator: string): Result<EditDto>;
  /** pending → cancelled. An edit already `sending` may have reached the server: 409. */
  cancel(editId: number): Result<EditDto>;
  /** failed → pending, sent as soon as its order's lane is free. */
  retry(editId: number): Result<EditDto>;
  /** failed → cancelled, with discarded_at: the clerk gave up on it; it stays in history. */
  discard(editId: number): Result<EditDto>;
  /** Newest first. */
  list(filter?: EditFilter): EditDto[];
  /** The newest `limit` edits of one order, newest first, and how many older ones were left out. */
  forOrder(orderId: string, limit?: number): { edits: EditDto[]; older: number };
  /** The intents still to be sent for one order, oldest first (what the screen lays over the server copy). */
  pendingIntents(orderId: string): EditIntent[];
  /** `pending` counts the edits being sent too: both are not on the server yet as far as we know. */
  counts(): { pending: number; failed: number };
  /**
   * The whole edit history as CSV (UTF-8 BOM, header, one row per edit, oldest first), in chunks of
   * rows that yield to the event loop in between: a history of a million edits must not freeze the
   * window or the bridge, nor be held in memory at once when it is streamed.
   */
  historyCsvChunks(options?: HistoryCsvOptions): AsyncGenerator<string, void, undefined>;
  /** historyCsvChunks joined: for a transport that cannot stream (IPC). */
  historyCsv(options?: HistoryCsvOptions): Promise<string>;
}

export interface HistoryCsvOptions extends CsvOptions {
  /** Rows read and written per chunk; HISTORY_CSV_CHUNK_ROWS unless a test wants another size. */
  chunkRows?: number;
}

/**
 * About 10 µs of work per row (more on a busy machine), so a chunk stays a few milliseconds: the loop
 * that serves the clerk runs between chunks. (2 000 rows per chunk blocked it for 20–40 ms.)
 */
export const HISTORY_CSV_CHUNK_ROWS = 250;

// ObjectIds are lower-case hex on the server; one pasted in capitals is the same order.
const MAX_OPERATOR_LENGTH = 64;
const DEFAULT_LIST_LIMIT = 1_000;
// An order screen lists this many edits at most: 20 000 queued edits of one order (a script) took 415 ms
// to read and turn into objects, all on the loop that serves the clerk.
const ORDER_VIEW_EDITS = 500;
const MAX_LIST_LIMIT = 10_000;

type Action = 'cancel' | 'retry' | 'discard';

function notFound<T>(editId: number): Result<T> {
  return refusal(404, 'id', 'edit_not_found', { id: editId });
}

function wrongState<T>(row: EditRow, action: Action, allowed: EditState): Result<T> {
  return refusal(409, 'state', 'wrong_state', {
    id: row.id,
    action: { message: `action.${action}` },
    now: { message: `editState.${row.state}` },
    needed: { message: `editState.${allowed}` },
  });
}

// The service checks these with the contract's rules first; the outbox keeps its own check because it is
// the last door before the disk (the engine's tests and scripts call it directly).
function checkOrderId(orderId: string): FieldError | null {
  return OBJECT_ID.test(orderId) ? null : fieldError('order_id', 'invalid_id');
}

function checkOperator(operator: unknown): FieldError | null {
  if (typeof operator === 'string' && operator.trim() !== '' && operator.trim().length <= MAX_OPERATOR_LENGTH) {
    return null;
  }
  return fieldError('operator', 'invalid_operator', { limit: MAX_OPERATOR_LENGTH });
}

/**
 * A write the database could not make, as a Result: the disk is full (SQLITE_FULL — also a database at
 * its max_page_count), or the file cannot be written at all (an I/O error, a read-only file or folder).
 * Anything else is a bug and stays an exception.
 */
export function storageRefusal(error: unknown): Extract<Result<never>, { ok: false }> | null {
  if (!(error instanceof Database.SqliteError)) return null;
  if (error.code === 'SQLITE_FULL') {
    return refusal(507, '', 'disk_full');
  }
  if (/^SQLITE_(IOERR|READONLY|CANTOPEN)/.test(error.code)) {
    return refusal(503, '', 'disk_write_failed', { sqlite: error.code });
  }
  return null;
}

function promocodeErrorsText(row: EditRow): string | null {
  const errors = parsePromocodeErrors(row);
  return errors.length === 0 ? null : errors.map((e) => `${e.code}: ${e.msg}`).join('; ');
}

const CSV_HEADER = [
  'id',
  'order_id',
  'created_at',
  'operator',
  'what',
  'state',
  'attempts',
  'synced_at',
  'error',
  'promocode_errors',
] as const;

function historyCells(row: EditRow): (string | number | null)[] {
  return [
    row.id,
    row.orderId,
    new Date(row.createdAt).toISOString(),
    row.operator,
    describeIntent(parseIntent(row)),
    row.discardedAt === null ? row.state : 'discarded',
    row.attempts,
    row.syncedAt === null ? null : new Date(row.syncedAt).toISOString(),
    row.error,
    promocodeErrorsText(row),
  ];
}

/**
 * The intents still queued for an order, oldest first: read by every save (the order as the clerk sees
 * it is the cached copy with these laid over it), so built once — building it per save cost more than
 * running it.
 */
const queuedBodies = perDatabase((sqlite) =>
  queryBuilderFor(sqlite)
    .select({ body: edits.body })
    .from(edits)
    .where(and(eq(edits.orderId, sql.placeholder('orderId')), inArray(edits.state, [...QUEUED_STATES])))
    .orderBy(asc(edits.id))
    .prepare(),
);

/** Keyset pagination by id for the history export: built once, run once per chunk. */
const historyPage = perDatabase((sqlite) =>
  queryBuilderFor(sqlite)
    .select()
    .from(edits)
    .where(gt(edits.id, sql.placeholder('after')))
    .orderBy(asc(edits.id))
    .limit(sql.placeholder('limit'))
    .prepare(),
);

// A prepared statement: saving is the clerk's hot path (validate + one durable commit), and building
// the INSERT with the query builder cost about as much as the validation.
const insertStatement = perDatabase((sqlite) =>
  sqlite.prepare<[string, string, string, number, string | null]>(
    `INSERT INTO edits (order_id, body, operator, state, created_at, base) VALUES (?, ?, ?, 'pending', ?, ?)`,
  ),
);

export function createOutbox(sqlite: Sqlite, db: Db, options: OutboxOptions = {}): Outbox {
  const now = options.now ?? Date.now;

  /**
   * The order as the clerk sees it when saving (the cached copy with the queued edits laid over it), or
   * the refusal when the cache already knows Ticketscloud would refuse this edit (edits/editable.ts).
   * An order that is not cached is left to the server.
   */
  function orderBeforeSave(orderId: string, intent: EditIntent): { seen: Order | null; refusals: FieldError[] } {
    const cached = getCachedOrder(sqlite, orderId);
    if (cached === null) return { seen: null, refusals: [] };
    const queued = queuedIntents(orderId);
    const queuedStatusChange = queued.findLast((edit) => edit.status !== undefined)?.status ?? null;
    const refusals = editRefusals(cached.order, intent, now(), queuedStatusChange);
    return { seen: overlayIntents(cached.order, cached.refs, queued), refusals };
  }

  function queuedIntents(orderId: string): EditIntent[] {
    return queuedBodies(sqlite).all({ orderId }).map(parseIntent);
  }

  function readRow(editId: number): EditRow | undefined {
    return db.select().from(edits).where(eq(edits.id, editId)).get();
  }

  /**
   * One clerk action on one edit: checked and applied in the same transaction, so the engine (same
   * process, same connection) can never slip a state change in between the check and the write.
   */
  function transition(
    editId: number,
    allowed: EditState,
    action: Action,
    change: (at: number) => Partial<EditRow> & { state: EditState },
    detail: string,
  ): Result<EditDto> {
    try {
      return sqlite.transaction((): Result<EditDto> => {
        const row = readRow(editId);
        if (!row) return notFound(editId);
        if (row.state !== allowed) return wrongState(row, action, allowed);
        const at = now();
        const values = change(at);
        db.update(edits).set(values).where(eq(edits.id, editId)).run();
        logTransition(sqlite, editId, values.state, at, detail);
        return { ok: true, value: toEditDto({ ...row, ...values }) };
      })();
    } catch (error) {
      const refused = storageRefusal(error);
      if (refused) return refused;
      throw error;
    }
  }

  async function* historyCsvChunks(options: HistoryCsvOptions = {}): AsyncGenerator<string, void, undefined> {
    const separator = options.separator ?? ',';
    const chunkRows = Math.max(1, Math.trunc(options.chunkRows ?? HISTORY_CSV_CHUNK_ROWS));
    yield UTF8_BOM + csvRow(CSV_HEADER, separator);
    // Keyset pagination by id (never OFFSET, which rereads every skipped row): each chunk is one short
    // query. Edits saved while the export runs get higher ids and are included; a row's state is read
    // when its chunk is, so a long export shows each edit as it was at that moment.
    for (let after = 0; ; ) {
      const rows = historyPage(sqlite).all({ after, limit: chunkRows });
      if (rows.length === 0) return;
      let chunk = '';
      for (const row of rows) chunk += csvRow(historyCells(row), separator);
      after = rows[rows.length - 1]!.id;
      yield chunk;
      if (rows.length < chunkRows) return;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  return {
    saveEdit(orderId, input, operator) {
      const validated = validateEdit(input);
      const errors = [checkOrderId(orderId), checkOperator(operator)].filter((e): e is FieldError => e !== null);
      if (!validated.ok) errors.push(...validated.errors);
      if (errors.length > 0 || !validated.ok) return refused(422, errors);
      const { seen, refusals } = orderBeforeSave(orderId.toLowerCase(), validated.value);
      if (refusals.length > 0) return refused(422, refusals);
      const base = captureBase(seen, validated.value);
      const row: EditRow = {
        id: 0,
        orderId: orderId.toLowerCase(),
        body: JSON.stringify(validated.value),
        operator: operator.trim(),
        state: 'pending',
        attempts: 0,
        createdAt: now(),
        nextAttemptAt: null,
        syncedAt: null,
        error: null,
        promocodeErrors: '[]',
        discardedAt: null,
        base: base === null ? null : JSON.stringify(base),
        conflicts: '[]',
      };
      try {
        sqlite.transaction(() => {
          const inserted = insertStatement(sqlite).run(row.orderId, row.body, row.operator, row.createdAt, row.base);
          row.id = Number(inserted.lastInsertRowid);
          logTransition(sqlite, row.id, 'pending', row.createdAt, 'saved');
        })();
      } catch (error) {
        // The transaction was rolled back: nothing of the edit is stored. Say so in words the clerk can
        // act on, instead of a generic "something went wrong" that reads as if the edit were safe.
        const refused = storageRefusal(error);
        if (refused) return refused;
        throw error;
      }
      return { ok: true, value: toEditDto(row) };
    },

    cancel(editId) {
      return transition(editId, 'pending', 'cancel', () => ({ state: 'cancelled' }), 'cancelled by the clerk');
    },

    retry(editId) {
      // Attempts start again from 0: the clerk's retry is a fresh decision (usually after fixing the
      // cause), so it goes out at once and backs off from 1 s, not from the old attempt count's 5 min.
      // The earlier attempts stay in edit_log.
      return transition(
        editId,
        'failed',
        'retry',
        () => ({ state: 'pending', attempts: 0, nextAttemptAt: null }),
        'retried by the clerk',
      );
    },

    discard(editId) {
      return transition(
        editId,
        'failed',
        'discard',
        (at) => ({ state: 'cancelled', discardedAt: at }),
        'discarded by the clerk',
      );
    },

    list(filter = {}) {
      const conditions: SQL[] = [];
      if (filter.state) conditions.push(eq(edits.state, filter.state));
      if (filter.order_id) conditions.push(eq(edits.orderId, filter.order_id));
      const limit = Math.min(Math.max(1, Math.trunc(filter.limit ?? DEFAULT_LIST_LIMIT)), MAX_LIST_LIMIT);
      return db
        .select()
        .from(edits)
        .where(and(...conditions))
        .orderBy(desc(edits.id))
        .limit(limit)
        .all()
        .map(toEditDto);
    },

    forOrder(orderId, limit = ORDER_VIEW_EDITS) {
      const newest = db.select().from(edits).where(eq(edits.orderId, orderId)).orderBy(desc(edits.id)).limit(limit).all();
      const older =
        newest.length < limit ? 0 : (db.select({ n: count() }).from(edits).where(eq(edits.orderId, orderId)).get()?.n ?? 0) - newest.length;
      return { edits: newest.map(toEditDto), older };
    },

    pendingIntents: queuedIntents,

    counts: () => countOpenEdits(db),

    historyCsvChunks,

    async historyCsv(options) {
      let csv = '';
      for await (const chunk of historyCsvChunks(options)) csv += chunk;
      return csv;
    },
  };
}
