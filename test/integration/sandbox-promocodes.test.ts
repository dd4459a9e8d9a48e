// Promocodes through PATCH over HTTP: the seed example's exact figures, percentage rounding, the list
// semantics (codes left out are removed), which code wins a set, and each promocode error code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order, OrderResponse, PromocodeError } from '../../src-main/core/ticketscloud/types.ts';
import { type Catalog, SANDBOX_PROMOCODES, sandboxCatalog } from '../../src-main/sandbox/catalog.ts';
import { type Sandbox, startSandbox } from '../../src-main/sandbox/server.ts';

const SEED = 7;
const catalog: Catalog = sandboxCatalog(SEED);
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ orders: 300, seed: SEED, processingMs: 0 });
});
afterAll(async () => {
  await sandbox.stop();
});

async function applyCodes(order: Order, promocodes: string[]): Promise<OrderResponse> {
  const response = await fetch(`${sandbox.url}/v2/resources/orders/${order.id}`, {
    method: 'PATCH',
    headers: { authorization: `key ${sandbox.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ promocodes }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as OrderResponse;
}

const taken = new Set<string>();
/** An editable order without promocodes, used by one test only. */
function takeOrder(what: string, predicate: (order: Order) => boolean): Order {
  for (const id of sandbox.orderIds()) {
    if (taken.has(id)) continue;
    const order = sandbox.getOrderState(id);
    const editable = order && (order.status === 'executed' || order.status === 'in_progress') && order.promocodes.length === 0;
    if (order && editable && predicate(order)) {
      taken.add(id);
      return order;
    }
  }
  throw new Error(`the sandbox (seed ${SEED}) has no free editable order that is ${what}`);
}

function eventTitled(title: string): Catalog['events'][number] {
  const event = catalog.events.find((candidate) => candidate.ref.title?.text === title);
  if (!event) throw new Error(`no event "${title}" in the catalogue`);
  return event;
}

function setNamed(event: Catalog['events'][number], name: string): string {
  const set = event.sets.find((candidate) => candidate.name === name);
  if (!set) throw new Error(`no set "${name}" in ${String(event.ref.title?.text)}`);
  return set.id;
}

function promocodeId(code: string): string {
  const rule = catalog.promocodesByCode.get(code.toLowerCase());
  if (!rule) throw new Error(`no promocode ${code}`);
  return rule.ref.id;
}

// Integer cents in the test too, so the expectations are as exact as the server's maths.
const cents = (money: string): bigint => BigInt(money.replace('.', ''));
const money = (value: bigint): string => {
  const text = value.toString().padStart(3, '0');
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
};

const lordOfTheDance = eventTitled('Lord of the Dance');
const yolka = eventTitled('Новогодняя ёлка «Морозко»');
const jazz = eventTitled('Jazz Night: Igor Butman Quartet');

/** Ticket figures per set after one code: discount, nominal, extra (unchanged fee), full. */
type Figures = { discount: string; nominal: string; extra: string; full: string };
const EXPECTED: Record<string, Record<string, Figures>> = {
  PROMO100: {
    [setNamed(lordOfTheDance, 'Партер')]: { discount: '100.00', nominal: '900.00', extra: '46.12', full: '946.12' },
    [setNamed(lordOfTheDance, 'Балкон')]: { discount: '100.00', nominal: '400.00', extra: '23.06', full: '423.06' },
    [setNamed(lordOfTheDance, 'VIP')]: { discount: '100.00', nominal: '7400.00', extra: '345.90', full: '7745.90' },
  },
  PROMO5: {
    // 5 % of 750.50 is 37.525: half a cent rounds up.
    [setNamed(yolka, 'Детский билет')]: { discount: '37.53', nominal: '712.97', extra: '37.53', full: '750.50' },
    [setNamed(yolka, 'Взрослый билет')]: { discount: '49.50', nominal: '940.50', extra: '49.50', full: '990.00' },
    // 5 % of 3333.33 is 166.6665 → 166.67.
    [setNamed(jazz, 'Столик у сцены')]: { discount: '166.67', nominal: '3166.66', extra: '233.33', full: '3399.99' },
    [setNamed(jazz, 'Бар')]: { discount: '75.00', nominal: '1425.00', extra: '105.00', full: '1530.00' },
  },
};

function expectTotalsAreSums(order: Order): void {
  const sum = (field: 'price' | 'discount' | 'nominal' | 'extra' | 'full'): string =>
    money(order.tickets.reduce((total, ticket) => total + cents(ticket[field]), 0n));
  expect(order.values).toMatchObject({ price: sum('price'), discount: sum('discount'), nominal: sum('nominal'), extra: sum('extra'), full: sum('full') });
  for (const ticket of order.tickets) {
    expect(cents(ticket.nominal)).toBe(cents(ticket.price) - cents(ticket.discount));
    expect(cents(ticket.full)).toBe(cents(ticket.nominal) + cents(ticket.extra));
  }
}

describe('promocode maths (integer cents, exact strings)', () => {
  it('reproduces the seed example: promo100 on a 1000.00 ticket gives 100.00 / 900.00 / 46.12 / 946.12', async () => {
    const parter = setNamed(lordOfTheDance, 'Партер');
    const balcony = setNamed(lordOfTheDance, 'Балкон');
    const order = takeOrder('one Партер ticket of Lord of the Dance', (o) => o.tickets.length === 1 && o.tickets[0]?.set === parter);
    const { data, refs } = await applyCodes(order, ['PROMO100']);
    const id = promocodeId('PROMO100');
    expect(data.promocodes).toEqual([id]);
    expect(data.tickets[0]).toMatchObject({ price: '1000.00', discount: '100.00', nominal: '900.00', extra: '46.12', full: '946.12' });
    expect(data.values).toMatchObject({ price: '1000.00', discount: '100.00', nominal: '900.00', extra: '46.12', full: '946.12', viral_promocodes: [] });
    expect(data.values.sets_values?.[parter]).toEqual({ id: parter, price: '1000.00', discount: '100.00', nominal: '900.00', promocode: id });
    expect(data.values.sets_values?.[balcony]).toEqual({ id: balcony, price: '500.00', discount: '100.00', nominal: '400.00', promocode: id });
    expect(refs.promocodes?.[id]).toEqual({ id, code: 'promo100', discount: { fix: '100.00' }, viral: false });
  });

  it.each([
    ['a fixed discount on every ticket of a multi-ticket order', 'PROMO100', lordOfTheDance],
    ['a percentage on the 750.50 and 990.00 sets', 'PROMO5', yolka],
    ['a percentage on the 3333.33 and 1500.00 sets', 'PROMO5', jazz],
  ])('computes %s to the cent', async (_name, code, event) => {
    const order = takeOrder(`for ${String(event.ref.title?.text)}`, (o) => o.event === event.ref.id && (code !== 'PROMO100' || o.tickets.length > 1));
    const { data } = await applyCodes(order, [code]);
    for (const ticket of data.tickets) {
      expect({ discount: ticket.discount, nominal: ticket.nominal, extra: ticket.extra, full: ticket.full }).toEqual(EXPECTED[code]?.[ticket.set]);
    }
    expectTotalsAreSums(data);
  });

  it('keeps full = nominal + extra and totals equal to the ticket sums, before and after a percentage code', async () => {
    const orders = sandbox
      .orderIds()
      .map((id) => sandbox.getOrderState(id))
      .filter((o): o is Order => o !== undefined && (o.status === 'executed' || o.status === 'in_progress') && !taken.has(o.id))
      .slice(0, 40);
    for (const order of orders) {
      expectTotalsAreSums(order);
      taken.add(order.id);
      expectTotalsAreSums((await applyCodes(order, ['promo5'])).data);
    }
  });

  it('matches codes case-insensitively and shows them lower case in refs', async () => {
    const order = takeOrder('any', () => true);
    const { data, refs, errors } = await applyCodes(order, ['pRoMo5']);
    expect(errors).toBeUndefined();
    expect(data.promocodes).toEqual([promocodeId('PROMO5')]);
    expect(refs.promocodes?.[promocodeId('PROMO5')]?.code).toBe('promo5');
  });
});

describe('promocodes is the full list wanted', () => {
  it('removes a code the client leaves out, and prices the order without it', async () => {
    const order = takeOrder('of Lord of the Dance', (o) => o.event === lordOfTheDance.ref.id);
    await applyCodes(order, ['PROMO100']);
    const swapped = await applyCodes(order, ['PROMO5']);
    expect(swapped.data.promocodes).toEqual([promocodeId('PROMO5')]);
    expect(Object.keys(swapped.refs.promocodes ?? {})).toEqual([promocodeId('PROMO5')]);
    const none = await applyCodes(order, []);
    expect(none.data.promocodes).toEqual([]);
    expect(none.data.values.discount).toBe('0.00');
    expect(none.data.values.full).toBe(order.values.full);
  });

  it('accepts a code already on the order again without an error', async () => {
    const order = takeOrder('any', () => true);
    await applyCodes(order, ['PROMO100']);
    const again = await applyCodes(order, ['promo100', 'PROMO5']);
    expect(again.errors).toBeUndefined();
    expect(again.data.promocodes).toEqual([promocodeId('PROMO100'), promocodeId('PROMO5')]);
  });

  it('gives each set the code with the larger discount, whatever order the codes come in', async () => {
    const first = takeOrder('of Lord of the Dance', (o) => o.event === lordOfTheDance.ref.id);
    const second = takeOrder('of Lord of the Dance', (o) => o.event === lordOfTheDance.ref.id);
    const a = (await applyCodes(first, ['PROMO5', 'PROMO100'])).data;
    const b = (await applyCodes(second, ['PROMO100', 'PROMO5'])).data;
    for (const data of [a, b]) {
      const winner = (set: string): string | null | undefined => data.values.sets_values?.[setNamed(lordOfTheDance, set)]?.promocode;
      expect(winner('Партер')).toBe(promocodeId('PROMO100')); // 100.00 > 5 % of 1000.00
      expect(winner('Балкон')).toBe(promocodeId('PROMO100')); // 100.00 > 25.00
      expect(winner('VIP')).toBe(promocodeId('PROMO5')); // 375.00 > 100.00
    }
    expect(a.values.sets_values).toEqual(b.values.sets_values);
  });
});

describe('promocode errors come with HTTP 200; the failed code is not applied, the others are', () => {
  const only = (errors: PromocodeError[] | undefined): PromocodeError[] => errors ?? [];

  it('promocode_not_found for an unknown code', async () => {
    const order = takeOrder('any', () => true);
    const { data, errors } = await applyCodes(order, ['PROMO100', 'NO-SUCH-CODE']);
    expect(only(errors)).toEqual([{ code: 'promocode_not_found', msg: 'Promocode not found' }]);
    expect(data.promocodes).toEqual([promocodeId('PROMO100')]);
  });

  it('promocode_already_used for a single-use code another order holds, until that order lets it go', async () => {
    const holder = takeOrder('any', () => true);
    const other = takeOrder('any', () => true);
    const code = SANDBOX_PROMOCODES.singleUse;
    const claimed = await applyCodes(holder, [code]);
    expect(claimed.errors).toBeUndefined();
    expect(claimed.data.promocodes).toEqual([promocodeId(code)]);

    const refused = await applyCodes(other, [code, 'PROMO5']);
    expect(only(refused.errors)).toEqual([{ code: 'promocode_already_used', msg: 'Promocode already used' }]);
    expect(refused.data.promocodes).toEqual([promocodeId('PROMO5')]);

    expect((await applyCodes(holder, [code])).errors).toBeUndefined();
    await applyCodes(holder, []);
    const now = await applyCodes(other, [code]);
    expect(now.errors).toBeUndefined();
    expect(now.data.promocodes).toEqual([promocodeId(code)]);
  });

  it('promocode_limit_min_tickets below the minimum, with the minimum in the message', async () => {
    const small = takeOrder('with two tickets', (o) => o.tickets.length === 2);
    const refused = await applyCodes(small, [SANDBOX_PROMOCODES.minTickets]);
    expect(only(refused.errors)).toEqual([
      { code: 'promocode_limit_min_tickets', msg: 'Minimum count of tickets in order for promocode activation is 3' },
    ]);
    expect(refused.data.promocodes).toEqual([]);
    expect(refused.data.values).toEqual(small.values);

    const large = takeOrder('with three tickets or more', (o) => o.tickets.length >= 3);
    const applied = await applyCodes(large, [SANDBOX_PROMOCODES.minTickets]);
    expect(applied.errors).toBeUndefined();
    expect(applied.data.promocodes).toEqual([promocodeId(SANDBOX_PROMOCODES.minTickets)]);
  });

  it('promocode_apply_info for a code of another event; the code works on its own event', async () => {
    const elsewhere = takeOrder('not for the jazz night', (o) => o.event !== jazz.ref.id);
    const refused = await applyCodes(elsewhere, [SANDBOX_PROMOCODES.otherEvent]);
    expect(only(refused.errors)).toEqual([{ code: 'promocode_apply_info', msg: 'Cant apply promocode by some reason' }]);
    expect(refused.data.promocodes).toEqual([]);

    const own = takeOrder('for the jazz night', (o) => o.event === jazz.ref.id);
    const applied = await applyCodes(own, [SANDBOX_PROMOCODES.otherEvent]);
    expect(applied.errors).toBeUndefined();
    expect(applied.data.tickets.every((ticket) => ticket.discount === '200.00')).toBe(true);
  });
});
