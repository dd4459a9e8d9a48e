// The edit behind "Put it back" (src-renderer/lib/conflict-intent.ts): which conflicts a new edit can undo,
// and exactly what that edit asks for.
import { describe, expect, it } from 'vitest';
import type { EditConflict } from '../../src-main/core/contract.ts';
import { EDIT_LIMITS } from '../../src-main/core/edits/schema.ts';
import { putBackIntent } from '../../src-renderer/lib/conflict-intent.ts';

function conflict(path: string, server: EditConflict['server'], mine: EditConflict['mine'] = 'mine'): EditConflict {
  return { path, base: 'seen', server, mine };
}

describe('a conflict that an edit can undo gives the edit that restores the other writer’s value', () => {
  const cases: [string, EditConflict, unknown][] = [
    [
      'a customer email',
      conflict('settings.customer.email', 'ivan.petrov@mail.ru'),
      { settings: { customer: { email: 'ivan.petrov@mail.ru' } } },
    ],
    ['a customer name', conflict('settings.customer.name', 'Иван Петров'), { settings: { customer: { name: 'Иван Петров' } } }],
    ['a customer phone, normalised as any save', conflict('settings.customer.phone', '+7 999 123-45-76'), { settings: { customer: { phone: '+79991234576' } } }],
    ['a customer language', conflict('settings.customer.lang', 'en'), { settings: { customer: { lang: 'en' } } }],
    ['send_tickets turned on elsewhere', conflict('settings.send_tickets', true, false), { settings: { send_tickets: true } }],
    ['send_tickets turned off elsewhere', conflict('settings.send_tickets', false, true), { settings: { send_tickets: false } }],
    ['the vendor order id', conflict('vendor_data.order_id', 'SHOP-77'), { vendor_data: { order_id: 'SHOP-77' } }],
    ['a vendor order id emptied elsewhere', conflict('vendor_data.order_id', ''), { vendor_data: { order_id: '' } }],
    ['a raw key', conflict('vendor_data.raw.shop', 'web'), { vendor_data: { raw: { shop: 'web' } } }],
    ['a raw key with dots in it', conflict('vendor_data.raw.seat.note', 'aisle'), { vendor_data: { raw: { 'seat.note': 'aisle' } } }],
    ['a raw key the other writer had removed: removed again', conflict('vendor_data.raw.shop', null), { vendor_data: { raw: { shop: null } } }],
    ['a raw key the clerk removed: set back', conflict('vendor_data.raw.shop', 'web', null), { vendor_data: { raw: { shop: 'web' } } }],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(putBackIntent(input)).toEqual(expected);
  });
});

describe('a conflict that no edit can undo gives null (the UI offers no button)', () => {
  const cases: [string, EditConflict][] = [
    ['a customer email the other writer emptied (null)', conflict('settings.customer.email', null)],
    ['a customer name the other writer emptied ("")', conflict('settings.customer.name', '')],
    ['a customer name of only spaces', conflict('settings.customer.name', '   ')],
    ['a customer email the server holds in a shape we refuse', conflict('settings.customer.email', 'not an email')],
    ['a customer language we do not offer', conflict('settings.customer.lang', 'de')],
    ['a customer field the edit schema does not know', conflict('settings.customer.birthday', '1990-01-01')],
    ['send_tickets that is not yes/no', conflict('settings.send_tickets', null)],
    ['send_tickets as text', conflict('settings.send_tickets', 'true')],
    ['a vendor order id removed elsewhere (null)', conflict('vendor_data.order_id', null)],
    ['a vendor order id over the limit', conflict('vendor_data.order_id', 'x'.repeat(EDIT_LIMITS.orderIdChars + 1))],
    ['a raw value over the limit', conflict('vendor_data.raw.note', 'x'.repeat(EDIT_LIMITS.rawValueChars + 1))],
    ['a raw key that is empty', conflict('vendor_data.raw.', 'web')],
    ['a raw key that is reserved', conflict('vendor_data.raw.__proto__', 'web')],
    ['promocodes (never a conflict: no single value to restore)', conflict('promocodes', 'PROMO100')],
    ['a path we do not know', conflict('values.full', '100.00')],
    ['the bare customer object', conflict('settings.customer', 'x')],
  ];
  it.each(cases)('%s', (_name, input) => {
    expect(putBackIntent(input)).toBeNull();
  });
});
