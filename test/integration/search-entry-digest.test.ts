// The merge skips an order's FTS write when the entry would be the same (orders.search_key, see
// search/index-writer.ts). What must never happen: a skip that leaves the index saying something the
// order no longer says — after a change of the order, of a ref the entry reads, or an index rebuild.
import { describe, expect, it } from 'vitest';
import { askCopySequence } from '../../src-main/core/cache/copy-sequence.ts';
import { mergeIntoCache } from '../../src-main/core/cache/merge.ts';
import type { Sqlite } from '../../src-main/core/db/open.ts';
import { bringSearchIndexUpToDate } from '../../src-main/core/search/index-upgrade.ts';
import { searchOrders } from '../../src-main/core/search/search.ts';
import type { Order, Refs } from '../../src-main/core/ticketscloud/types.ts';
import { useTempDatabase } from '../support/temp-database.ts';

const ORDER_ID = '5f0c1e2d3a4b5c6d7e8f9a0b';
const PROMOCODE_ID = '5f0c1e2d3a4b5c6d7e8f1111';

function order(name: string): Order {
  return {
    id: ORDER_ID,
    number: 700_123,
    status: 'executed',
    event: '5f0c1e2d3a4b5c6d7e8f0000',
    created_at: '2026-11-01 10:00:00',
    settings: { customer: { name, email: 'guest@example.ru', phone: '+79991234576' } },
    vendor_data: {},
    tickets: [],
    promocodes: [PROMOCODE_ID],
  } as unknown as Order;
}

function refs(code: string): Refs {
  return { promocodes: { [PROMOCODE_ID]: { id: PROMOCODE_ID, code } } } as unknown as Refs;
}

function merge(sqlite: Sqlite, copy: Order, refsOfCopy: Refs = refs('SPRING')): void {
  mergeIntoCache(sqlite, [copy], refsOfCopy, askCopySequence(sqlite));
}

function found(sqlite: Sqlite, q: string): boolean {
  return searchOrders(sqlite, { q }).results.some((result) => result.id === ORDER_ID);
}

function storedKey(sqlite: Sqlite): string | null | undefined {
  return sqlite.prepare<[string], string | null>('SELECT search_key FROM orders WHERE id = ?').pluck().get(ORDER_ID);
}

describe('the search entry of a merged order', () => {
  const temp = useTempDatabase('tcbo-search-key-');

  it('keeps its digest while the entry is the same and follows every change of the order', () => {
    const { sqlite } = temp.cache;
    merge(sqlite, order('Анна Лебедева'));
    const first = storedKey(sqlite);
    expect(first).toMatch(/^[\w-]{27}$/);
    expect(found(sqlite, 'лебе')).toBe(true);

    merge(sqlite, order('Анна Лебедева'));
    expect(storedKey(sqlite)).toBe(first);
    expect(found(sqlite, 'лебе')).toBe(true);

    merge(sqlite, order('Ольга Соколова'));
    expect(storedKey(sqlite)).not.toBe(first);
    expect(found(sqlite, 'соко')).toBe(true);
    expect(found(sqlite, 'лебе')).toBe(false);

    merge(sqlite, order('Анна Лебедева'));
    expect(storedKey(sqlite)).toBe(first);
    expect(found(sqlite, 'лебе')).toBe(true);
    expect(found(sqlite, 'соко')).toBe(false);
  });

  it('is written again when a promocode ref it reads was renamed, the order itself unchanged', () => {
    const { sqlite } = temp.cache;
    merge(sqlite, order('Анна Лебедева'), refs('SPRING'));
    expect(found(sqlite, 'spring')).toBe(true);
    merge(sqlite, order('Анна Лебедева'), refs('AUTUMN'));
    expect(found(sqlite, 'autumn')).toBe(true);
    expect(found(sqlite, 'spring')).toBe(false);
  });

  it('comes back after an index rebuild cleared it, though a merge in between skipped the same entry', async () => {
    const { sqlite } = temp.cache;
    merge(sqlite, order('Анна Лебедева'));
    // A migration that changes the indexing rules clears the version marker (drizzle/0004's convention).
    sqlite.prepare("DELETE FROM settings WHERE key = 'search_index_version'").run();
    // The rebuild starts (it clears the index first) and is stopped before its first chunk.
    expect(await bringSearchIndexUpToDate(sqlite, { shouldStop: () => true })).toBe(0);
    expect(found(sqlite, 'лебе')).toBe(false);
    merge(sqlite, order('Анна Лебедева'));
    expect(found(sqlite, 'лебе')).toBe(false);
    expect(await bringSearchIndexUpToDate(sqlite)).toBe(1);
    expect(found(sqlite, 'лебе')).toBe(true);
  });
});
