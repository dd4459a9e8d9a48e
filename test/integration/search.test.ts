import { beforeEach, describe, expect, it } from 'vitest';
import { mergeIntoCache } from '../../src-main/core/cache/merge.ts';
import { edits, type EditState } from '../../src-main/core/db/schema.ts';
import { MAX_SEARCH_LIMIT, searchOrders } from '../../src-main/core/search/search.ts';
import type { Customer, Order } from '../../src-main/core/ticketscloud/types.ts';
import { generateOrder, generateRefs } from '../../src-main/sandbox/generator.ts';
import { useTempDatabase } from '../support/temp-database.ts';

const SEED = 11;
const refs = generateRefs(SEED);
const [firstEvent, secondEvent] = Object.values(refs.events ?? {});
let nextIndex = 0;

/** A sandbox-generated order (real shape) with what the test cares about set on it. */
function order(changes: { number?: number; customer?: Customer; status?: string; event?: string; barcode?: string; ticketNumber?: number } = {}): Order {
  const base = generateOrder(SEED, nextIndex++);
  // Only what the test sets is searchable: no generated vendor id or barcode can match by chance.
  const made: Order = {
    ...base,
    settings: { ...base.settings, customer: changes.customer ?? { name: 'Nobody Special' } },
    vendor_data: {},
    tickets: base.tickets.map((ticket) => ({ ...ticket, barcode: null })),
  };
  if (changes.number !== undefined) made.number = changes.number;
  if (changes.status !== undefined) made.status = changes.status;
  if (changes.event !== undefined) made.event = changes.event;
  const [ticket, ...rest] = made.tickets;
  if (ticket && (changes.barcode !== undefined || changes.ticketNumber !== undefined)) {
    made.tickets = [{ ...ticket, barcode: changes.barcode ?? ticket.barcode, number: changes.ticketNumber ?? ticket.number }, ...rest];
  }
  return made;
}

const temp = useTempDatabase('tcbo-search-');

function merge(...orders: Order[]): void {
  mergeIntoCache(temp.cache.sqlite, orders, refs, Date.now());
}
function numbersFound(q: string, filters: { status?: 'done' | 'cancelled'; event?: string } = {}): number[] {
  return searchOrders(temp.cache.sqlite, { q, ...filters }).results.map((result) => result.number);
}

describe('search by name: any case, Cyrillic or Latin, first letters are enough', () => {
  beforeEach(() => {
    merge(
      order({ number: 1, customer: { name: 'Иван Иванов' } }),
      order({ number: 2, customer: { name: 'Ivan Petrov' } }),
      order({ number: 3, customer: { name: 'Алёна Ёлкина' } }),
      order({ number: 4, customer: { name: 'Chloé Lefèvre' } }),
      order({ number: 5, customer: { name: 'Мария Смирнова' } }),
    );
  });

  it('finds Иван Иванов by иван, Иван, ИВА and ив', () => {
    for (const q of ['иван', 'Иван', 'ИВА', 'ив']) expect(numbersFound(q)).toEqual([1]);
  });

  it('finds Ivan Petrov by IVAN, ivan and Iv', () => {
    for (const q of ['IVAN', 'ivan', 'Iv']) expect(numbersFound(q)).toEqual([2]);
  });

  it('finds ё and е spelt either way: ёлка, елка, Алена, АЛЁНА', () => {
    for (const q of ['ёлк', 'елк', 'Алена', 'АЛЁНА']) expect(numbersFound(q)).toEqual([3]);
  });

  it('finds Latin names with accents typed without them', () => {
    expect(numbersFound('chloe lefe')).toEqual([4]);
  });

  it('needs every word to match: "иван смир" finds nobody, "мар смир" finds Мария Смирнова', () => {
    expect(numbersFound('иван смир')).toEqual([]);
    expect(numbersFound('мар смир')).toEqual([5]);
  });
});

describe('search by phone, email, vendor order id and promocode', () => {
  it('finds +7 (999) 123-45-76 typed as 123-45-76, 9991234576, +7 999 123 45 76 or 8 999 123 45 76', () => {
    merge(order({ number: 10, customer: { name: 'A', phone: '+7 (999) 123-45-76' } }), order({ number: 11, customer: { name: 'B', phone: '+7 (999) 765-43-21' } }));
    for (const q of ['123-45-76', '9991234576', '+7 999 123 45 76', '8 999 123 45 76', '8(999)1234576', '4576']) {
      expect(numbersFound(q), q).toEqual([10]);
    }
  });

  it('finds an email whole, by its start, by its domain, in any case', () => {
    merge(order({ number: 20, customer: { name: 'A', email: 'Ivan.Petrov@Mail.ru' } }), order({ number: 21, customer: { name: 'B', email: 'anna@yandex.ru' } }));
    for (const q of ['ivan.petrov@mail.ru', 'IVAN.PETROV@MAIL.RU', 'ivan.pe', 'ivan.petrov@ma', 'mail']) expect(numbersFound(q), q).toEqual([20]);
  });

  it('finds the vendor order id and an applied promocode by its code', () => {
    const withVendorId = { ...order({ number: 30 }), vendor_data: { order_id: 'SHOP-4711' } };
    const promocode = Object.values(refs.promocodes ?? {})[0];
    if (!promocode) throw new Error('the sandbox catalogue has promocodes');
    const withPromocode = { ...order({ number: 31 }), promocodes: [promocode.id] };
    merge(withVendorId, withPromocode);
    expect(numbersFound('shop-4711')).toEqual([30]);
    expect(numbersFound('SHOP4711')).toEqual([30]);
    expect(numbersFound(promocode.code.toUpperCase())).toEqual([31]);
  });
});

describe('exact order number, ticket number and barcode come first', () => {
  it('puts order 1234 before 12345 and 123456 even though those were cached later', () => {
    merge(order({ number: 1234 }));
    merge(order({ number: 12345 }), order({ number: 123456 }));
    expect(numbersFound('1234')).toEqual([1234, 123456, 12345]);
  });

  it('puts the order holding a scanned barcode first, before a longer barcode that starts the same', () => {
    merge(order({ number: 40, barcode: '4600000012345' }));
    merge(order({ number: 41, barcode: '46000000123459' }));
    expect(numbersFound('4600000012345')).toEqual([40, 41]);
  });

  it('puts the order holding a ticket number first', () => {
    merge(order({ number: 50, ticketNumber: 7_000_001 }));
    merge(order({ number: 51, ticketNumber: 70_000_010 }));
    expect(numbersFound('7000001')).toEqual([50, 51]);
  });
});

describe('hostile search text gives results or nothing, never an error', () => {
  beforeEach(() => merge(order({ number: 60, customer: { name: 'Ivan "Near" Petrov' } })));
  it.each([
    '"', '""', '"ivan', 'ivan"', '*', 'ivan*', '**', '-', '-ivan', 'ivan -petrov', 'AND', 'ivan AND', 'OR OR', 'NOT ivan',
    'NEAR(', 'NEAR(ivan petrov)', 'NEAR(ivan, 5', '(', ')', '(ivan', 'ivan)', '[ivan]', '{words}: ivan', 'words:ivan',
    'codes : 60', '^ivan', 'ivan + petrov', "'; DROP TABLE orders; --", '🎫', 'ivan 🎫', '👨‍👩‍👧', '\u0000', '\u200b',
    '\\', '%', '_', 'x'.repeat(10_000), '"'.repeat(10_000), 'ivan '.repeat(2_000), 'near '.repeat(100),
  ])('%j', (q) => {
    const answer = searchOrders(temp.cache.sqlite, { q });
    expect(Array.isArray(answer.results)).toBe(true);
    expect(answer.took_ms).toBeGreaterThanOrEqual(0);
  });

  it('still finds the order when operators are typed around real words', () => {
    expect(numbersFound('NEAR(ivan')).toEqual([60]);
    expect(numbersFound('"ivan" AND')).toEqual([]); // `and` is a word here, and Ivan's name has none
    expect(numbersFound('-ivan*')).toEqual([60]);
  });
});

describe('filters, limits and what a result carries', () => {
  it('filters by status and event outside the text match', () => {
    if (!firstEvent || !secondEvent) throw new Error('the sandbox catalogue has two events');
    merge(
      order({ number: 70, status: 'done', event: firstEvent.id, customer: { name: 'Олег' } }),
      order({ number: 71, status: 'cancelled', event: firstEvent.id, customer: { name: 'Олег' } }),
      order({ number: 72, status: 'done', event: secondEvent.id, customer: { name: 'Олег' } }),
    );
    expect(numbersFound('олег', { status: 'done' })).toEqual([72, 70]);
    expect(numbersFound('олег', { event: firstEvent.id })).toEqual([71, 70]);
    expect(numbersFound('олег', { status: 'done', event: firstEvent.id })).toEqual([70]);
    expect(numbersFound('', { status: 'cancelled' })).toEqual([71]);
    expect(numbersFound('', { event: secondEvent.id })).toEqual([72]);
    expect(numbersFound('', { event: firstEvent.id, status: 'done' })).toEqual([70]);
  });

  it('lists the newest cached orders when the search box is blank', () => {
    merge(order({ number: 80 }), order({ number: 81 }));
    expect(numbersFound('   ')).toEqual([81, 80]);
  });

  it('returns 50 results by default and never more than 200', () => {
    merge(...Array.from({ length: 230 }, (_, i) => order({ number: 1000 + i, customer: { name: 'Гость' } })));
    expect(searchOrders(temp.cache.sqlite, { q: 'гость' }).results).toHaveLength(50);
    expect(searchOrders(temp.cache.sqlite, { q: 'гость', limit: 10_000 }).results).toHaveLength(MAX_SEARCH_LIMIT);
    expect(searchOrders(temp.cache.sqlite, { q: 'гость', limit: 3 }).results).toHaveLength(3);
    expect(searchOrders(temp.cache.sqlite, { q: 'гость', limit: -1 }).results).toHaveLength(1);
  });

  it('shows the customer, the event title and how many edits are pending or failed', () => {
    if (!firstEvent) throw new Error('the sandbox catalogue has events');
    const found = order({ number: 90, event: firstEvent.id, customer: { name: 'Пётр', email: 'p@x.ru', phone: '+79990000000' } });
    merge(found);
    const states: EditState[] = ['pending', 'sending', 'failed', 'synced', 'cancelled', 'pending'];
    for (const state of states) {
      temp.cache.db.insert(edits).values({ orderId: found.id, body: '{}', operator: 'anna', createdAt: 1, state }).run();
    }
    expect(searchOrders(temp.cache.sqlite, { q: '90' }).results[0]).toEqual({
      id: found.id,
      number: 90,
      status: found.status,
      event_title: firstEvent.title?.text,
      customer: { name: 'Пётр', email: 'p@x.ru', phone: '+79990000000' },
      pending_edits: 3,
      failed_edits: 1,
    });
  });

  it('shows empty customer fields as null for an order without a customer', () => {
    const bare = generateOrder(SEED, 5000);
    bare.settings = { send_tickets: false };
    merge(bare);
    expect(searchOrders(temp.cache.sqlite, { q: String(bare.number) }).results[0]?.customer).toEqual({ name: null, email: null, phone: null });
  });
});
