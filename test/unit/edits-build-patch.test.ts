import { describe, expect, it } from 'vitest';
import { buildPatch, unresolvedPromocodeIds } from '../../src-main/core/edits/build-patch.ts';
import { overlayIntents, pendingFields, pendingPromocodes } from '../../src-main/core/edits/overlay.ts';
import type { EditIntent } from '../../src-main/core/edits/schema.ts';
import type { Order, Refs } from '../../src-main/core/ticketscloud/types.ts';

const PROMO_ID = '5a0000000000000000000001';

function serverOrder(overrides: Partial<Order> = {}): Order {
  return {
    id: '5b0000000000000000000001',
    number: 1042,
    status: 'executed',
    created_at: '2026-11-28 12:00:00',
    event: '5c0000000000000000000001',
    promocodes: [PROMO_ID],
    settings: {
      customer: { name: 'Иван Петров', email: 'ivan@example.com', phone: '+79991234576', lang: 'ru' },
      send_tickets: false,
      invitation: false,
    },
    // The seed's own example holds a boolean and a number in raw: the server may send them back so.
    vendor_data: { order_id: 'SHOP-7', raw: { seat_note: 'aisle', vip: true, count: 3 } },
    tickets: [],
    values: { price: '1000.00', nominal: '1000.00', discount: '100.00', extra: '0.00', full: '900.00' },
    ...overrides,
  };
}

const refs: Refs = {
  promocodes: { [PROMO_ID]: { id: PROMO_ID, code: 'promo100', discount: { fix: '100.00' }, viral: false } },
};

/** The server copy cannot be changed by building a body or an overlay from it. */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const field of Object.values(value)) frozen(field);
    Object.freeze(value);
  }
  return value;
}

describe('the PATCH body built from the server copy and the intent', () => {
  it('sends the whole customer when the clerk changed one customer field', () => {
    const patch = buildPatch(serverOrder(), refs, { settings: { customer: { phone: '+79161234567' } } });
    expect(patch).toEqual({
      settings: { customer: { name: 'Иван Петров', email: 'ivan@example.com', phone: '+79161234567', lang: 'ru' } },
    });
  });

  it('keeps customer fields the project does not know when sending the customer back', () => {
    const server = serverOrder({ settings: { customer: { name: 'Anna', middle_name: 'K.' } } });
    expect(buildPatch(server, refs, { settings: { customer: { lang: 'en' } } }).settings?.customer).toEqual({
      name: 'Anna',
      middle_name: 'K.',
      lang: 'en',
    });
  });

  it('builds the customer from the changes alone when the order has none yet', () => {
    const server = serverOrder({ settings: { send_tickets: false } });
    expect(buildPatch(server, refs, { settings: { customer: { name: 'Anna' } } })).toEqual({
      settings: { customer: { name: 'Anna' } },
    });
  });

  it('sends send_tickets alone, leaving the customer out', () => {
    expect(buildPatch(serverOrder(), refs, { settings: { send_tickets: true } })).toEqual({ settings: { send_tickets: true } });
  });

  it('sends the whole vendor_data with server raw values as strings, removing keys set to null', () => {
    const patch = buildPatch(serverOrder(), refs, { vendor_data: { raw: { seat_note: null, gate: 'B' } } });
    expect(patch).toEqual({ vendor_data: { order_id: 'SHOP-7', raw: { vip: 'true', count: '3', gate: 'B' } } });
  });

  it('sends the server raw with a changed order_id', () => {
    const patch = buildPatch(serverOrder(), refs, { vendor_data: { order_id: 'SHOP-8' } });
    expect(patch).toEqual({ vendor_data: { order_id: 'SHOP-8', raw: { seat_note: 'aisle', vip: 'true', count: '3' } } });
  });

  it('sends an empty raw when the clerk removed every key', () => {
    const patch = buildPatch(serverOrder(), refs, { vendor_data: { raw: { seat_note: null, vip: null, count: null } } });
    expect(patch.vendor_data).toEqual({ order_id: 'SHOP-7', raw: {} });
  });

  it('sends no order_id and no raw the server does not have', () => {
    const server = serverOrder({ vendor_data: {} });
    expect(buildPatch(server, refs, { vendor_data: { order_id: 'NEW' } })).toEqual({ vendor_data: { order_id: 'NEW' } });
    expect(buildPatch(server, refs, { vendor_data: { raw: { a: '1' } } })).toEqual({ vendor_data: { raw: { a: '1' } } });
  });

  it('sends the full promocode list: the codes already applied, then the new ones', () => {
    expect(buildPatch(serverOrder(), refs, { promocodes: ['SPRING'] })).toEqual({ promocodes: ['promo100', 'SPRING'] });
  });

  it('does not send a code twice when the clerk adds one already applied in another case', () => {
    expect(buildPatch(serverOrder(), refs, { promocodes: ['PROMO100', 'Spring'] })).toEqual({ promocodes: ['promo100', 'Spring'] });
  });

  it('sends only the new codes when none is applied yet', () => {
    expect(buildPatch(serverOrder({ promocodes: [] }), {}, { promocodes: ['SPRING'] })).toEqual({ promocodes: ['SPRING'] });
  });

  it('leaves out every part the intent does not touch', () => {
    const cases: [EditIntent, string[]][] = [
      [{ settings: { customer: { name: 'A' } } }, ['settings']],
      [{ vendor_data: { order_id: 'V' } }, ['vendor_data']],
      [{ promocodes: ['X'] }, ['promocodes']],
      [{ settings: { send_tickets: true }, promocodes: ['X'] }, ['settings', 'promocodes']],
      [{}, []],
    ];
    for (const [intent, parts] of cases) {
      const patch = buildPatch(serverOrder(), refs, intent);
      expect(Object.keys(patch), JSON.stringify(intent)).toEqual(parts);
    }
    expect(buildPatch(serverOrder(), refs, { promocodes: ['X'] }).settings).toBeUndefined();
  });

  it('builds the same body from the same inputs, without changing the server copy', () => {
    const server = frozen(serverOrder());
    const intent: EditIntent = {
      settings: { customer: { email: 'new@example.com' }, send_tickets: true },
      vendor_data: { raw: { vip: null, gate: 'B' } },
      promocodes: ['SPRING'],
    };
    const first = buildPatch(server, frozen(structuredClone(refs)), intent);
    const second = buildPatch(server, refs, intent);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('keeps a server raw key named __proto__ as a plain key', () => {
    const server = serverOrder({ vendor_data: JSON.parse('{"raw": {"__proto__": "x"}}') as Order['vendor_data'] });
    const patch = buildPatch(server, refs, { vendor_data: { raw: { a: '1' } } });
    expect(JSON.parse(JSON.stringify(patch))).toEqual(JSON.parse('{"vendor_data": {"raw": {"__proto__": "x", "a": "1"}}}'));
  });

  it('names applied promocodes whose code the refs do not give, so the order is fetched again first', () => {
    expect(unresolvedPromocodeIds(serverOrder(), refs)).toEqual([]);
    expect(unresolvedPromocodeIds(serverOrder(), {})).toEqual([PROMO_ID]);
  });
});

describe('what the clerk sees before the edits are sent', () => {
  it('is the server order itself when nothing is pending', () => {
    const server = serverOrder();
    expect(overlayIntents(server, refs, [])).toBe(server);
  });

  it('shows pending customer, send_tickets and vendor changes over the server values, latest winning', () => {
    const server = frozen(serverOrder());
    const order = overlayIntents(server, refs, [
      { settings: { customer: { name: 'Иван Сидоров' } } },
      { settings: { customer: { phone: '+79161234567' }, send_tickets: true } },
      { vendor_data: { raw: { seat_note: null, gate: 'B' } } },
    ]);
    expect(order.settings).toEqual({
      customer: { name: 'Иван Сидоров', email: 'ivan@example.com', phone: '+79161234567', lang: 'ru' },
      send_tickets: true,
      invitation: false,
    });
    expect(order.vendor_data).toEqual({ order_id: 'SHOP-7', raw: { vip: 'true', count: '3', gate: 'B' } });
    expect(order.promocodes).toEqual([PROMO_ID]);
    expect(order.number).toBe(1042);
  });

  it('lists added promocodes that are not on the order yet as pending', () => {
    expect(pendingPromocodes(serverOrder(), refs, [{ promocodes: ['PROMO100', 'Spring'] }, { promocodes: ['spring', 'AUTUMN'] }])).toEqual([
      'Spring',
      'AUTUMN',
    ]);
    expect(pendingPromocodes(serverOrder(), refs, [{ settings: { send_tickets: true } }])).toEqual([]);
  });

  it('marks each field a pending edit changes, once, in the order first changed', () => {
    expect(
      pendingFields([
        { settings: { customer: { email: 'a@b.ru', name: 'A' } } },
        { vendor_data: { order_id: 'V', raw: { gate: 'B', old: null } }, promocodes: ['X'] },
        { settings: { customer: { email: 'c@d.ru' }, send_tickets: false } },
      ]),
    ).toEqual([
      'settings.customer.email',
      'settings.customer.name',
      'vendor_data.order_id',
      'vendor_data.raw.gate',
      'vendor_data.raw.old',
      'promocodes',
      'settings.send_tickets',
    ]);
    expect(pendingFields([])).toEqual([]);
  });
});
