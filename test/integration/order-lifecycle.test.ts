// The counter's order lifecycle through the HTTP bridge, against the sandbox over real HTTP: finishing
// (paid) and cancelling a reservation as queued edits, the answer merged with its barcodes, each of the
// four documented 400s shown with what to do in both languages, and the edits Ticketscloud is known to
// refuse refused at save (422, nothing stored). ("What can be changed when" and "Finishing and
// cancelling" in ../shared/ticketscloud-api.md.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EditDto, FieldError, OrderView } from '../../src-main/core/contract.ts';
import { openDatabase } from '../../src-main/core/db/open.ts';
import { format } from '../../src-main/core/messages/catalog.ts';
import { refusalAdvice } from '../../src-main/core/ticketscloud/refusal-advice.ts';
import type { Order } from '../../src-main/core/ticketscloud/types.ts';
import { createBridge, type Bridge } from '../../src-main/headless/bridge.ts';
import { NO_TICKETS, NOT_ENOUGH_MONEY } from '../../src-main/sandbox/status.ts';
import { startImportedCore } from '../support/imported-core.ts';
import { waitUntil } from '../support/wait.ts';

const TOKEN = 'lifecycle-test-token-0123456789';
const WAIT = { timeoutMs: 15_000, intervalMs: 25 };

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function call(bridge: Bridge, method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${bridge.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** One running core + bridge over one sandbox, its orders imported. */
async function startCounter(prefix: string, sandbox: Parameters<typeof startImportedCore>[0]['sandbox']) {
  const core = await startImportedCore({ prefix, sandbox });
  const bridge = await createBridge({ api: core.boxOffice.api, token: TOKEN, port: 0 });
  const observer = openDatabase(core.dbFile);
  const taken = new Set<string>();
  return {
    core,
    bridge,
    /** An order not used by another test yet, as the server holds it now. */
    take(test: (order: Order) => boolean): Order {
      const id = core.sandbox.orderIds().find((candidate) => !taken.has(candidate) && test(core.sandbox.getOrderState(candidate)!));
      if (id === undefined) throw new Error('no such order in the sandbox');
      taken.add(id);
      return core.sandbox.getOrderState(id)!;
    },
    save: (orderId: string, edit: unknown) => call(bridge, 'POST', `/api/orders/${orderId}/edits`, { edit, operator: 'anna' }),
    view: async (orderId: string) => (await call(bridge, 'GET', `/api/orders/${orderId}`)).body as unknown as OrderView,
    editCount: () => observer.sqlite.prepare('SELECT count(*) FROM edits').pluck().get() as number,
    async ended(editId: number): Promise<EditDto> {
      return waitUntil(`edit ${editId} ends`, async () => {
        const edits = (await call(bridge, 'GET', '/api/edits?limit=1000')).body.edits as EditDto[];
        const edit = edits.find((candidate) => candidate.id === editId);
        return edit && (edit.state === 'synced' || edit.state === 'failed') ? edit : undefined;
      }, WAIT);
    },
    async stop() {
      await bridge.close();
      observer.close();
      await core.stop();
    },
  };
}

type Counter = Awaited<ReturnType<typeof startCounter>>;

/** A counter started before the describe block's tests and stopped after them. */
function counterFor(prefix: string, sandbox: Parameters<typeof startCounter>[1]): () => Counter {
  let counter: Counter | undefined;
  beforeAll(async () => {
    counter = await startCounter(prefix, sandbox);
  });
  afterAll(async () => {
    await counter?.stop();
  });
  return () => {
    if (counter === undefined) throw new Error('the counter did not start');
    return counter;
  };
}
const reservedWithTickets = (order: Order) => order.status === 'executed' && order.tickets.length > 0;

describe('finishing and cancelling at the counter', () => {
  const counter = counterFor('lifecycle-test-', { orders: 150, seed: 23, processingMs: 0 });

  async function statusChange(orderId: string, status: 'done' | 'cancelled'): Promise<EditDto> {
    const saved = await counter().save(orderId, { status });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    return counter().ended((saved.body.edit as EditDto).id);
  }

  it('marks a reservation paid: the answer is merged, tickets show barcodes, another writer’s change survives, and nothing more is accepted', async () => {
    const order = counter().take(reservedWithTickets);
    counter().core.sandbox.changeAsOtherWriter(order.id, { settings: { customer: { ...order.settings.customer, name: 'Set in the web shop' } } });

    const edit = await statusChange(order.id, 'done');
    expect(edit).toMatchObject({ state: 'synced', error: null, body: { status: 'done' } });
    expect(counter().core.sandbox.appliedPatches(order.id)).toEqual([{ status: 'done' }]);
    const view = await counter().view(order.id);
    expect(view.server_order?.status).toBe('done');
    expect(view.server_order?.tickets.length).toBeGreaterThan(0);
    for (const ticket of view.server_order?.tickets ?? []) expect(ticket.barcode).toMatch(/^\d{13}$/);
    expect(view.server_order?.settings.customer?.name).toBe('Set in the web shop');

    const before = counter().editCount();
    const after = await counter().save(order.id, { settings: { send_tickets: true } });
    expect(after.status).toBe(422);
    expect((after.body.errors as FieldError[]).map((error) => [error.path, error.code])).toEqual([['', 'order_not_editable']]);
    expect((after.body.errors as FieldError[])[0]?.message).toEqual({
      en: `Order ${order.number} is Paid: Ticketscloud accepts no change to it any more`,
      ru: `Заказ ${order.number}: Оплачен. Ticketscloud больше не принимает изменений в нём`,
    });
    expect(counter().editCount()).toBe(before);
  });

  it('cancels a reservation', async () => {
    const order = counter().take(reservedWithTickets);
    expect(await statusChange(order.id, 'cancelled')).toMatchObject({ state: 'synced' });
    expect((await counter().view(order.id)).server_order?.status).toBe('cancelled');
    expect(counter().core.sandbox.getOrderState(order.id)?.status).toBe('cancelled');
  });

  it('sends a status change after the order’s earlier edits, in its own request', async () => {
    const order = counter().take(reservedWithTickets);
    counter().core.boxOffice.api.pauseSync();
    const name = await counter().save(order.id, { settings: { customer: { name: 'Пётр' } } });
    const done = await counter().save(order.id, { status: 'done' });
    expect([name.status, done.status]).toEqual([201, 201]);
    counter().core.boxOffice.api.resumeSync();
    await counter().ended((done.body.edit as EditDto).id);
    expect(counter().core.sandbox.appliedPatches(order.id).map((patch) => Object.keys(patch))).toEqual([['settings'], ['status']]);
  });

  const refusals: [string, (order: Order) => boolean, 'done' | 'cancelled', () => void, (order: Order) => string][] = [
    ['not enough money', reservedWithTickets, 'done', () => counter().core.sandbox.setFaults({ notEnoughMoney: true }), () => NOT_ENOUGH_MONEY],
    ['no tickets', (order) => order.status === 'executed' && order.tickets.length === 0, 'done', () => undefined, () => NO_TICKETS],
    ['incorrect status', reservedWithTickets, 'done', () => undefined, () => 'Incorrect status expired for this operation'],
    ['not cancellable', (order) => order.status === 'in_progress', 'cancelled', () => undefined, (order) => `Order ${order.id} is not cancellable`],
  ];
  it.each(refusals)('shows the 400 "%s" with what to do, in both languages', async (what, pick, status, arrange, serverText) => {
    const order = counter().take(pick);
    arrange();
    // The reservation ended on the server behind the app's back: the cache still says `executed`.
    if (what === 'incorrect status') counter().core.sandbox.setOrderStatus(order.id, 'expired');
    try {
      const edit = await statusChange(order.id, status);
      expect(edit).toMatchObject({ state: 'failed', error: serverText(order) });
      const advice = refusalAdvice(edit.error);
      expect(advice).not.toBeNull();
      expect(format('en', advice!)).toMatch(/^Ticketscloud refused: /);
      expect(format('ru', advice!)).toMatch(/^Ticketscloud отказал: /);
    } finally {
      counter().core.sandbox.setFaults({ notEnoughMoney: false });
    }
  });

  it.each(['done', 'cancelled', 'expired'])('refuses at save any edit of a cached %s order, and stores nothing', async (status) => {
    const order = counter().take((candidate) => candidate.status === status);
    const before = counter().editCount();
    for (const edit of [{ settings: { customer: { name: 'Too late' } } }, { promocodes: ['PROMO100'] }, { status: 'done' }]) {
      const answer = await counter().save(order.id, edit);
      expect(answer.status).toBe(422);
      expect((answer.body.errors as FieldError[]).map((error) => error.code)).toEqual(['order_not_editable']);
    }
    expect(counter().editCount()).toBe(before);
  });

  it('refuses an e-mail change of an order that is not reserved, and takes its other changes', async () => {
    const order = counter().take((candidate) => candidate.status === 'in_progress');
    const email = await counter().save(order.id, { settings: { customer: { email: 'guest@example.com' } } });
    expect(email.status).toBe(422);
    expect((email.body.errors as FieldError[]).map((error) => [error.path, error.code])).toEqual([['settings.customer.email', 'email_not_editable']]);
    expect((await counter().save(order.id, { settings: { customer: { name: 'Guest' } } })).status).toBe(201);
  });
});

describe('a reservation that ended by the app’s clock', () => {
  // A sandbox whose clock stands two hours ago: its reservations still run there, but several of them
  // ended by now, which is the clock the app judges by.
  const twoHoursAgo = Date.now() - 2 * 3_600_000;
  const counter = counterFor('lifecycle-clock-test-', { orders: 150, seed: 29, processingMs: 0, startedAt: twoHoursAgo, now: () => twoHoursAgo });

  it('keeps the copy a refused PATCH was built on: the cache shows what the server holds, another writer’s change included', async () => {
    const order = counter().take(reservedWithTickets);
    // Behind the app's back: renamed in the web shop, then the reservation ended. The cache knows neither.
    counter().core.sandbox.changeAsOtherWriter(order.id, { settings: { customer: { ...order.settings.customer, name: 'Renamed before it expired' } } });
    counter().core.sandbox.setOrderStatus(order.id, 'expired');
    expect((await counter().view(order.id)).server_order?.status).toBe('executed');

    const saved = await counter().save(order.id, { settings: { send_tickets: !order.settings.send_tickets } });
    expect(saved.status).toBe(201);
    const edit = await counter().ended((saved.body.edit as EditDto).id);
    expect(edit.state).toBe('failed');
    // The GET before the PATCH is stored with the refusal, in the same transaction (sync/engine.ts).
    const view = await counter().view(order.id);
    expect(view.server_order?.status).toBe('expired');
    expect(view.server_order?.settings.customer?.name).toBe('Renamed before it expired');
  });

  it('refuses at save an edit or a finish of it, saying when it ended, and stores nothing', async () => {
    const order = counter().take((candidate) => candidate.status === 'executed' && Date.parse(`${candidate.expired_after!.replace(' ', 'T')}Z`) < Date.now());
    const before = counter().editCount();
    for (const edit of [{ status: 'done' }, { settings: { send_tickets: true } }]) {
      const answer = await counter().save(order.id, edit);
      expect(answer.status).toBe(422);
      const [error] = answer.body.errors as FieldError[];
      expect(error).toMatchObject({ path: '', code: 'reservation_ended' });
      expect(error?.message.en).toContain(`${order.expired_after!.slice(0, 16)} UTC`);
    }
    expect(counter().editCount()).toBe(before);
  });
});

describe('fresh when it matters: opening an order refreshes it through its lane', () => {
  // Slow answers, so a refresh can be asked while a PATCH of the same order is still in flight.
  const counter = counterFor('lifecycle-refresh-test-', { orders: 80, seed: 31, processingMs: 150 });

  it('brings a change made elsewhere since the import, and says how old the copy is', async () => {
    const order = counter().take(reservedWithTickets);
    const before = await counter().view(order.id);
    counter().core.sandbox.changeAsOtherWriter(order.id, { settings: { customer: { ...order.settings.customer, name: 'Renamed in the web shop' } } });
    expect((await counter().view(order.id)).server_order?.settings.customer?.name).not.toBe('Renamed in the web shop');

    const refreshed = (await call(counter().bridge, 'POST', `/api/orders/${order.id}/refresh`)).body as unknown as OrderView;
    expect(refreshed.server_order?.settings.customer?.name).toBe('Renamed in the web shop');
    expect(Date.parse(refreshed.fetched_at!)).toBeGreaterThan(Date.parse(before.fetched_at!));
  });

  it('never sends the GET beside a PATCH of the same order', async () => {
    const order = counter().take(reservedWithTickets);
    counter().core.sandbox.resetStats();
    const saved = await counter().save(order.id, { settings: { send_tickets: !order.settings.send_tickets } });
    expect(saved.status).toBe(201);
    // Opened while its edit is on the way: the refresh waits for that request instead of overlapping it.
    const opened = await Promise.all([1, 2, 3].map(() => call(counter().bridge, 'POST', `/api/orders/${order.id}/refresh`)));
    expect(opened.map((answer) => answer.status)).toEqual([200, 200, 200]);
    await counter().ended((saved.body.edit as EditDto).id);
    expect(counter().core.sandbox.stats().overlaps).toBe(0);
    expect(counter().core.sandbox.stats().foreign409).toBe(0);
  });
});

