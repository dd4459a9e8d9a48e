import { describe, expect, it } from 'vitest';
import { mergeIntoCache } from '../../src-main/core/cache/merge.ts';
import { getCachedOrder, listEvents } from '../../src-main/core/cache/read.ts';
import { rebuildSearchIndex } from '../../src-main/core/search/index-writer.ts';
import { searchOrders } from '../../src-main/core/search/search.ts';
import { readOrderListResponse } from '../../src-main/core/ticketscloud/response-shape.ts';
import type { Order } from '../../src-main/core/ticketscloud/types.ts';
import { generateOrder, generateRefs } from '../../src-main/sandbox/generator.ts';
import { useTempDatabase } from '../support/temp-database.ts';

const SEED = 23;
const refs = generateRefs(SEED);

const temp = useTempDatabase('tcbo-cache-');

function withCustomer(order: Order, name: string): Order {
  return { ...order, settings: { ...order.settings, customer: { name } } };
}
function found(q: string): string[] {
  return searchOrders(temp.cache.sqlite, { q }).results.map((result) => result.id);
}
function countRows(table: 'orders' | 'refs'): number {
  return temp.cache.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
}

describe('mergeIntoCache: the one path an order takes into the cache', () => {
  it('keeps the server JSON whole, fields the app does not know included', () => {
    const order = {
      ...generateOrder(SEED, 0),
      loyalty: { tier: 'gold', points: 1200 },
      settings: { ...generateOrder(SEED, 0).settings, customer: { name: 'Анна', middle_name: 'Сергеевна' } },
    } as Order;
    mergeIntoCache(temp.cache.sqlite, [order], refs, 1);
    expect(getCachedOrder(temp.cache.sqlite, order.id)?.order).toEqual(order);
  });

  it('shows a PATCH answer in search at once: the new customer is found, the old one is not', () => {
    const before = withCustomer(generateOrder(SEED, 1), 'Иван Иванов');
    mergeIntoCache(temp.cache.sqlite, [before], refs, 1_000);
    expect(found('иванов')).toEqual([before.id]);

    const patched = withCustomer(before, 'Пётр Сидоров');
    mergeIntoCache(temp.cache.sqlite, [patched], refs, 2_000);
    expect(found('сидор')).toEqual([before.id]);
    expect(found('иванов')).toEqual([]);
    expect(countRows('orders')).toBe(1);
  });

  it('never lets an older copy (fetched before the cached one) overwrite a newer one', () => {
    const order = generateOrder(SEED, 2);
    mergeIntoCache(temp.cache.sqlite, [withCustomer(order, 'Новый Клиент')], refs, 2_000);
    const report = mergeIntoCache(temp.cache.sqlite, [withCustomer(order, 'Старый Клиент')], refs, 1_000);
    expect(report).toEqual({ merged: 0, stale: 1 });
    expect(getCachedOrder(temp.cache.sqlite, order.id)?.order.settings.customer?.name).toBe('Новый Клиент');
    expect(found('старый')).toEqual([]);
  });

  it('stores only what the client parsed: a page with broken orders merges the good ones, the rest are named', () => {
    const good = generateOrder(SEED, 3);
    const noNumber = { ...generateOrder(SEED, 4), number: '17' };
    const noId = { ...generateOrder(SEED, 5), id: undefined };
    const page = readOrderListResponse({ data: [noNumber, good, noId, null, '<html>'], refs, pagination: { page: 1, page_size: 5, total: 5 } });
    if (!page.ok) throw new Error(page.problem);
    expect(page.value.rejected.map(({ index, id }) => ({ index, id }))).toEqual([
      { index: 0, id: noNumber.id },
      { index: 2, id: null },
      { index: 3, id: null },
      { index: 4, id: null },
    ]);
    expect(page.value.rejected[0]?.problem).toBe('`data[0].number` should be a number, got string');
    const report = mergeIntoCache(temp.cache.sqlite, page.value.data, page.value.refs, 1);
    expect(report).toEqual({ merged: 1, stale: 0 });
    expect(countRows('orders')).toBe(1);
    expect(getCachedOrder(temp.cache.sqlite, noNumber.id)).toBeNull();
  });

  it('reads refs that are not objects as no refs, and keeps kinds it does not read without storing non-objects', () => {
    const odd = readOrderListResponse({
      data: [],
      refs: { events: 'none', sets: null, promocodes: { x: 'not a ref' }, counters: 3, partners: { p: { id: 'p' }, q: 7 } },
      pagination: { page: 1, page_size: 5, total: 0 },
    });
    if (!odd.ok) throw new Error(odd.problem);
    expect(odd.value.refs).toEqual({ events: {}, sets: {}, promocodes: {}, counters: 3, partners: { p: { id: 'p' }, q: 7 } });
    expect(mergeIntoCache(temp.cache.sqlite, odd.value.data, odd.value.refs, 1)).toEqual({ merged: 0, stale: 0 });
    expect(temp.cache.sqlite.prepare('SELECT kind, id FROM refs').all()).toEqual([{ kind: 'partners', id: 'p' }]);
  });

  it('runs inside a caller’s transaction as a savepoint: the caller’s rollback undoes the merge', () => {
    const order = generateOrder(SEED, 6);
    const failingCaller = temp.cache.sqlite.transaction(() => {
      mergeIntoCache(temp.cache.sqlite, [order], refs, 1);
      throw new Error('the engine failed after merging');
    });
    expect(() => failingCaller()).toThrow('the engine failed after merging');
    expect(getCachedOrder(temp.cache.sqlite, order.id)).toBeNull();
    expect(found(String(order.number))).toEqual([]);
  });

  it('rebuilds the search index from the cached orders with the same answers', () => {
    const orders = [withCustomer(generateOrder(SEED, 7), 'Ольга Королёва'), withCustomer(generateOrder(SEED, 8), 'Olga King')];
    mergeIntoCache(temp.cache.sqlite, orders, refs, 1);
    expect(rebuildSearchIndex(temp.cache.sqlite)).toBe(2);
    expect(found('королев')).toEqual([orders[0]?.id]);
    expect(found('olg')).toEqual([orders[1]?.id]);
  });
});

describe('reading the temp.cache back', () => {
  it('gives an order with only the refs it references: its event, the event’s venue, its sets and promocodes', () => {
    const promocode = Object.values(refs.promocodes ?? {})[0];
    if (!promocode) throw new Error('the sandbox catalogue has promocodes');
    const order = { ...generateOrder(SEED, 9), promocodes: [promocode.id] };
    mergeIntoCache(temp.cache.sqlite, [order], refs, 1);

    const cached = getCachedOrder(temp.cache.sqlite, order.id);
    const event = refs.events?.[order.event];
    expect(Object.keys(cached?.refs.events ?? {})).toEqual([order.event]);
    expect(Object.keys(cached?.refs.venues ?? {})).toEqual([event?.venue]);
    const setIds = new Set([...order.tickets.map((ticket) => ticket.set), ...Object.keys(order.values.sets_values ?? {})]);
    expect(Object.keys(cached?.refs.sets ?? {}).sort()).toEqual([...setIds].sort());
    expect(Object.keys(cached?.refs.sets ?? {}).length).toBeLessThan(Object.keys(refs.sets ?? {}).length);
    expect(cached?.refs.promocodes).toEqual({ [promocode.id]: promocode });
    expect(cached?.refs.events?.[order.event]).toEqual(event);
  });

  it('answers null for an order the temp.cache does not have', () => {
    expect(getCachedOrder(temp.cache.sqlite, 'f'.repeat(24))).toBeNull();
  });

  it('lists every cached event with its title, sorted by title', () => {
    mergeIntoCache(temp.cache.sqlite, [], refs, 1);
    const titles = Object.values(refs.events ?? {}).map((event) => ({ id: event.id, title: event.title?.text ?? event.id }));
    const events = listEvents(temp.cache.sqlite);
    expect(events).toHaveLength(titles.length);
    expect(events).toEqual(expect.arrayContaining(titles));
    expect(events.map((event) => event.title)).toEqual([...events.map((event) => event.title)].sort((a, b) => a.localeCompare(b, ['ru', 'en'])));
  });
});
