// PATCH /v2/resources/orders/:id against the running sandbox over HTTP: the strict reading of "What a
// PATCH replaces", body validation as 400 with plain-string errors, frozen statuses, unknown orders.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Order, OrderResponse } from '../../src-main/core/ticketscloud/types.ts';
import { sandboxCatalog } from '../../src-main/sandbox/catalog.ts';
import { type Sandbox, startSandbox } from '../../src-main/sandbox/server.ts';

const SEED = 11;
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ orders: 300, seed: SEED, processingMs: 0 });
});
afterAll(async () => {
  await sandbox.stop();
});
beforeEach(() => sandbox.resetStats());

interface Answer {
  status: number;
  contentType: string | null;
  /** The JSON answer read as an order answer (meaningful on 200). */
  body: OrderResponse;
  /** `errors` of a 4xx answer: plain strings. */
  errors: string[];
}

async function call(method: string, path: string, payload?: unknown): Promise<Answer> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { authorization: `key ${sandbox.apiKey}`, 'content-type': 'application/json' },
    body: payload === undefined ? undefined : typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  const json: unknown = await response.json();
  const errors = response.status >= 400 ? ((json as { errors?: string[] }).errors ?? []) : [];
  return { status: response.status, contentType: response.headers.get('content-type'), body: json as OrderResponse, errors };
}

const patch = (id: string, body: unknown): Promise<Answer> => call('PATCH', `/v2/resources/orders/${id}`, body);

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

describe('PATCH replaces whole objects (the strict reading of the contract)', () => {
  it('replaces settings.customer whole: a field the client leaves out is removed', async () => {
    const order = takeOrder('executed with a customer phone', (o) => o.status === 'executed' && Boolean(o.settings.customer?.phone));
    const customer = { name: 'Пётр Алёшин', email: 'petr@example.com', lang: 'ru' };
    const answer = await patch(order.id, { settings: { customer } });
    expect(answer.status).toBe(200);
    expect(answer.body.data.settings.customer).toEqual(customer);
    expect(sandbox.getOrderState(order.id)?.settings.customer).toEqual(customer);
    expect(answer.body.data.settings.send_tickets).toBe(order.settings.send_tickets);
  });

  it('sets settings.send_tickets alone and leaves the customer as it was', async () => {
    const order = takeOrder('executed with a customer', (o) => o.status === 'executed' && o.settings.customer !== undefined);
    const answer = await patch(order.id, { settings: { send_tickets: !order.settings.send_tickets } });
    expect(answer.status).toBe(200);
    expect(answer.body.data.settings.send_tickets).toBe(!order.settings.send_tickets);
    expect(answer.body.data.settings.customer).toEqual(order.settings.customer);
  });

  it('replaces vendor_data whole: raw keys and order_id left out are removed', async () => {
    const order = takeOrder('in progress', (o) => o.status === 'in_progress');
    expect((await patch(order.id, { vendor_data: { order_id: 'A-1', raw: { source: 'kassa', note: 'first' } } })).status).toBe(200);
    const answer = await patch(order.id, { vendor_data: { raw: { note: 'second' } } });
    expect(answer.status).toBe(200);
    expect(answer.body.data.vendor_data).toEqual({ raw: { note: 'second' } });
    expect(sandbox.getOrderState(order.id)?.vendor_data).toEqual({ raw: { note: 'second' } });
  });

  it('answers 200 with the whole order and the refs of its event, sets, venue and promocodes', async () => {
    const order = takeOrder('executed', (o) => o.status === 'executed');
    const answer = await patch(order.id, { promocodes: ['PROMO100'] });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    const data = answer.body.data;
    expect(data).toEqual(sandbox.getOrderState(order.id));
    expect(Object.keys(answer.body.refs.events ?? {})).toEqual([order.event]);
    const event = sandboxCatalog(SEED).eventsById.get(order.event);
    expect(Object.keys(answer.body.refs.sets ?? {}).sort()).toEqual(event?.sets.map((set) => set.id).sort());
    expect(Object.keys(answer.body.refs.venues ?? {})).toEqual([event?.venue.id]);
    expect(answer.body.refs.promocodes?.[data.promocodes[0] ?? '']?.code).toBe('promo100');
  });

  it('keeps fields it was not asked to change (tickets, status, number)', async () => {
    const order = takeOrder('executed', (o) => o.status === 'executed');
    const answer = await patch(order.id, { settings: { send_tickets: true } });
    expect(answer.body.data.tickets).toEqual(order.tickets);
    expect(answer.body.data.status).toBe('executed');
    expect(answer.body.data.number).toBe(order.number);
  });
});

describe('PATCH body validation: 400 with a list of plain strings, nothing changed', () => {
  const long = (n: number): string => 'x'.repeat(n);
  const rawWithKeys = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));

  const accepted: Array<[string, unknown]> = [
    ['vendor_data.order_id of 64 characters', { vendor_data: { order_id: long(64) } }],
    ['vendor_data.raw with 20 keys', { vendor_data: { raw: rawWithKeys(20) } }],
    ['a raw key of 40 characters', { vendor_data: { raw: { [long(40)]: 'v' } } }],
    ['a raw value of 128 characters', { vendor_data: { raw: { note: long(128) } } }],
    ['lang en', { settings: { customer: { name: 'Ann', lang: 'en' } } }],
    ['lang ru', { settings: { customer: { name: 'Аня', lang: 'ru' } } }],
    ['an empty body', {}],
  ];
  const refused: Array<[string, unknown, string]> = [
    ['vendor_data.order_id of 65 characters', { vendor_data: { order_id: long(65) } }, 'vendor_data.order_id'],
    ['vendor_data.raw with 21 keys', { vendor_data: { raw: rawWithKeys(21) } }, 'vendor_data.raw'],
    ['a raw key of 41 characters', { vendor_data: { raw: { [long(41)]: 'v' } } }, 'vendor_data.raw'],
    ['a raw value of 129 characters', { vendor_data: { raw: { note: long(129) } } }, 'vendor_data.raw.note'],
    ['a raw value that is a number', { vendor_data: { raw: { call_counter: 3 } } }, 'vendor_data.raw.call_counter'],
    ['a raw value that is a boolean', { vendor_data: { raw: { enable_call: true } } }, 'vendor_data.raw.enable_call'],
    ['lang de', { settings: { customer: { name: 'Hans', lang: 'de' } } }, 'settings.customer.lang'],
    ['a customer name that is not a string', { settings: { customer: { name: 42 } } }, 'settings.customer.name'],
    ['an e-mail without @', { settings: { customer: { email: 'nobody.example.com' } } }, 'settings.customer.email'],
    ['send_tickets as a string', { settings: { send_tickets: 'yes' } }, 'settings.send_tickets'],
    ['promocodes that is not a list', { promocodes: 'PROMO100' }, 'promocodes'],
    ['an unknown top-level field', { comment: 'call back' }, 'comment'],
    ['an unknown settings field', { settings: { invitation: true } }, 'settings.invitation'],
    ['an unknown customer field', { settings: { customer: { name: 'A', age: '30' } } }, 'settings.customer.age'],
    ['an unknown vendor_data field', { vendor_data: { extra: 'x' } }, 'vendor_data.extra'],
    ['a body that is a JSON list', [], 'JSON object'],
  ];

  it.each(accepted)('accepts %s', async (_name, body) => {
    const order = takeOrder('executed', (o) => o.status === 'executed');
    const answer = await patch(order.id, body);
    expect(answer.status).toBe(200);
  });

  it.each(refused)('refuses %s with 400 naming the field', async (_name, body, where) => {
    const order = takeOrder('executed', (o) => o.status === 'executed');
    const answer = await patch(order.id, body);
    expect(answer.status).toBe(400);
    expect(answer.errors).toEqual(expect.arrayContaining([expect.stringContaining(where)]));
    for (const error of answer.errors) expect(typeof error).toBe('string');
    expect(sandbox.getOrderState(order.id)).toEqual(order);
    expect(sandbox.appliedPatches(order.id)).toEqual([]);
  });

  it('reports every problem of a body at once', async () => {
    const order = takeOrder('executed', (o) => o.status === 'executed');
    const answer = await patch(order.id, { vendor_data: { order_id: long(65), raw: { note: long(129) } }, settings: { customer: { lang: 'fr' } } });
    expect(answer.status).toBe(400);
    expect(answer.errors).toHaveLength(3);
  });

  it('refuses a body that is not JSON with 400', async () => {
    const order = takeOrder('executed', (o) => o.status === 'executed');
    const answer = await patch(order.id, '{"settings": ');
    expect(answer.status).toBe(400);
    expect(answer.errors).toEqual([expect.stringContaining('JSON')]);
  });
});

describe('orders that take no edits', () => {
  it.each(['done', 'cancelled', 'expired'])('answers 400 "Not allow to update order in status %s"', async (status) => {
    const order = takeOrder(status, (o) => o.status === status);
    const answer = await patch(order.id, { settings: { send_tickets: true } });
    expect(answer.status).toBe(400);
    expect(answer.errors).toEqual([`Not allow to update order in status ${status}`]);
    expect(sandbox.getOrderState(order.id)).toEqual(order);
  });

  it('refuses an order a test made done with setOrderStatus, and gives it barcodes', async () => {
    const order = takeOrder('executed', (o) => o.status === 'executed');
    expect((await patch(order.id, { settings: { send_tickets: true } })).status).toBe(200);
    sandbox.setOrderStatus(order.id, 'done');
    const done = sandbox.getOrderState(order.id);
    expect(done?.status).toBe('done');
    for (const ticket of done?.tickets ?? []) expect(ticket.barcode).toMatch(/^\d{13}$/);
    const answer = await patch(order.id, { settings: { send_tickets: false } });
    expect(answer.status).toBe(400);
    expect(answer.errors).toEqual(['Not allow to update order in status done']);
  });

  it('lets the e-mail change only while the order is executed; other customer fields still change', async () => {
    const order = takeOrder('in progress with an e-mail', (o) => o.status === 'in_progress' && Boolean(o.settings.customer?.email));
    const customer = order.settings.customer ?? {};
    const newEmail = await patch(order.id, { settings: { customer: { ...customer, email: 'other@example.com' } } });
    expect(newEmail.status).toBe(400);
    expect(newEmail.errors[0]).toContain('executed');
    const newName = await patch(order.id, { settings: { customer: { ...customer, name: 'Семён Королёв' } } });
    expect(newName.status).toBe(200);
    expect(newName.body.data.settings.customer?.name).toBe('Семён Королёв');
  });
});

describe('unknown orders and routes', () => {
  it('answers 404 for an order that does not exist, on PATCH and GET', async () => {
    const missing = 'ffffffffffffffffffffffff';
    expect((await patch(missing, { settings: { send_tickets: true } })).status).toBe(404);
    const get = await call('GET', `/v2/resources/orders/${missing}`);
    expect(get.status).toBe(404);
    expect(get.errors).toEqual([expect.stringContaining(missing)]);
  });

  it('answers 404 for a path that is not an API resource, and 405 for a method it does not take', async () => {
    expect((await call('GET', '/v2/resources/events')).status).toBe(404);
    const order = takeOrder('executed', (o) => o.status === 'executed');
    expect((await call('DELETE', `/v2/resources/orders/${order.id}`)).status).toBe(405);
  });
});

describe('GET one order and the PATCH log', () => {
  it('GET one answers {data, refs} with the order as the server holds it', async () => {
    const order = takeOrder('done', (o) => o.status === 'done');
    const answer = await call('GET', `/v2/resources/orders/${order.id}`);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual(order);
    expect(answer.body.refs.events?.[order.event]?.id).toBe(order.event);
  });

  it('logs the bodies of applied PATCHes and counts every PATCH received', async () => {
    const order = takeOrder('executed', (o) => o.status === 'executed');
    const first = { settings: { send_tickets: true } };
    const second = { vendor_data: { order_id: 'X-9' } };
    await patch(order.id, first);
    await patch(order.id, { settings: { customer: { lang: 'xx' } } });
    await patch(order.id, second);
    expect(sandbox.appliedPatches(order.id)).toEqual([first, second]);
    expect(sandbox.stats().patchesByOrder[order.id]).toBe(3);
    const viaHttp = await fetch(`${sandbox.url}/__sandbox/orders/${order.id}/patches`);
    expect(await viaHttp.json()).toEqual([first, second]);
  });
});
