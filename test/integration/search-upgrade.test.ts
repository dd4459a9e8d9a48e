// An upgrade that changes indexing: a database made by an older version (only migration 0000, orders
// cached without a search index) opened by today's code finds its old orders again.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findMigrationsFolder, openDatabase } from '../../src-main/core/db/open.ts';
import { bringSearchIndexUpToDate, searchIndexIsCurrent, type ReindexProgress } from '../../src-main/core/search/index-upgrade.ts';
import { searchOrders } from '../../src-main/core/search/search.ts';
import { createBoxOffice } from '../../src-main/core/service.ts';
import { tempFolder } from '../support/temp-folder.ts';

const ORDER_ID = '5f0c1e2d3a4b5c6d7e8f9a0b';

const tempDir = (): string => tempFolder('tcbo-upgrade-');

/** A copy of drizzle/ holding only the first migration: what the first release shipped. */
function firstMigrationOnly(dir: string): string {
  const source = findMigrationsFolder();
  const folder = join(dir, 'drizzle-0000');
  mkdirSync(join(folder, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(join(source, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const first = journal.entries[0]!;
  expect(first.tag).toBe('0000_init');
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: [first] }));
  copyFileSync(join(source, `${first.tag}.sql`), join(folder, `${first.tag}.sql`));
  return folder;
}

function order(index: number, name: string): Record<string, unknown> {
  return {
    id: (0x5f0c1e2d3a4b5c6d7e8f9a0bn + BigInt(index)).toString(16).padStart(24, '0'),
    number: 700_000 + index,
    status: 'executed',
    event: '5f0c1e2d3a4b5c6d7e8f0000',
    created_at: '2026-11-01 10:00:00',
    settings: { customer: { name, email: `guest${index}@example.ru`, phone: '+79991234576' } },
    vendor_data: {},
    tickets: [],
    promocodes: [],
  };
}

/** A database at migration 0000 with orders cached the way that version did: rows in `orders`, no index. */
function oldDatabase(dir: string, orders: Record<string, unknown>[]): string {
  const file = join(dir, 'box-office.sqlite');
  const old = openDatabase(file, { migrationsFolder: firstMigrationOnly(dir) });
  const insert = old.sqlite.prepare(
    'INSERT INTO orders (id, number, status, event_id, created_at, expired_after, json, fetched_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?)',
  );
  old.sqlite.transaction(() => {
    for (const o of orders) insert.run(o.id, o.number, o.status, o.event, o.created_at, JSON.stringify(o), Date.now());
  })();
  expect(old.sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'search_fts'").pluck().get()).toBe(0);
  old.close();
  return file;
}

describe('opening a database made before the search index changed', () => {
  it('finds an order cached at migration 0000 by `лебе` and by its number once today’s code has opened it', async () => {
    const dir = tempDir();
    const cached = order(0, 'Анна Лебедева');
    expect(cached.id).toBe(ORDER_ID);
    const file = oldDatabase(dir, [cached, order(1, 'Пётр Смирнов')]);

    const boxOffice = createBoxOffice({ dbFile: file, apiUrl: 'http://127.0.0.1:9', apiKey: '' });
    try {
      await boxOffice.searchIndexReady;
      const byName = await boxOffice.api.search({ q: 'лебе' });
      expect(byName.results.map((r) => r.id)).toEqual([ORDER_ID]);
      const byNumber = await boxOffice.api.search({ q: String(cached.number) });
      expect(byNumber.results[0]?.id).toBe(ORDER_ID);
    } finally {
      await boxOffice.stop();
    }
  });

  it('re-indexes in chunks with progress, continues an interrupted rebuild, and does nothing once current', async () => {
    const dir = tempDir();
    const orders = Array.from({ length: 2_500 }, (_, i) => order(i, i === 2_222 ? 'Ольга Лебедь' : `Guest Number${i}`));
    const database = openDatabase(oldDatabase(dir, orders));
    try {
      expect(searchIndexIsCurrent(database.sqlite)).toBe(false);
      const progress: ReindexProgress[] = [];
      let chunks = 0;
      // Stopped after two chunks, as stop() at quitting would.
      const first = await bringSearchIndexUpToDate(database.sqlite, {
        chunkOrders: 1_000,
        onProgress: (p) => progress.push(p),
        shouldStop: () => chunks++ >= 2,
      });
      expect(first).toBe(2_000);
      expect(searchIndexIsCurrent(database.sqlite)).toBe(false);
      expect(searchOrders(database.sqlite, { q: 'лебе' }).results).toEqual([]);

      const second = await bringSearchIndexUpToDate(database.sqlite, { chunkOrders: 1_000, onProgress: (p) => progress.push(p) });
      expect(second).toBe(500);
      expect(progress).toEqual([
        { indexed: 1_000, total: 2_500, done: false },
        { indexed: 2_000, total: 2_500, done: false },
        { indexed: 2_500, total: 2_500, done: false },
        { indexed: 2_500, total: 2_500, done: true },
      ]);
      expect(searchIndexIsCurrent(database.sqlite)).toBe(true);
      expect(searchOrders(database.sqlite, { q: 'лебе' }).results.map((r) => r.number)).toEqual([702_222]);
      expect(searchOrders(database.sqlite, { q: '700017' }).results[0]?.number).toBe(700_017);

      expect(await bringSearchIndexUpToDate(database.sqlite)).toBe(0);
    } finally {
      database.close();
    }
  });
});
