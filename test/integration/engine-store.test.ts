// The engine's store on a real SQLite file: when each order is due, read from the outbox rows. The
// engine rebuilds its queue from these after a restart, so a wrong answer here either hammers a server
// that asked for a pause or leaves an edit waiting that should go now.
import { describe, expect, it } from 'vitest';
import { logTransition } from '../../src-main/core/outbox/edit-rows.ts';
import { dueAtOf, editRows, lastSyncedAt, queuedOrdersAfter } from '../../src-main/core/sync/engine-store.ts';
import { useTempDatabase } from '../support/temp-database.ts';

const temp = useTempDatabase('tcbo-engine-store-');

function insertEdit(orderId: string, state: string, nextAttemptAt: number | null): number {
  const inserted = temp.cache.sqlite
    .prepare<[string, string, number | null]>(
      `INSERT INTO edits (order_id, body, operator, state, created_at, next_attempt_at) VALUES (?, '{}', 'anna', ?, 0, ?)`,
    )
    .run(orderId, state, nextAttemptAt);
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
