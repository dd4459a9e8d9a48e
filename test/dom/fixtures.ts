// A small, readable order and its refs for component tests.
import type { Order, Refs } from '../../src-main/core/contract.ts';

import { SAMPLE_ORDER_ID } from '../support/fixtures.ts';

export const ORDER_ID = SAMPLE_ORDER_ID;
export const EVENT_ID = '5f2a0c9e1b2c3d4e5f600001';
export const SET_ID = '5f2a0c9e1b2c3d4e5f600002';
export const PROMO_ID = '5f2a0c9e1b2c3d4e5f600003';

export function sampleOrder(overrides: Partial<Order> = {}): Order {
  return {
    id: ORDER_ID,
    number: 1042,
    status: 'in_progress',
    created_at: '2026-11-28 19:00:00',
    expired_after: null,
    event: EVENT_ID,
    promocodes: [],
    settings: { customer: { name: 'Иван Петров', email: 'ivan@example.ru', phone: '+79991234576', lang: 'ru' }, send_tickets: false },
    vendor_data: { order_id: 'V-1', raw: { note: 'VIP guest', seats: 3, paid: true } },
    tickets: [
      {
        id: '5f2a0c9e1b2c3d4e5f600010',
        number: 700001,
        barcode: null,
        set: SET_ID,
        status: 'reserved',
        seat: { sector: 'A', row: '3', number: '12' },
        price: '1000.00',
        nominal: '1000.00',
        discount: '0.00',
        extra: '46.12',
        full: '1046.12',
      },
    ],
    values: { price: '1000.00', nominal: '1000.00', discount: '0.00', extra: '46.12', full: '1046.12' },
    ...overrides,
  };
}

export function sampleRefs(): Refs {
  return {
    events: {
      [EVENT_ID]: {
        id: EVENT_ID,
        title: { text: 'Щелкунчик' },
        lifetime: { start: '2026-12-25 16:00:00', finish: '2026-12-25 19:00:00' },
        timezone: 'Europe/Moscow',
      },
    },
    sets: { [SET_ID]: { id: SET_ID, name: 'Партер', price: '1000.00', with_seats: true } },
    promocodes: { [PROMO_ID]: { id: PROMO_ID, code: 'promo100', discount: { fix: '100.00' }, viral: false } },
  };
}

export { sampleEdit } from '../support/fixtures.ts';
