// The three-way comparison behind "nothing anyone else saved is reverted": what the clerk saw (base), what
// the server holds now (fresh) and what the clerk set (mine), field by field.
import { describe, expect, it } from 'vitest';
import { batchBase, captureBase, changedFields, findConflicts } from '../../src-main/core/edits/three-way.ts';
import type { EditIntent } from '../../src-main/core/edits/schema.ts';
import type { Order } from '../../src-main/core/ticketscloud/types.ts';

function order(settings: Record<string, unknown>, vendorData: Record<string, unknown> = {}): Order {
  return { id: 'a'.repeat(24), number: 1, settings, vendor_data: vendorData } as unknown as Order;
}

const seen = order({ customer: { name: 'Иван', email: 'ivan@mail.ru' }, send_tickets: false }, { order_id: 'V-1', raw: { shop: 'box', n: 3 } });

describe('changedFields and captureBase', () => {
  it('name every field an intent changes with the path validation errors use, and read what the clerk saw', () => {
    const intent: EditIntent = {
      settings: { customer: { email: 'new@mail.ru', phone: '+79990001122' }, send_tickets: true },
      vendor_data: { order_id: 'V-2', raw: { n: '4', 'seat.note': 'aisle', shop: null } },
      promocodes: ['PROMO5'],
    };
    expect(changedFields(intent).map((change) => [change.path, change.mine])).toEqual([
      ['settings.customer.email', 'new@mail.ru'],
      ['settings.customer.phone', '+79990001122'],
      ['settings.send_tickets', true],
      ['vendor_data.order_id', 'V-2'],
      ['vendor_data.raw.n', '4'],
      ['vendor_data.raw.seat.note', 'aisle'],
      ['vendor_data.raw.shop', null],
    ]);
    expect(captureBase(seen, intent)).toEqual({
      'settings.customer.email': 'ivan@mail.ru',
      'settings.customer.phone': null,
      'settings.send_tickets': false,
      'vendor_data.order_id': 'V-1',
      'vendor_data.raw.n': '3',
      'vendor_data.raw.seat.note': null,
      'vendor_data.raw.shop': 'box',
    });
  });

  it('capture nothing when the order was not cached: no conflict can be told then', () => {
    expect(captureBase(null, { settings: { customer: { name: 'Пётр' } } })).toBeNull();
  });
});

describe('findConflicts', () => {
  const base = { 'settings.customer.email': 'ivan@mail.ru' };
  const mine: EditIntent = { settings: { customer: { email: 'mine@mail.ru' } } };
  it.each([
    ['nobody else touched it', 'ivan@mail.ru', []],
    ['someone else made the same change', 'mine@mail.ru', []],
    [
      'someone else changed it to something else',
      'web@mail.ru',
      [{ path: 'settings.customer.email', base: 'ivan@mail.ru', server: 'web@mail.ru', mine: 'mine@mail.ru' }],
    ],
    [
      'someone else emptied it',
      undefined,
      [{ path: 'settings.customer.email', base: 'ivan@mail.ru', server: null, mine: 'mine@mail.ru' }],
    ],
  ])('%s', (_, freshEmail, expected) => {
    const fresh = order({ customer: freshEmail === undefined ? {} : { email: freshEmail } });
    expect(findConflicts(fresh, mine, base)).toEqual(expected);
  });

  it('never compares a field the clerk did not change, nor one whose base is unknown', () => {
    const fresh = order({ customer: { name: 'Другой', email: 'web@mail.ru' } });
    expect(findConflicts(fresh, { settings: { customer: { email: 'mine@mail.ru' } } }, {})).toEqual([]);
    expect(findConflicts(fresh, { settings: { customer: { phone: '+79990001122' } } }, { 'settings.customer.phone': null })).toEqual([]);
  });

  it('compares vendor raw values as text, as they are sent', () => {
    const fresh = order({}, { raw: { n: 3 } });
    expect(findConflicts(fresh, { vendor_data: { raw: { n: '5' } } }, { 'vendor_data.raw.n': '3' })).toEqual([]);
  });
});

describe('batchBase', () => {
  it('keeps, for each field, what the clerk saw before the first edit that changed it', () => {
    const first = { intent: { settings: { customer: { name: 'A' } } }, base: { 'settings.customer.name': 'Иван' } };
    const second = {
      intent: { settings: { customer: { name: 'B', phone: '+79990001122' } } },
      base: { 'settings.customer.name': 'A', 'settings.customer.phone': null },
    };
    expect(batchBase([first, second])).toEqual({ 'settings.customer.name': 'Иван', 'settings.customer.phone': null });
  });

  it('leaves a field unknown when its first edit had no base (the order was not cached then)', () => {
    const first = { intent: { settings: { customer: { name: 'A' } } }, base: null };
    const second = { intent: { settings: { customer: { name: 'B' } } }, base: { 'settings.customer.name': 'A' } };
    expect(batchBase([first, second])).toEqual({});
  });
});
