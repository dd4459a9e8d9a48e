import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../src-main/core/db/open.ts';
import { editLog, edits, type EditState } from '../../src-main/core/db/schema.ts';
import { createOutbox, type Outbox } from '../../src-main/core/outbox/outbox.ts';

const ORDER_A = '5f0c1e2d3a4b5c6d7e8f9a0b';
const ORDER_B = '5f0c1e2d3a4b5c6d7e8f9a0c';
const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);

const opened: OpenedDatabase[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const database of opened.splice(0)) database.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tcbo-outbox-'));
  dirs.push(dir);
  return join(dir, 'box-office.sqlite');
}

function setup(file = tempFile()): { database: OpenedDatabase; outbox: Outbox; clock: { t: number }; file: string } {
  const database = openDatabase(file);
  opened.push(database);
  const clock = { t: T0 };
  return { database, outbox: createOutbox(database.sqlite, database.db, { now: () => clock.t }), clock, file };
}

function forceState(database: OpenedDatabase, editId: number, state: EditState): void {
  database.db.update(edits).set({ state }).where(eq(edits.id, editId)).run();
}

function saved(outbox: Outbox, orderId: string, edit: unknown, operator = 'anna') {
  const result = outbox.saveEdit(orderId, edit, operator);
  if (!result.ok) throw new Error(`expected the edit to be saved: ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe('saving an edit', () => {
  it('stores the validated intent as pending and answers with the stored edit, times in ISO 8601 UTC', () => {
    const { outbox, database } = setup();
    const edit = saved(outbox, ORDER_A, { settings: { customer: { name: '  Ivan Petrov ' } } });
    expect(edit).toMatchObject({
      order_id: ORDER_A,
      body: { settings: { customer: { name: 'Ivan Petrov' } } },
      operator: 'anna',
      state: 'pending',
      attempts: 0,
      created_at: '2026-11-28T12:00:00.000Z',
      synced_at: null,
      next_attempt_at: null,
      error: null,
      promocode_errors: [],
      discarded_at: null,
    });
    expect(database.db.select().from(editLog).all()).toMatchObject([{ editId: edit.id, state: 'pending' }]);
  });

  it('is still there after the database is closed and opened again', () => {
    const first = setup();
    const edit = saved(first.outbox, ORDER_A, { settings: { send_tickets: true } });
    first.database.close();
    opened.splice(opened.indexOf(first.database), 1);
    const second = setup(first.file);
    expect(second.outbox.list()).toEqual([edit]);
  });

  it('refuses an invalid edit with one error per field and stores nothing', () => {
    const { outbox, database } = setup();
    const result = outbox.saveEdit(ORDER_A, { settings: { customer: { lang: 'de', email: 'nope' } }, extra: 1 }, 'anna');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.status).toBe(422);
    expect(result.errors.map((e) => e.path).sort()).toEqual(['extra', 'settings.customer.email', 'settings.customer.lang']);
    expect(database.db.select().from(edits).all()).toEqual([]);
    expect(database.db.select().from(editLog).all()).toEqual([]);
  });

  it.each(['', 'abc', `${ORDER_A}0`, 'zz0c1e2d3a4b5c6d7e8f9a0b', '../../etc/passwd'])(
    'refuses the order id %j with 422 and stores nothing',
    (orderId) => {
      const { outbox, database } = setup();
      const result = outbox.saveEdit(orderId, { settings: { send_tickets: true } }, 'anna');
      expect(result).toMatchObject({ ok: false, status: 422, errors: [{ path: 'order_id', code: 'invalid_id' }] });
      expect(database.db.select().from(edits).all()).toEqual([]);
    },
  );

  it('takes an order id typed in capitals as the same (lower-case) order', () => {
    const { outbox } = setup();
    expect(saved(outbox, ORDER_A.toUpperCase(), { settings: { send_tickets: true } }).order_id).toBe(ORDER_A);
  });

  it('requires an operator name', () => {
    const { outbox } = setup();
    expect(outbox.saveEdit(ORDER_A, { settings: { send_tickets: true } }, '  ')).toMatchObject({
      ok: false,
      status: 422,
      errors: [{ path: 'operator' }],
    });
  });
});

describe('cancel, retry and discard', () => {
  it('cancels a pending edit', () => {
    const { outbox, database } = setup();
    const edit = saved(outbox, ORDER_A, { settings: { send_tickets: true } });
    expect(outbox.cancel(edit.id)).toMatchObject({ ok: true, value: { id: edit.id, state: 'cancelled', discarded_at: null } });
    expect(database.db.select().from(editLog).where(eq(editLog.editId, edit.id)).all().map((r) => r.state)).toEqual([
      'pending',
      'cancelled',
    ]);
  });

  it('does not cancel an edit already being sent (it may have reached the server): 409 in English and Russian', () => {
    const { outbox, database } = setup();
    const edit = saved(outbox, ORDER_A, { settings: { send_tickets: true } });
    forceState(database, edit.id, 'sending');
    const result = outbox.cancel(edit.id);
    expect(result).toMatchObject({ ok: false, status: 409, errors: [{ code: 'wrong_state' }] });
    if (result.ok) return;
    expect(result.errors[0]?.message.en).toContain('being sent');
    expect(result.errors[0]?.message.ru).toContain('отправляется');
    expect(outbox.list()[0]?.state).toBe('sending');
  });

  it('answers 404 for an edit that does not exist', () => {
    const { outbox } = setup();
    for (const result of [outbox.cancel(999), outbox.retry(999), outbox.discard(999)]) {
      expect(result).toMatchObject({ ok: false, status: 404, errors: [{ code: 'edit_not_found' }] });
    }
  });

  it('puts a failed edit back in the queue on retry, to go out at once with a fresh attempt count', () => {
    const { outbox, database } = setup();
    const edit = saved(outbox, ORDER_A, { settings: { send_tickets: true } });
    database.db
      .update(edits)
      .set({ state: 'failed', attempts: 7, nextAttemptAt: T0 + 60_000, error: 'Order not found' })
      .where(eq(edits.id, edit.id))
      .run();
    expect(outbox.retry(edit.id)).toMatchObject({ ok: true, value: { state: 'pending', attempts: 0, next_attempt_at: null } });
  });

  it.each<EditState>(['pending', 'sending', 'synced', 'cancelled'])('does not retry or discard a %s edit: 409', (state) => {
    const { outbox, database } = setup();
    const edit = saved(outbox, ORDER_A, { settings: { send_tickets: true } });
    forceState(database, edit.id, state);
    expect(outbox.retry(edit.id)).toMatchObject({ ok: false, status: 409 });
    expect(outbox.discard(edit.id)).toMatchObject({ ok: false, status: 409 });
  });

  it('discards a failed edit: cancelled with discarded_at, still in the history', () => {
    const { outbox, database, clock } = setup();
    const edit = saved(outbox, ORDER_A, { settings: { send_tickets: true } });
    forceState(database, edit.id, 'failed');
    clock.t = T0 + 5_000;
    expect(outbox.discard(edit.id)).toMatchObject({
      ok: true,
      value: { state: 'cancelled', discarded_at: '2026-11-28T12:00:05.000Z' },
    });
    expect(outbox.list({ state: 'cancelled' })).toHaveLength(1);
    expect(outbox.counts()).toEqual({ pending: 0, failed: 0 });
  });
});

describe('reading the outbox', () => {
  it('lists newest first, filtered by state and order, limited', () => {
    const { outbox, database } = setup();
    const first = saved(outbox, ORDER_A, { settings: { send_tickets: true } });
    const second = saved(outbox, ORDER_B, { settings: { send_tickets: false } });
    const third = saved(outbox, ORDER_A, { vendor_data: { order_id: 'V-7' } });
    forceState(database, second.id, 'failed');
    expect(outbox.list().map((e) => e.id)).toEqual([third.id, second.id, first.id]);
    expect(outbox.list({ order_id: ORDER_A }).map((e) => e.id)).toEqual([third.id, first.id]);
    expect(outbox.list({ state: 'failed' }).map((e) => e.id)).toEqual([second.id]);
    expect(outbox.list({ limit: 1 }).map((e) => e.id)).toEqual([third.id]);
    expect(outbox.forOrder(ORDER_A)).toMatchObject({ edits: [{ id: third.id }, { id: first.id }], older: 0 });
    expect(outbox.forOrder(ORDER_A, 1)).toMatchObject({ edits: [{ id: third.id }], older: 1 });
    expect(outbox.counts()).toEqual({ pending: 2, failed: 1 });
  });

  it("gives an order's queued intents oldest first, sending included, ended ones left out", () => {
    const { outbox, database } = setup();
    const sending = saved(outbox, ORDER_A, { settings: { customer: { name: 'One' } } });
    saved(outbox, ORDER_A, { settings: { customer: { name: 'Two' } } });
    const cancelled = saved(outbox, ORDER_A, { settings: { customer: { name: 'Never' } } });
    saved(outbox, ORDER_B, { settings: { customer: { name: 'Other order' } } });
    forceState(database, sending.id, 'sending');
    outbox.cancel(cancelled.id);
    expect(outbox.pendingIntents(ORDER_A)).toEqual([
      { settings: { customer: { name: 'One' } } },
      { settings: { customer: { name: 'Two' } } },
    ]);
    expect(outbox.counts()).toEqual({ pending: 3, failed: 0 });
  });
});

describe('history export', () => {
  it('exports every edit with who, what, when and outcome as RFC 4180 CSV, formulas neutralised', async () => {
    const { outbox, database } = setup();
    const synced = saved(outbox, ORDER_A, { settings: { customer: { name: 'Ivanov, Ivan' } } }, 'anna');
    const failed = saved(outbox, ORDER_B, { promocodes: ['PROMO100'] }, '=cmd|calc');
    database.db
      .update(edits)
      .set({
        state: 'synced',
        attempts: 2,
        syncedAt: T0 + 1_000,
        promocodeErrors: JSON.stringify([{ code: 'promocode_not_found', msg: 'Promocode not found' }]),
      })
      .where(eq(edits.id, synced.id))
      .run();
    database.db
      .update(edits)
      .set({ state: 'failed', attempts: 1, error: 'Not allow to update order in status "done"' })
      .where(eq(edits.id, failed.id))
      .run();
    expect(await outbox.historyCsv()).toBe(
      '\uFEFFid,order_id,created_at,operator,what,state,attempts,synced_at,error,promocode_errors\r\n' +
        `${synced.id},${ORDER_A},2026-11-28T12:00:00.000Z,anna,"customer.name = Ivanov, Ivan",synced,2,2026-11-28T12:00:01.000Z,,promocode_not_found: Promocode not found\r\n` +
        `${failed.id},${ORDER_B},2026-11-28T12:00:00.000Z,'=cmd|calc,promocodes + PROMO100,failed,1,,"Not allow to update order in status ""done""",\r\n`,
    );
  });
});

describe('history export of a long history', () => {
  it('streams 20 000 edits complete and in order, in chunks that let the event loop run in between', async () => {
    const { outbox, database } = setup();
    const insert = database.sqlite.prepare(
      "INSERT INTO edits (order_id, body, operator, state, created_at) VALUES (?, '{\"settings\":{\"send_tickets\":true}}', ?, 'synced', ?)",
    );
    database.sqlite.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run(i % 2 === 0 ? ORDER_A : ORDER_B, `clerk ${i}`, T0 + i);
    })();

    const chunks: string[] = [];
    const loopRanBefore: boolean[] = [];
    let loopRan = false;
    for await (const chunk of outbox.historyCsvChunks({ chunkRows: 1_000 })) {
      loopRanBefore.push(loopRan);
      chunks.push(chunk);
      // Queued now: it runs before the next chunk only if the export gives the loop a turn in between.
      loopRan = false;
      setImmediate(() => {
        loopRan = true;
      });
    }

    expect(chunks.length).toBe(1 + 20);
    // Every chunk after the first data chunk came after a turn of the event loop.
    expect(loopRanBefore.slice(2)).toEqual(Array(19).fill(true));
    const lines = chunks.join('').split('\r\n').filter((line) => line !== '');
    expect(lines[0]).toBe('\uFEFFid,order_id,created_at,operator,what,state,attempts,synced_at,error,promocode_errors');
    const rows = lines.slice(1);
    expect(rows.length).toBe(20_000);
    expect(rows.map((line) => Number(line.split(',')[0]))).toEqual(Array.from({ length: 20_000 }, (_, i) => i + 1));
    expect(rows.map((line) => line.split(',')[3])).toEqual(Array.from({ length: 20_000 }, (_, i) => `clerk ${i}`));
  });

  it('writes `;`-separated cells when asked, a hostile name staying one quoted text cell', async () => {
    const { outbox } = setup();
    saved(outbox, ORDER_A, { settings: { customer: { name: 'Ivan;=HYPERLINK("x")' } } }, 'anna');
    const csv = await outbox.historyCsv({ separator: ';' });
    expect(csv.startsWith('\uFEFFid;order_id;created_at;operator;what;state;')).toBe(true);
    expect(csv).toContain(';anna;"customer.name = Ivan;=HYPERLINK(""x"")";pending;0;;;\r\n');
  });
});

describe('a full disk', () => {
  it('refuses the save with 507 disk_full in both languages and stores nothing — real SQLite at its size limit', () => {
    const { outbox, database } = setup();
    saved(outbox, ORDER_A, { settings: { send_tickets: true } });
    const counts = () =>
      database.sqlite.prepare('SELECT (SELECT count(*) FROM edits) AS edits, (SELECT count(*) FROM edit_log) AS log').get();
    // The database may not grow by a single page: exactly what SQLite answers on a full disk (SQLITE_FULL).
    const pages = database.sqlite.pragma('page_count', { simple: true }) as number;
    database.sqlite.pragma(`max_page_count = ${pages}`);
    const note = 'n'.repeat(120);
    const edit = { vendor_data: { raw: { a: note, b: note, c: note, d: note, e: note, f: note } } };
    let before = counts();
    let result = outbox.saveEdit(ORDER_B, edit, 'anna');
    // The last pages still have room for a few edits; the first save that needs a new page is refused.
    for (let i = 0; result.ok && i < 500; i++) {
      before = counts();
      result = outbox.saveEdit(ORDER_B, edit, 'anna');
    }

    expect(result).toMatchObject({ ok: false, status: 507, errors: [{ path: '', code: 'disk_full' }] });
    if (result.ok) return;
    expect(result.errors[0]!.message.en).toMatch(/^Not saved: the disk is full/);
    expect(result.errors[0]!.message.ru).toMatch(/^Не сохранено: диск заполнен/);
    // Nothing half-stored: neither the edit nor its log row.
    expect(counts()).toEqual(before);
    // And once there is room again, the same save goes through.
    database.sqlite.pragma(`max_page_count = ${pages + 100}`);
    expect(outbox.saveEdit(ORDER_B, edit, 'anna').ok).toBe(true);
  });
});
