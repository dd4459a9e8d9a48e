import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCachedOrder } from '../../src-main/core/cache/read.ts';
import { openDatabase, type OpenedDatabase } from '../../src-main/core/db/open.ts';
import { importFilterKey } from '../../src-main/core/import/filter-key.ts';
import { importOrders, fetchOrderIntoCache, type ImportProgress } from '../../src-main/core/import/import.ts';
import { searchOrders } from '../../src-main/core/search/search.ts';
import { createTicketscloudClient, type TicketscloudClient } from '../../src-main/core/ticketscloud/client.ts';
import type { OrderListQuery } from '../../src-main/core/ticketscloud/types.ts';
import { startSandbox, type Sandbox } from '../../src-main/sandbox/server.ts';

const ORDERS = 1_000;

let dir: string;
let cache: OpenedDatabase;
let sandbox: Sandbox;
let client: TicketscloudClient;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tcbo-import-'));
  cache = openDatabase(join(dir, 'box-office.sqlite'));
  sandbox = await startSandbox({ port: 0, orders: ORDERS, seed: 7 });
  client = createTicketscloudClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKey });
});
afterEach(async () => {
  client.close();
  await sandbox.stop();
  cache.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The real client over real HTTP, noting which pages were asked for. */
function recordingPages(): { client: Pick<TicketscloudClient, 'listOrders'>; pages: number[] } {
  const pages: number[] = [];
  return {
    pages,
    client: {
      listOrders(query: OrderListQuery) {
        pages.push(query.page);
        return client.listOrders(query);
      },
    },
  };
}
function cachedCount(): number {
  return cache.sqlite.prepare('SELECT count(*) FROM orders').pluck().get() as number;
}
function importRow(): { next_page: number; imported: number; finished_at: number | null } | undefined {
  return cache.sqlite.prepare('SELECT next_page, imported, finished_at FROM imports').get() as never;
}

describe('importOrders from the sandbox over HTTP', () => {
  it('imports 1 000 orders over several pages, stopping at the first short page, and makes them searchable', async () => {
    const recorder = recordingPages();
    const progress: ImportProgress[] = [];
    const result = await importOrders({ sqlite: cache.sqlite, client: recorder.client, filter: {}, pageSize: 150, onProgress: (p) => progress.push(p) });

    expect(result).toEqual({ ok: true, value: { imported: ORDERS, pages: 7, skipped: 0, skipped_orders: [] } });
    expect(recorder.pages).toEqual([1, 2, 3, 4, 5, 6, 7]); // 6 full pages of 150, then 100: short, so the last
    expect(progress.map((p) => p.imported)).toEqual([150, 300, 450, 600, 750, 900, 1000]);
    expect(progress.map((p) => p.done)).toEqual([false, false, false, false, false, false, true]);
    expect(cachedCount()).toBe(ORDERS);

    const someId = sandbox.orderIds()[ORDERS - 1] ?? '';
    const server = sandbox.getOrderState(someId);
    expect(getCachedOrder(cache.sqlite, someId)?.order).toEqual(server);
    expect(searchOrders(cache.sqlite, { q: String(server?.number) }).results[0]?.id).toBe(someId);
  });

  it('holds checkpoints and index merges off its commits while it runs, and keeps the WAL from growing page after page', async () => {
    // Enough orders for several of the import's checkpoints (one every 1 000 orders).
    const bigger = await startSandbox({ port: 0, orders: 6_000, seed: 7 });
    const biggerClient = createTicketscloudClient({ baseUrl: bigger.url, apiKey: bigger.apiKey });
    try {
      const autoCheckpoint = (): number => Number(cache.sqlite.pragma('wal_autocheckpoint', { simple: true }));
      const automerge = (): unknown => cache.sqlite.prepare("SELECT v FROM search_fts_config WHERE k = 'automerge'").pluck().get();
      const during: number[] = [];
      const automergeDuring: unknown[] = [];
      const walSizes: number[] = [];
      const result = await importOrders({
        sqlite: cache.sqlite,
        client: biggerClient,
        filter: {},
        pageSize: 200,
        onProgress: () => {
          during.push(autoCheckpoint());
          automergeDuring.push(automerge());
          walSizes.push(statSync(`${cache.sqlite.name}-wal`).size);
        },
      });
      expect(result).toMatchObject({ ok: true, value: { imported: 6_000, pages: 31 } });
      expect(new Set(during)).toEqual(new Set([0])); // no checkpoint inside a page's commit
      expect(autoCheckpoint()).toBe(1000); // and back in the commits once it is over
      // The index's merges too: paused while it ran (the import merged between pages), resumed after.
      expect(new Set(automergeDuring)).toEqual(new Set([0]));
      expect(automerge()).toBe(4);
      // Waited for before the next write, each checkpoint lets the WAL start over: it never holds much more
      // than the five pages between two of them, where all 30 full pages would be six times that.
      expect(Math.max(...walSizes)).toBeLessThan(2 * walSizes[4]!);
    } finally {
      biggerClient.close();
      await bigger.stop();
    }
  });

  it('stops on an empty page when the last page was exactly full', async () => {
    const recorder = recordingPages();
    const result = await importOrders({ sqlite: cache.sqlite, client: recorder.client, filter: {}, pageSize: 200 });
    expect(result).toEqual({ ok: true, value: { imported: ORDERS, pages: 6, skipped: 0, skipped_orders: [] } });
    expect(recorder.pages).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('pages on when the server serves smaller pages than asked for (and says so in pagination.page_size)', async () => {
    const cappedAt100: Pick<TicketscloudClient, 'listOrders'> = {
      listOrders: (query) => client.listOrders({ ...query, page_size: Math.min(query.page_size, 100) }),
    };
    const result = await importOrders({ sqlite: cache.sqlite, client: cappedAt100, filter: {}, pageSize: 200 });
    expect(result).toEqual({ ok: true, value: { imported: ORDERS, pages: 11, skipped: 0, skipped_orders: [] } });
    expect(cachedCount()).toBe(ORDERS);
  });

  it('resumes an interrupted import from the page that failed, with the earlier pages kept', async () => {
    const recorder = recordingPages();
    const failed = await importOrders({
      sqlite: cache.sqlite,
      client: recorder.client,
      filter: {},
      pageSize: 100,
      // The server starts failing right after page 2 was merged: page 3 gets a 5xx.
      onProgress: (p) => {
        if (p.pages === 2) sandbox.setFaults({ rate5xx: 1 });
      },
    });
    expect(failed.ok).toBe(false);
    if (failed.ok) return;
    expect(failed.status).toBe(503);
    expect(failed.errors[0]?.code).toBe('ticketscloud_unavailable');
    expect(failed.errors[0]?.message.en).toContain('continues from page 3');
    expect(cachedCount()).toBe(200);
    expect(importRow()).toEqual({ next_page: 3, imported: 200, finished_at: null });
    // An import that failed gives the index's merges back to the commits all the same.
    expect(cache.sqlite.prepare("SELECT v FROM search_fts_config WHERE k = 'automerge'").pluck().get()).toBe(4);

    sandbox.setFaults({ rate5xx: 0 });
    recorder.pages.length = 0;
    const resumed = await importOrders({ sqlite: cache.sqlite, client: recorder.client, filter: {}, pageSize: 100 });
    expect(resumed).toEqual({ ok: true, value: { imported: ORDERS, pages: 11, skipped: 0, skipped_orders: [] } });
    expect(recorder.pages).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(cachedCount()).toBe(ORDERS);
  });

  it('skips one order sent without vendor_data on page 2, says so, and merges every other order of every page', async () => {
    const page2 = await client.listOrders({ page: 2, page_size: 200 });
    if (page2.kind !== 'ok') throw new Error(`page 2: ${page2.kind}`);
    const brokenId = page2.value.data[50]!.id;
    sandbox.setFaults({ listOrdersWithoutVendorData: [brokenId] });

    const recorder = recordingPages();
    const progress: ImportProgress[] = [];
    const result = await importOrders({ sqlite: cache.sqlite, client: recorder.client, filter: {}, pageSize: 200, onProgress: (p) => progress.push(p) });

    expect(result).toEqual({
      ok: true,
      value: {
        imported: ORDERS - 1,
        pages: 6,
        skipped: 1,
        skipped_orders: [{ id: brokenId, page: 2, reason: '`data[50].vendor_data` is missing' }],
      },
    });
    // Page 2 and every page after it are read: the bad order no longer stops the import there.
    expect(recorder.pages).toEqual([1, 2, 3, 4, 5, 6]);
    expect(progress.map((p) => [p.pages, p.imported, p.skipped, p.done])).toEqual([
      [1, 200, 0, false],
      [2, 399, 1, false],
      [3, 599, 1, false],
      [4, 799, 1, false],
      [5, 999, 1, false],
      [6, 999, 1, true],
    ]);
    expect(cachedCount()).toBe(ORDERS - 1);
    expect(getCachedOrder(cache.sqlite, brokenId)).toBeNull();
    const neighbour = page2.value.data[51]!;
    expect(getCachedOrder(cache.sqlite, neighbour.id)?.order).toEqual(sandbox.getOrderState(neighbour.id));
  });

  it('counts skipped orders across an interruption: the resumed import still reports the one skipped before', async () => {
    const page1 = await client.listOrders({ page: 1, page_size: 100 });
    if (page1.kind !== 'ok') throw new Error(`page 1: ${page1.kind}`);
    const brokenId = page1.value.data[7]!.id;
    sandbox.setFaults({ listOrdersWithoutVendorData: [brokenId] });
    const failed = await importOrders({
      sqlite: cache.sqlite,
      client,
      filter: {},
      pageSize: 100,
      onProgress: (p) => {
        if (p.pages === 2) sandbox.setFaults({ rate5xx: 1 });
      },
    });
    expect(failed.ok).toBe(false);
    sandbox.setFaults({ rate5xx: 0 });
    const resumed = await importOrders({ sqlite: cache.sqlite, client, filter: {}, pageSize: 100 });
    expect(resumed).toMatchObject({ ok: true, value: { imported: ORDERS - 1, skipped: 1, skipped_orders: [{ id: brokenId, page: 1 }] } });
  });

  it('starts a finished import again from page 1, which refreshes orders changed on the server', async () => {
    expect((await importOrders({ sqlite: cache.sqlite, client, filter: {} })).ok).toBe(true);
    const changedId = sandbox.orderIds()[5] ?? '';
    sandbox.setOrderStatus(changedId, 'cancelled');

    const recorder = recordingPages();
    expect(await importOrders({ sqlite: cache.sqlite, client: recorder.client, filter: {} })).toEqual({ ok: true, value: { imported: ORDERS, pages: 6, skipped: 0, skipped_orders: [] } });
    expect(recorder.pages[0]).toBe(1);
    expect(getCachedOrder(cache.sqlite, changedId)?.order.status).toBe('cancelled');
    expect(cachedCount()).toBe(ORDERS);
  });

  it('imports only what the filter asks for, and keeps one progress row for one filter however it is written', async () => {
    const result = await importOrders({ sqlite: cache.sqlite, client, filter: { status: ['done', 'cancelled'] } });
    expect(result.ok).toBe(true);
    const statuses = cache.sqlite.prepare('SELECT DISTINCT status FROM orders ORDER BY status').pluck().all();
    expect(statuses).toEqual(['cancelled', 'done']);

    await importOrders({ sqlite: cache.sqlite, client, filter: { status: ['cancelled', 'done', 'done'], events: [] } });
    expect(cache.sqlite.prepare('SELECT filter_key FROM imports').pluck().all()).toEqual([importFilterKey({ status: ['done', 'cancelled'] })]);
  });

  it('reports a refused API key as an error value, with the progress kept', async () => {
    sandbox.setApiKey('another-key');
    const result = await importOrders({ sqlite: cache.sqlite, client, filter: {} });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.status).toBe(502);
    expect(result.errors[0]?.code).toBe('ticketscloud_auth');
    expect(importRow()).toEqual({ next_page: 1, imported: 0, finished_at: null });
  });

  it('refuses a second import of the same filter while the first is running', async () => {
    const first = importOrders({ sqlite: cache.sqlite, client, filter: {}, pageSize: 50 });
    const second = await importOrders({ sqlite: cache.sqlite, client, filter: {}, pageSize: 50 });
    expect(second).toMatchObject({ ok: false, status: 409 });
    expect((await first).ok).toBe(true);
  });
});

describe('fetchOrderIntoCache: GET one order and merge it', () => {
  it('brings the server’s current copy into the cache and the search', async () => {
    const id = sandbox.orderIds()[3] ?? '';
    sandbox.setOrderStatus(id, 'cancelled');
    const outcome = await fetchOrderIntoCache({ sqlite: cache.sqlite, client, orderId: id });
    expect(outcome.kind).toBe('ok');
    expect(getCachedOrder(cache.sqlite, id)?.order).toEqual(sandbox.getOrderState(id));
    expect(searchOrders(cache.sqlite, { q: '', status: 'cancelled' }).results.map((r) => r.id)).toEqual([id]);
  });

  it('returns the client’s outcome and caches nothing when the order cannot be read', async () => {
    const outcome = await fetchOrderIntoCache({ sqlite: cache.sqlite, client, orderId: 'f'.repeat(24) });
    expect(outcome.kind).toBe('permanent');
    expect(cachedCount()).toBe(0);
  });
});

describe('importFilterKey', () => {
  it('is the same for the same filter written in another order, with repeats or empty parts', () => {
    const a = importFilterKey({ events: ['b', 'a'], status: ['done'], created_from: '2026-11-01T00:00:00' });
    const b = importFilterKey({ created_from: '2026-11-01T00:00:00 ', status: ['done', 'done'], events: ['a', 'b', 'a'], created_to: '' });
    expect(a).toBe(b);
    expect(importFilterKey({})).toBe('{}');
    expect(importFilterKey({ status: ['done'] })).not.toBe(importFilterKey({ status: ['cancelled'] }));
  });
});
