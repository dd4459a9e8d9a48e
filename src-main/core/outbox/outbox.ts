// The outbox: the only way an edit becomes durable, and the clerk's actions on queued and failed edits.
// saveEdit returns only after the edit is committed (WAL, synchronous=FULL: see db/open.ts), so "saved"
// on the screen means it survives a crash or a power cut. Rows are never deleted: an edit that ended
// stays as history, with every transition in edit_log.
import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { EditDto, EditFilter, FieldError, LocalizedText, Result } from '../contract.ts';
import { perDatabase } from '../cache/prepared.ts';
import type { Db, Sqlite } from '../db/open.ts';
import { edits, type EditRow, type EditState } from '../db/schema.ts';
import { getCachedOrder } from '../cache/read.ts';
import { overlayIntents } from '../edits/overlay.ts';
import { validateEdit, type EditIntent } from '../edits/schema.ts';
import { captureBase } from '../edits/three-way.ts';
import type { Order } from '../ticketscloud/types.ts';
import { QUEUED_STATES } from '../sync/policy.ts';
import { csvRow } from './csv.ts';
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
  /** Every edit of one order, newest first. */
  forOrder(orderId: string): EditDto[];
  /** The intents still to be sent for one order, oldest first (what the screen lays over the server copy). */
  pendingIntents(orderId: string): EditIntent[];
  /** `pending` counts the edits being sent too: both are not on the server yet as far as we know. */
  counts(): { pending: number; failed: number };
  historyCsv(): string;
}

// ObjectIds are lower-case hex on the server; one pasted in capitals is the same order.
const ORDER_ID = /^[0-9a-f]{24}$/i;
const MAX_OPERATOR_LENGTH = 64;
const DEFAULT_LIST_LIMIT = 1_000;
const MAX_LIST_LIMIT = 10_000;

const STATE_NAMES: Record<EditState, LocalizedText> = {
  pending: { en: 'waiting to be sent', ru: 'ожидает отправки' },
  sending: { en: 'being sent', ru: 'отправляется' },
  synced: { en: 'already on the server', ru: 'уже на сервере' },
  failed: { en: 'failed', ru: 'не принята сервером' },
  cancelled: { en: 'cancelled', ru: 'отменена' },
};

function fail<T>(status: number, path: string, code: string, message: LocalizedText): Result<T> {
  return { ok: false, status, errors: [{ path, code, message }] };
}

function notFound<T>(editId: number): Result<T> {
  return fail(404, 'id', 'edit_not_found', {
    en: `There is no edit number ${editId}.`,
    ru: `Правки с номером ${editId} нет.`,
  });
}

function wrongState<T>(row: EditRow, action: LocalizedText, allowed: EditState): Result<T> {
  const now = STATE_NAMES[row.state];
  const needed = STATE_NAMES[allowed];
  return fail(409, 'state', 'wrong_state', {
    en: `Edit ${row.id} cannot be ${action.en}: it is ${now.en}; only an edit that is ${needed.en} can.`,
    ru: `Правку ${row.id} нельзя ${action.ru}: она ${now.ru}; можно только правку, которая ${needed.ru}.`,
  });
}

function checkOrderId(orderId: string): FieldError | null {
  if (ORDER_ID.test(orderId)) return null;
  return {
    path: 'order_id',
    code: 'invalid_order_id',
    message: {
      en: 'An order id is 24 characters 0-9 and a-f.',
      ru: 'Идентификатор заказа — 24 символа 0-9 и a-f.',
    },
  };
}

function checkOperator(operator: unknown): FieldError | null {
  if (typeof operator === 'string' && operator.trim() !== '' && operator.trim().length <= MAX_OPERATOR_LENGTH) {
    return null;
  }
  return {
    path: 'operator',
    code: 'invalid_operator',
    message: {
      en: `The operator name is required, at most ${MAX_OPERATOR_LENGTH} characters.`,
      ru: `Нужно имя оператора, не длиннее ${MAX_OPERATOR_LENGTH} символов.`,
    },
  };
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

// A prepared statement: saving is the clerk's hot path (validate + one durable commit), and building
// the INSERT with the query builder cost about as much as the validation.
const insertStatement = perDatabase((sqlite) =>
  sqlite.prepare<[string, string, string, number, string | null]>(
    `INSERT INTO edits (order_id, body, operator, state, created_at, base) VALUES (?, ?, ?, 'pending', ?, ?)`,
  ),
);

export function createOutbox(sqlite: Sqlite, db: Db, options: OutboxOptions = {}): Outbox {
  const now = options.now ?? Date.now;

  /** The cached order with the edits still queued laid over it: what the order screen shows. */
  function whatTheClerkSees(orderId: string): Order | null {
    const cached = getCachedOrder(sqlite, orderId);
    return cached === null ? null : overlayIntents(cached.order, cached.refs, queuedIntents(orderId));
  }

  function queuedIntents(orderId: string): EditIntent[] {
    return db
      .select({ body: edits.body })
      .from(edits)
      .where(and(eq(edits.orderId, orderId), inArray(edits.state, [...QUEUED_STATES])))
      .orderBy(asc(edits.id))
      .all()
      .map(parseIntent);
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
    action: LocalizedText,
    change: (at: number) => Partial<EditRow> & { state: EditState },
    detail: string,
  ): Result<EditDto> {
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
  }

  return {
    saveEdit(orderId, input, operator) {
      const validated = validateEdit(input);
      const errors = [checkOrderId(orderId), checkOperator(operator)].filter((e): e is FieldError => e !== null);
      if (!validated.ok) errors.push(...validated.errors);
      if (errors.length > 0 || !validated.ok) return { ok: false, status: 422, errors };
      const base = captureBase(whatTheClerkSees(orderId.toLowerCase()), validated.value);
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
      sqlite.transaction(() => {
        const inserted = insertStatement(sqlite).run(row.orderId, row.body, row.operator, row.createdAt, row.base);
        row.id = Number(inserted.lastInsertRowid);
        logTransition(sqlite, row.id, 'pending', row.createdAt, 'saved');
      })();
      return { ok: true, value: toEditDto(row) };
    },

    cancel(editId) {
      return transition(editId, 'pending', { en: 'cancelled', ru: 'отменить' }, () => ({ state: 'cancelled' }), 'cancelled by the clerk');
    },

    retry(editId) {
      // Attempts start again from 0: the clerk's retry is a fresh decision (usually after fixing the
      // cause), so it goes out at once and backs off from 1 s, not from the old attempt count's 5 min.
      // The earlier attempts stay in edit_log.
      return transition(
        editId,
        'failed',
        { en: 'retried', ru: 'повторить' },
        () => ({ state: 'pending', attempts: 0, nextAttemptAt: null }),
        'retried by the clerk',
      );
    },

    discard(editId) {
      return transition(
        editId,
        'failed',
        { en: 'discarded', ru: 'отбросить' },
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

    forOrder(orderId) {
      return db.select().from(edits).where(eq(edits.orderId, orderId)).orderBy(desc(edits.id)).all().map(toEditDto);
    },

    pendingIntents: queuedIntents,

    counts: () => countOpenEdits(db),

    historyCsv() {
      const lines = [csvRow(CSV_HEADER)];
      for (const row of db.select().from(edits).orderBy(asc(edits.id)).all()) {
        lines.push(
          csvRow([
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
          ]),
        );
      }
      return lines.join('');
    },
  };
}
