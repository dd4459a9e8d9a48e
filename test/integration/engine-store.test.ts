// The engine's store on a real SQLite file: when each order is due, read from the outbox rows. The
// engine rebuilds its queue from these after a restart, so a wrong answer here either hammers a server
// that asked for a pause or leaves an edit waiting that should go now.
import { describe, expect, it } from 'vitest';
import { logTransition } from '../../src-main/core/outbox/edit-rows.ts';
import { claimBatch, dueAtOf, editRows, lastSyncedAt, queuedOrdersAfter, recordFailed, recordSynced } from '../../src-main/core/sync/engine-store.ts';
import { useTempDatabase } from '../support/temp-database.ts';

const temp = useTempDatabase('tcbo-engine-store-');

function insertEdit(orderId: string, state: string, nextAttemptAt: number | null, body = '{}'): number {
  const inserted = temp.cache.sqlite
    .prepare<[string, string, string, number | null]>(
      `INSERT INTO edits (order_id, body, operator, state, created_at, next_attempt_at) VALUES (?, ?, 'anna', ?, 0, ?)`,
    )
    .run(orderId, body, state, nextAttemptAt);
  return Number(inserted.lastInsertRowid);
}

/** An uncached order's queue head: its reservation end is unknown. */
function queued(orderId: string, dueAt: number, reservationEnd: number | null = null) {
  return { orderId, dueAt, reservationEnd };
}

function cacheOrder(orderId: string, status: string, expiredAfter: string | null): void {
  temp.cache.sqlite
    .prepare<[string, string, string | null]>(
      `INSERT INTO orders (id, number, status, event_id, created_at, expired_after, json, fetched_at) VALUES (?, 1, ?, 'e', '2026-12-01 10:00:00', ?, '{}', 0)`,
    )
    .run(orderId, status, expiredAfter);
}

const A = 'a'.repeat(24);
const B = 'b'.repeat(24);
const C = 'c'.repeat(24);

describe('when an order is due', () => {
  it('is its OLDEST queued edit’s next attempt, even when a newer edit was never tried', () => {
    insertEdit(A, 'pending', 5_000); // backing off after a 503
    insertEdit(A, 'pending', null); // saved after that try
    insertEdit(A, 'pending', null);
    expect(dueAtOf(temp.cache.sqlite, A)).toBe(5_000);
    expect(queuedOrdersAfter(temp.cache.sqlite, '', 10)).toEqual([queued(A, 5_000)]);
  });

  it('is now (0) when an edit was left sending by a crash, whatever the others wait for', () => {
    insertEdit(B, 'pending', 9_000);
    insertEdit(B, 'sending', null);
    expect(dueAtOf(temp.cache.sqlite, B)).toBe(0);
    expect(queuedOrdersAfter(temp.cache.sqlite, '', 10)).toEqual([queued(B, 0)]);
  });

  it('is nothing for an order whose edits all ended, and skips such orders when walking the queue', () => {
    insertEdit(A, 'synced', null);
    insertEdit(A, 'failed', null);
    insertEdit(B, 'pending', null);
    insertEdit(C, 'pending', 7_000);
    expect(dueAtOf(temp.cache.sqlite, A)).toBeNull();
    expect(queuedOrdersAfter(temp.cache.sqlite, '', 10)).toEqual([
      queued(B, 0),
      queued(C, 7_000),
    ]);
    // A chunk at a time, in order-id order, after the last id of the previous chunk.
    expect(queuedOrdersAfter(temp.cache.sqlite, '', 1)).toEqual([queued(B, 0)]);
    expect(queuedOrdersAfter(temp.cache.sqlite, B, 1)).toEqual([queued(C, 7_000)]);
  });

  it('comes with the cached reservation’s end: only for a reserved order whose end can be read', () => {
    cacheOrder(A, 'executed', '2026-12-02 18:30:00');
    cacheOrder(B, 'done', '2026-12-02 18:30:00');
    cacheOrder(C, 'executed', 'soon');
    for (const orderId of [A, B, C, 'd'.repeat(24)]) insertEdit(orderId, 'pending', null);
    expect(queuedOrdersAfter(temp.cache.sqlite, '', 10)).toEqual([
      queued(A, 0, Date.UTC(2026, 11, 2, 18, 30)),
      queued(B, 0),
      queued(C, 0),
      queued('d'.repeat(24), 0),
    ]);
  });

  it('says when the last sync was from the log: its latest synced row, whatever came after', () => {
    const { sqlite } = temp.cache;
    expect(lastSyncedAt(sqlite)).toBeNull();
    const first = insertEdit(A, 'synced', null);
    const second = insertEdit(B, 'synced', null);
    logTransition(sqlite, first, 'synced', 1_000, null);
    logTransition(sqlite, second, 'synced', 3_000, null);
    logTransition(sqlite, insertEdit(C, 'pending', null), 'pending', 5_000, null);
    expect(lastSyncedAt(sqlite)).toBe(3_000);
  });

  it('reads edit rows back by id, in id order, typed as the schema says', () => {
    const first = insertEdit(A, 'pending', null);
    const second = insertEdit(B, 'failed', 3);
    const rows = editRows(temp.cache.sqlite, [second, first]);
    expect(rows.map((row) => [row.id, row.orderId, row.state, row.nextAttemptAt])).toEqual([
      [first, A, 'pending', null],
      [second, B, 'failed', 3],
    ]);
  });
});

// A batch's edits are marked and logged by one statement each (ids as a JSON array): the rows must read
// exactly as a row-by-row write would have left them — every edit of the batch, no other, in id order.
describe('a batch’s outcome', () => {
  const named = (name: string): string => JSON.stringify({ settings: { customer: { name } } });
  const states = (ids: readonly number[]): string[] => editRows(temp.cache.sqlite, ids).map((row) => row.state);
  const logOf = (ids: readonly number[]) =>
    temp.cache.sqlite
      .prepare<[string], { editId: number; state: string; detail: string | null }>(
        `SELECT edit_id AS editId, state, detail FROM edit_log WHERE edit_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
      )
      .all(JSON.stringify(ids));

  it('marks every edit of the batch synced, logs each in id order, and keeps a conflict note on the edit that owns it', () => {
    const batchIds = [insertEdit(A, 'pending', null, named('Anna')), insertEdit(A, 'pending', null, named('Anna P.'))];
    const other = insertEdit(B, 'pending', null, named('Boris'));
    const batch = claimBatch(temp.cache.sqlite, A, 1_000);
    expect(batch?.edits.map((edit) => edit.id)).toEqual(batchIds);
    expect(batch?.intent).toEqual({ settings: { customer: { name: 'Anna P.' } } });
    expect(states([...batchIds, other])).toEqual(['sending', 'sending', 'pending']);
    if (batch === null) return;

    const conflict = { path: 'settings.customer.name', base: 'Ann', server: 'Anya', mine: 'Anna P.' };
    recordSynced(temp.cache.sqlite, batch, { response: null, unstored: 'not stored: test', askedSeq: 1, promocodeErrors: [], conflicts: [conflict] }, 2_000);

    expect(states([...batchIds, other])).toEqual(['synced', 'synced', 'pending']);
    const [first, second] = batchIds;
    expect(logOf(batchIds)).toEqual([
      { editId: first, state: 'sending', detail: `with edits #${second}…#${second} (2 in all) in one request` },
      { editId: first, state: 'synced', detail: 'not stored: test' },
      { editId: second, state: 'synced', detail: 'not stored: test; replaced a change made elsewhere: settings.customer.name was "Anya", now "Anna P."' },
    ]);
    expect(editRows(temp.cache.sqlite, batchIds).map((row) => JSON.parse(row.conflicts))).toEqual([[], [conflict]]);
  });

  it('fails only the batch’s edits still sending, with the server’s text in the log', () => {
    const batchIds = [insertEdit(C, 'pending', null, named('Clara')), insertEdit(C, 'pending', null, named('Clara K.'))];
    const batch = claimBatch(temp.cache.sqlite, C, 1_000);
    if (batch === null) throw new Error('nothing claimed');
    // Something else moved the second edit meanwhile (a bug elsewhere, say): the outcome must not touch it.
    temp.cache.sqlite.prepare<[number]>(`UPDATE edits SET state = 'pending' WHERE id = ?`).run(batchIds[1] ?? 0);

    recordFailed(temp.cache.sqlite, batch, '400: bad name', 2_000);

    expect(states(batchIds)).toEqual(['failed', 'pending']);
    expect(logOf(batchIds.slice(0, 1)).at(-1)).toEqual({ editId: batchIds[0], state: 'failed', detail: '400: bad name' });
  });
});
