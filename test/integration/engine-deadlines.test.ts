// The engine and the reservations' deadlines, against the sandbox over real HTTP: when several orders
// are due, the reservation that ends soonest is served first, whatever the save order; an edit whose
// reservation ended before it could be sent (the counter was offline) ends failed with the reason, and
// no request is made for it.
import { describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../src-main/core/contract.ts';
import { serverTimeMs } from '../../src-main/core/edits/editable.ts';
import { refusalAdvice } from '../../src-main/core/ticketscloud/refusal-advice.ts';
import type { Order } from '../../src-main/core/ticketscloud/types.ts';
import { engineHarness, sandboxForTest } from '../support/engine-harness.ts';

const reservationEnd = (order: Order): number => serverTimeMs(order.expired_after)!;

function reservedOrders(sandbox: Awaited<ReturnType<typeof sandboxForTest>>): Order[] {
  return sandbox
    .orderIds()
    .map((id) => sandbox.getOrderState(id)!)
    .filter((order) => order.status === 'executed' && order.tickets.length > 0)
    .sort((a, b) => reservationEnd(a) - reservationEnd(b));
}

describe('deadline-aware drain', () => {
  it('sends first the order whose reservation ends soonest, though it was saved last', async () => {
    const sandbox = await sandboxForTest({ orders: 150, processingMs: 0 });
    const reserved = reservedOrders(sandbox);
    const soon = reserved[0]!;
    const inWeeks = reserved.at(-1)!;
    const alsoLater = reserved.at(-2)!;
    expect(reservationEnd(soon) - Date.now()).toBeLessThan(3_600_000);
    expect(reservationEnd(inWeeks) - Date.now()).toBeGreaterThan(7 * 24 * 3_600_000);

    const h = engineHarness(sandbox, { concurrency: 1, start: false });
    for (const order of [inWeeks, alsoLater, soon]) await h.cacheOrder(order.id);
    const sentOrder: string[] = [];
    h.engine.on((event: ApiEvent) => {
      if (event.type === 'edit' && event.edit.state === 'synced') sentOrder.push(event.edit.order_id);
    });
    // Saved in this order while the engine is not running (the counter just came back online).
    h.outbox.saveEdit(inWeeks.id, { settings: { send_tickets: true } }, 'anna');
    h.outbox.saveEdit(alsoLater.id, { settings: { send_tickets: true } }, 'anna');
    h.outbox.saveEdit(soon.id, { status: 'done' }, 'anna');
    h.engine.start();
    await h.engine.idle();

    expect(sentOrder).toEqual([soon.id, alsoLater.id, inWeeks.id]);
    expect(sandbox.getOrderState(soon.id)?.status).toBe('done');
  });

  it('fails an edit whose reservation ended while the counter was offline, without a request', async () => {
    const sandbox = await sandboxForTest({ orders: 150, processingMs: 0 });
    const order = reservedOrders(sandbox)[0]!;
    let clock = Date.now();
    const h = engineHarness(sandbox, { start: false, now: () => clock });
    await h.cacheOrder(order.id);
    const saved = h.outbox.saveEdit(order.id, { status: 'done' }, 'anna');
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    const requestsBefore = sandbox.stats().requests;

    clock = reservationEnd(order) + 60_000; // the network came back a minute after the reservation ended
    h.engine.start();
    await h.engine.idle();

    const edit = h.edit(saved.value.id);
    expect(edit.state).toBe('failed');
    expect(edit.error).toBe(
      `The reservation ended at ${order.expired_after!.slice(0, 16)} UTC before this change could be sent: Ticketscloud takes no change to the order any more`,
    );
    expect(refusalAdvice(edit.error)).toBe('statusRefusal.reservation_ended');
    expect(sandbox.stats().requests).toBe(requestsBefore);
    expect(sandbox.getOrderState(order.id)?.status).toBe('executed');
  });

  it('tells the status bar how many queued changes must beat the soonest reservation end, 15 minutes ahead', async () => {
    const sandbox = await sandboxForTest({ orders: 150, processingMs: 0 });
    const reserved = reservedOrders(sandbox);
    const soon = reserved[0]!;
    const inWeeks = reserved.at(-1)!;
    let clock = reservationEnd(soon) - 20 * 60_000;
    const h = engineHarness(sandbox, { start: false, now: () => clock });
    for (const order of [soon, inWeeks]) await h.cacheOrder(order.id);
    h.outbox.saveEdit(soon.id, { settings: { send_tickets: true } }, 'anna');
    h.outbox.saveEdit(soon.id, { status: 'done' }, 'anna');
    h.outbox.saveEdit(inWeeks.id, { settings: { send_tickets: true } }, 'anna');

    expect(h.engine.status().deadline).toBeNull(); // 20 minutes left: no warning yet
    clock = reservationEnd(soon) - 4 * 60_000;
    expect(h.engine.status().deadline).toEqual({ edits: 2, ends_at: new Date(reservationEnd(soon)).toISOString() });
    clock = reservationEnd(soon) + 1_000; // ended: those edits will fail, not race
    expect(h.engine.status().deadline).toBeNull();
  });
});
