import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/core/db/open.ts';
import { edits } from '../../src-main/core/db/schema.ts';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tcbo-db-'));
  dirs.push(dir);
  return join(dir, 'box-office.sqlite');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('creates every table from the migrations and uses WAL with full fsync on commit', () => {
    const { sqlite, close } = openDatabase(tempFile());
    const tables = sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];
    expect(tables).toEqual(expect.arrayContaining(['orders', 'refs', 'edits', 'edit_log', 'imports', 'settings']));
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    close();
  });

  it('gives orders only the secondary index a query reads: the search filter by event and status uses it', () => {
    const { sqlite, close } = openDatabase(tempFile());
    // Every index more is paid on each import insert; number and created_at are read by no query (0007).
    const declared = sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'orders' AND sql IS NOT NULL")
      .pluck()
      .all();
    expect(declared).toEqual(['orders_event_status']);
    const plan = sqlite
      .prepare('EXPLAIN QUERY PLAN SELECT rowid FROM orders WHERE event_id = ? AND status = ? ORDER BY rowid DESC LIMIT 50')
      .all('e', 'done') as { detail: string }[];
    expect(plan.map((step) => step.detail).join('; ')).toContain('USING COVERING INDEX orders_event_status');
    close();
  });

  it('keeps a saved edit across a close and reopen of the same file', () => {
    const file = tempFile();
    const first = openDatabase(file);
    first.db.insert(edits).values({ orderId: 'a'.repeat(24), body: '{}', operator: 'anna', createdAt: 1 }).run();
    first.close();
    const second = openDatabase(file);
    expect(second.db.select().from(edits).all()).toHaveLength(1);
    second.close();
  });
});
