// A sandbox that lives in the present: its data is dated from the moment it starts, reservations end on
// its clock, and `PATCH {status: "done" | "cancelled"}` finishes or cancels an order with the documented
// 400s ("Finishing and cancelling" in the API notes). The clock is handed in, so time moves only when the
// test says.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Order, OrderResponse } from '../../src-main/core/ticketscloud/types.ts';
import { DEFAULT_STARTED_AT_MS, formatServerDate, parseServerDate } from '../../src-main/sandbox/dates.ts';
import { generateRefs } from '../../src-main/sandbox/generator.ts';
import { type Sandbox, startSandbox } from '../../src-main/sandbox/server.ts';

const SEED = 12;
// A start on no particular day, far from the generator's default one.
const STARTED_AT = Date.UTC(2031, 4, 17, 9, 30, 0);
const NOT_ENOUGH_MONEY = 'Not enough money, сontact to TicketsCloud manager';

let sandbox: Sandbox;
let clock = STARTED_AT;

beforeAll(async () => {
  sandbox = await startSandbox({ orders: 300, seed: SEED, processingMs: 0, startedAt: STARTED_AT, now: () => clock });
});
afterAll(async () => {
  await sandbox.stop();
});
beforeEach(() => {
  sandbox.setFaults({ notEnoughMoney: false });
});

interface Answer {
  status: number;
  body: OrderResponse;
  errors: string[];
}

async function call(method: string, path: string, payload?: unknown): Promise<Answer> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { authorization: `key ${sandbox.apiKey}`, 'content-type': 'application/json' },
    body: payload === undefined ? undefined : JSON.stringify(payload),
  });
  const json: unknown = await response.json();
  const errors = response.status >= 400 ? ((json as { errors?: string[] }).errors ?? []) : [];
  return { status: response.status, body: json as OrderResponse, errors };
}

const patch = (id: string, body: unknown): Promise<Answer> => call('PATCH', `/v2/resources/orders/${id}`, body);
const getOne = (id: string): Promise<Answer> => call('GET', `/v2/resources/orders/${id}`);

/** Orders are taken once each, so tests do not see each other's changes. */
const taken = new Set<string>();
function takeOrder(what: string, predicate: (order: Order) => boolean): Order {
  for (const id of sandbox.orderIds()) {
    if (taken.has(id)) continue;
    const order = sandbox.getOrderState(id);
    if (order && predicate(order)) {
      taken.add(id);
      return order;
    }
  }
  throw new Error(`the sandbox (seed ${SEED}) has no free order that is ${what}`);
}

const reservedWithTickets = (order: Order): boolean => order.status === 'executed' && order.tickets.length > 0;
const endsAt = (order: Order): number => parseServerDate(order.expired_after ?? '') * 1000;

/** The free reservation that ends first: moving the clock to its end expires as few other orders as possible. */
function takeSoonestReservation(): Order {
  const free = sandbox
    .orderIds()
    .filter((id) => !taken.has(id))
    .map((id) => sandbox.getOrderState(id)!)
    .filter(reservedWithTickets)
    .sort((a, b) => endsAt(a) - endsAt(b));
  const order = free[0];
  if (!order) throw new Error(`the sandbox (seed ${SEED}) has no free reservation`);
  taken.add(order.id);
  return order;
}

describe('data dated from the start', () => {
  it('has reservations ending in minutes, hours and weeks after the start, and settled orders before it', async () => {
    const orders = sandbox.orderIds().map((id) => sandbox.getOrderState(id)!);
    expect(sandbox.startedAt).toBe(STARTED_AT);
    const executed = orders.filter((order) => order.status === 'executed');
    const minutesLeft = executed.map((order) => (endsAt(order) - STARTED_AT) / 60_000);
    expect(Math.min(...minutesLeft)).toBeGreaterThanOrEqual(10);
    expect(minutesLeft.some((minutes) => minutes < 60)).toBe(true);
    expect(minutesLeft.some((minutes) => minutes >= 60 && minutes < 24 * 60)).toBe(true);
    expect(minutesLeft.some((minutes) => minutes >= 7 * 24 * 60)).toBe(true);
    for (const order of executed) expect(parseServerDate(order.created_at) * 1000).toBeLessThan(STARTED_AT);

    const expired = orders.filter((order) => order.status === 'expired');
    expect(expired.length).toBeGreaterThan(0);
    for (const order of expired) expect(endsAt(order)).toBeLessThan(STARTED_AT);

    const paid = orders.filter((order) => order.status === 'done');
    expect(paid.length).toBeGreaterThan(0);
    for (const order of paid) for (const ticket of order.tickets) expect(ticket.barcode).toMatch(/^[1-9]\d{12}$/);

    // What the list endpoint serves is the same data.
    const listed = await call('GET', `/v2/resources/orders?status=executed&page_size=200`);
    expect((listed.body as unknown as { data: Order[] }).data.map((order) => order.expired_after).sort()).toEqual(
      executed.map((order) => order.expired_after).sort(),
    );
  });

  it('has its events still to come, as far after the start as the default data set has them', async () => {
    const order = sandbox.getOrderState(sandbox.orderIds()[0]!)!;
    const served = (await getOne(order.id)).body.refs.events ?? {};
    const original = generateRefs(SEED).events ?? {};
    const shiftSeconds = (STARTED_AT - DEFAULT_STARTED_AT_MS) / 1000;
    // The API allows a bare string lifetime too; the sandbox always sends {start, finish}.
    const startOf = (lifetime: unknown): number => parseServerDate((lifetime as { start?: string } | undefined)?.start ?? '');
    for (const [id, event] of Object.entries(served)) {
      const start = startOf(event.lifetime);
      expect(start * 1000).toBeGreaterThan(STARTED_AT);
      expect(start - startOf(original[id]?.lifetime)).toBe(shiftSeconds);
      expect({ ...event, lifetime: null }).toEqual({ ...original[id], lifetime: null });
    }
    expect(Object.keys(served)).toEqual([order.event]);
  });

  it('dates a sandbox started without a fixed start from its own clock, with the ids of any other start', async () => {
    const now = Date.UTC(2029, 0, 2, 3, 4, 5);
    const other = await startSandbox({ orders: 50, seed: SEED, now: () => now });
    try {
      expect(other.startedAt).toBe(now);
      const executed = other.orderIds().map((id) => other.getOrderState(id)!).filter((order) => order.status === 'executed');
      expect(executed.length).toBeGreaterThan(0);
      for (const order of executed) expect(endsAt(order)).toBeGreaterThan(now);
      // Same seed, another start: the same orders under the same ids (a server "brought back" later).
      const ids = new Set(sandbox.orderIds());
      for (const id of other.orderIds()) expect(ids.has(id)).toBe(true);
    } finally {
      await other.stop();
    }
  });
});

describe('reservations end on the sandbox clock', () => {
  it('keeps an executed order until its expired_after, then it is expired and refuses edits, finishing and cancelling', async () => {
    const order = takeSoonestReservation();
    const later = takeSoonestReservation();
    const expiry = endsAt(order);
    try {
      clock = expiry - 1000;
      expect((await getOne(order.id)).body.data.status).toBe('executed');
      expect((await patch(order.id, { settings: { send_tickets: true } })).status).toBe(200);

      clock = expiry;
      const expired = (await getOne(order.id)).body.data;
      expect(expired.status).toBe('expired');
      expect(expired.tickets.every((ticket) => ticket.status === 'vacant')).toBe(true);
      expect(expired.settings.send_tickets).toBe(true);

      expect(await patch(order.id, { status: 'done' })).toMatchObject({ status: 400, errors: ['Incorrect status expired for this operation'] });
      expect(await patch(order.id, { status: 'cancelled' })).toMatchObject({ status: 400, errors: ['Incorrect status expired for this operation'] });
      expect(await patch(order.id, { settings: { send_tickets: false } })).toMatchObject({
        status: 400,
        errors: ['Not allow to update order in status expired'],
      });
      const executedNow = await call('GET', `/v2/resources/orders?status=executed&page_size=200`);
      expect((executedNow.body as unknown as { data: Order[] }).data.map((listed) => listed.id)).not.toContain(order.id);
      const expiredNow = await call('GET', `/v2/resources/orders?status=expired&page_size=200`);
      expect((expiredNow.body as unknown as { data: Order[] }).data.map((listed) => listed.id)).toContain(order.id);
      // An order whose reservation ends later is untouched by the same tick.
      if (endsAt(later) > expiry) expect((await getOne(later.id)).body.data.status).toBe('executed');
    } finally {
      clock = STARTED_AT;
    }
  });

  it('gives an order that test tooling makes reserved again a reservation of at least a day, so it stays editable', async () => {
    const order = takeOrder('expired', (candidate) => candidate.status === 'expired');
    sandbox.setOrderStatus(order.id, 'executed');
    const reserved = (await getOne(order.id)).body.data;
    expect(reserved.status).toBe('executed');
    expect(endsAt(reserved)).toBe(Math.floor(clock / 1000) * 1000 + 24 * 3600_000);
    expect((await patch(order.id, { settings: { send_tickets: true } })).status).toBe(200);
  });

  it('gives a single-use promocode back when the order holding it expires', async () => {
    const holder = takeSoonestReservation();
    const next = takeOrder('an executed order ending later', (order) => reservedWithTickets(order) && endsAt(order) > endsAt(holder));
    try {
      expect((await patch(holder.id, { promocodes: [sandbox.promocodes.singleUse] })).body.errors).toBeUndefined();
      expect((await patch(next.id, { promocodes: [sandbox.promocodes.singleUse] })).body.errors?.[0]?.code).toBe('promocode_already_used');
      clock = endsAt(holder);
      const claimed = await patch(next.id, { promocodes: [sandbox.promocodes.singleUse] });
      expect(claimed.status).toBe(200);
      expect(claimed.body.errors).toBeUndefined();
      expect(claimed.body.data.promocodes).toHaveLength(1);
      // Free for the next test.
      expect((await patch(next.id, { promocodes: [] })).status).toBe(200);
    } finally {
      clock = STARTED_AT;
    }
  });
});

describe('PATCH {status: "done"}: the counter took the money', () => {
  it('finishes an executed order: done, done_at from the clock, every ticket sold with a barcode', async () => {
    const order = takeOrder('executed with tickets', reservedWithTickets);
    clock = STARTED_AT + 90_000;
    try {
      const answer = await patch(order.id, { status: 'done' });
      expect(answer.status).toBe(200);
      expect(answer.body.data).toMatchObject({ id: order.id, status: 'done', done_at: formatServerDate(Math.floor(clock / 1000)) });
      expect(answer.body.data.tickets).toHaveLength(order.tickets.length);
      for (const ticket of answer.body.data.tickets) {
        expect(ticket.status).toBe('sold');
        expect(ticket.barcode).toMatch(/^\d{13}$/);
      }
      expect(answer.body.data.values).toEqual(order.values);
      expect(answer.body.refs.events?.[order.event]).toBeDefined();
      expect(sandbox.getOrderState(order.id)).toEqual(answer.body.data);
      expect(sandbox.appliedPatches(order.id)).toEqual([{ status: 'done' }]);

      expect(await patch(order.id, { status: 'done' })).toMatchObject({ status: 400, errors: ['Incorrect status done for this operation'] });
      expect(await patch(order.id, { status: 'cancelled' })).toMatchObject({ status: 400, errors: [`Order ${order.id} is not cancellable`] });
    } finally {
      clock = STARTED_AT;
    }
  });

  it('refuses an order with no tickets: "there is no tickets in order"', async () => {
    const empty = takeOrder('executed without tickets', (order) => order.status === 'executed' && order.tickets.length === 0);
    expect(await patch(empty.id, { status: 'done' })).toMatchObject({ status: 400, errors: ['there is no tickets in order'] });
    expect(sandbox.getOrderState(empty.id)).toEqual(empty);
    // Nothing to sell, but it can still be cancelled.
    expect((await patch(empty.id, { status: 'cancelled' })).body.data.status).toBe('cancelled');
  });

  it('refuses while the "not enough money" knob is on (also through /__sandbox/faults), and finishes once it is off', async () => {
    const order = takeOrder('executed with tickets', reservedWithTickets);
    sandbox.setFaults({ notEnoughMoney: true });
    const refused = await patch(order.id, { status: 'done' });
    expect(refused).toMatchObject({ status: 400, errors: [NOT_ENOUGH_MONEY] });
    expect(refused.errors[0]).toContain('\u0441ontact'); // the service's own Cyrillic "с"
    expect(sandbox.getOrderState(order.id)).toEqual(order);

    const off = await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'PUT', body: JSON.stringify({ notEnoughMoney: false }) });
    expect(((await off.json()) as { notEnoughMoney: boolean }).notEnoughMoney).toBe(false);
    expect((await patch(order.id, { status: 'done' })).body.data.status).toBe('done');
    const on = await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'PUT', body: JSON.stringify({ notEnoughMoney: 'yes' }) });
    expect(on.status).toBe(400);
  });

  it('refuses an order in payment (in_progress): "Incorrect status in_progress for this operation"', async () => {
    const order = takeOrder('in_progress', (candidate) => candidate.status === 'in_progress');
    expect(await patch(order.id, { status: 'done' })).toMatchObject({ status: 400, errors: ['Incorrect status in_progress for this operation'] });
  });
});

describe('PATCH {status: "cancelled"}', () => {
  it('cancels an executed order: its tickets go back on sale, and so does a single-use code it held', async () => {
    const order = takeOrder('executed with tickets', reservedWithTickets);
    const other = takeOrder('another executed order', reservedWithTickets);
    expect((await patch(order.id, { promocodes: [sandbox.promocodes.singleUse] })).body.errors).toBeUndefined();

    const answer = await patch(order.id, { status: 'cancelled' });
    expect(answer.status).toBe(200);
    expect(answer.body.data.status).toBe('cancelled');
    expect(answer.body.data.tickets.every((ticket) => ticket.status === 'vacant' && ticket.barcode === null)).toBe(true);
    expect((await patch(other.id, { promocodes: [sandbox.promocodes.singleUse] })).body.errors).toBeUndefined();

    expect(await patch(order.id, { status: 'cancelled' })).toMatchObject({ status: 400, errors: ['Incorrect status cancelled for this operation'] });
    expect(await patch(order.id, { status: 'done' })).toMatchObject({ status: 400, errors: ['Incorrect status cancelled for this operation'] });
  });

  it('refuses a paid order and one in payment: "Order <id> is not cancellable"', async () => {
    for (const status of ['done', 'in_progress']) {
      const order = takeOrder(status, (candidate) => candidate.status === status);
      expect(await patch(order.id, { status: 'cancelled' })).toMatchObject({ status: 400, errors: [`Order ${order.id} is not cancellable`] });
      expect(sandbox.getOrderState(order.id)).toEqual(order);
    }
  });
});

describe('a status in the body', () => {
  it.each([
    ['another status', { status: 'expired' }, 'status: must be one of done, cancelled'],
    ['a status that is not text', { status: true }, 'status: must be one of done, cancelled'],
    ['a status with an edit', { status: 'done', settings: { send_tickets: true } }, 'status: a status change goes alone, not with settings'],
  ])('refuses %s with 400 and changes nothing', async (_name, body, error) => {
    const order = takeOrder('executed with tickets', reservedWithTickets);
    const answer = await patch(order.id, body);
    expect(answer.status).toBe(400);
    expect(answer.errors).toContain(error);
    expect(sandbox.getOrderState(order.id)).toEqual(order);
  });
});
