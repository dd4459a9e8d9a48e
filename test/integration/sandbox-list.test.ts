// GET /v2/resources/orders over HTTP: paging (total = matching items), the filters of the contract
// (created_at range, status, events, only_with_customer), refs of the page, and 400 on bad queries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order, OrderListResponse } from '../../src-main/core/ticketscloud/types.ts';
import { sandboxCatalog } from '../../src-main/sandbox/catalog.ts';
import { type Sandbox, startSandbox } from '../../src-main/sandbox/server.ts';

const SEED = 3;
const COUNT = 430;
let sandbox: Sandbox;
let all: Order[];

beforeAll(async () => {
  sandbox = await startSandbox({ orders: COUNT, seed: SEED, processingMs: 0 });
  all = sandbox.orderIds().map((id) => sandbox.getOrderState(id) as Order);
});
afterAll(async () => {
  await sandbox.stop();
});

async function list(query: string): Promise<{ status: number; body: OrderListResponse; errors: string[] }> {
  const response = await fetch(`${sandbox.url}/v2/resources/orders${query}`, { headers: { authorization: `key ${sandbox.apiKey}` } });
  const json: unknown = await response.json();
  return {
    status: response.status,
    body: json as OrderListResponse,
    errors: response.status >= 400 ? ((json as { errors?: string[] }).errors ?? []) : [],
  };
}

/** Every matching order, page by page, stopping on a short page as the contract tells clients to. */
async function everyPage(query: string, pageSize: number): Promise<Order[]> {
  const orders: Order[] = [];
  for (let page = 1; ; page++) {
    const { status, body } = await list(`?${query}${query ? '&' : ''}page=${page}&page_size=${pageSize}`);
    expect(status).toBe(200);
    orders.push(...body.data);
    if (body.data.length < pageSize) return orders;
  }
}

const ids = (orders: readonly Order[]): string[] => orders.map((order) => order.id);

describe('paging', () => {
  it('pages through every order oldest first with 50 a page by default, total counting items', async () => {
    const first = await list('');
    expect(first.status).toBe(200);
    expect(first.body.pagination).toEqual({ page: 1, page_size: 50, total: COUNT });
    expect(first.body.data).toHaveLength(50);
    expect(ids(await everyPage('', 50))).toEqual(sandbox.orderIds());
    const createdAt = all.map((order) => order.created_at);
    expect(createdAt).toEqual([...createdAt].sort());
  });

  it('answers an empty page past the end, with the same total', async () => {
    const { body } = await list('?page=99&page_size=200');
    expect(body.data).toEqual([]);
    expect(body.pagination).toEqual({ page: 99, page_size: 200, total: COUNT });
  });

  it.each([['0'], ['201'], ['-1'], ['ten']])('refuses page_size=%s with 400', async (size) => {
    const answer = await list(`?page_size=${size}`);
    expect(answer.status).toBe(400);
    expect(answer.errors).toEqual([expect.stringContaining('page_size')]);
  });

  it('takes page_size 1 and 200, the limits of its range', async () => {
    expect((await list('?page_size=1')).body.data).toHaveLength(1);
    expect((await list('?page_size=200')).body.data).toHaveLength(200);
  });

  it('puts the refs of every event and promocode on the page into refs', async () => {
    const { body } = await list('?page_size=200');
    for (const order of body.data) {
      expect(body.refs.events?.[order.event]).toBeDefined();
      for (const ticket of order.tickets) expect(body.refs.sets?.[ticket.set]).toBeDefined();
      for (const id of order.promocodes) expect(body.refs.promocodes?.[id]).toBeDefined();
    }
  });
});

describe('filters', () => {
  it('filters by status given as a comma list or as repeated parameters, alike', async () => {
    const expected = ids(all.filter((order) => order.status === 'done' || order.status === 'cancelled'));
    expect(ids(await everyPage('status=done,cancelled', 100))).toEqual(expected);
    expect(ids(await everyPage('status=done&status=cancelled', 100))).toEqual(expected);
    expect((await list('?status=done,cancelled')).body.pagination.total).toBe(expected.length);
  });

  it('filters by events', async () => {
    const [first, second] = sandboxCatalog(SEED).events;
    const wanted = new Set([first?.ref.id, second?.ref.id]);
    const expected = ids(all.filter((order) => wanted.has(order.event)));
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(await everyPage(`events=${first?.ref.id},${second?.ref.id}`, 200))).toEqual(expected);
  });

  it('filters on created_at between two ISO 8601 times, both ends included', async () => {
    const from = all[100] as Order;
    const to = all[180] as Order;
    const iso = (serverDate: string): string => serverDate.replace(' ', 'T');
    const expected = ids(all.filter((order) => order.created_at >= from.created_at && order.created_at <= to.created_at));
    expect(expected).toContain(from.id);
    expect(expected).toContain(to.id);
    expect(ids(await everyPage(`created_at=${iso(from.created_at)},${iso(to.created_at)}`, 200))).toEqual(expected);
    // The same instants with an explicit zone.
    expect(ids(await everyPage(`created_at=${iso(from.created_at)}Z,${iso(to.created_at)}%2B00:00`, 200))).toEqual(expected);
    // An open end.
    const since = ids(all.filter((order) => order.created_at >= from.created_at));
    expect(ids(await everyPage(`created_at=${iso(from.created_at)},`, 200))).toEqual(since);
  });

  it('keeps only orders with a customer when only_with_customer is true', async () => {
    const expected = ids(all.filter((order) => Boolean(order.settings.customer?.name || order.settings.customer?.email || order.settings.customer?.phone)));
    expect(expected.length).toBeLessThan(COUNT);
    expect(ids(await everyPage('only_with_customer=true', 200))).toEqual(expected);
    expect((await list('?only_with_customer=false')).body.pagination.total).toBe(COUNT);
  });

  it('combines filters and follows status changes made since start', async () => {
    const executed = all.find((order) => order.status === 'executed') as Order;
    sandbox.setOrderStatus(executed.id, 'expired');
    const expired = ids(await everyPage(`status=expired&events=${executed.event}`, 200));
    expect(expired).toContain(executed.id);
    expect(ids(await everyPage(`status=executed&events=${executed.event}`, 200))).not.toContain(executed.id);
  });

  it.each([
    ['created_at=yesterday,today', 'created_at'],
    ['created_at=2026-11-01T00:00:00', 'created_at'],
    ['created_at=2026-02-31,', 'created_at'],
    ['status=paid', 'status'],
    ['events=not-an-id', 'events'],
    ['only_with_customer=maybe', 'only_with_customer'],
    ['page=0', 'page'],
  ])('refuses %s with 400 naming the parameter', async (query, parameter) => {
    const answer = await list(`?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.errors.length).toBeGreaterThan(0);
    for (const error of answer.errors) expect(error).toContain(parameter);
  });
});
