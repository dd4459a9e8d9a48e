// WAL checkpoints off the main connection: with checkpointInWorker the main connection never runs one
// inside a COMMIT (auto-checkpoint off) and a worker thread copies the WAL back into the database file.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../src-main/core/db/open.ts';

let dir: string | null = null;
let opened: OpenedDatabase | null = null;
afterEach(async () => {
  await opened?.closeAfterCheckpoints();
  opened = null;
  if (dir !== null) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('checkpoints in a worker', () => {
  it('turns auto-checkpoint off on the main connection and still gets the WAL into the database file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tcbo-checkpoint-'));
    const file = join(dir, 'box-office.sqlite');
    opened = openDatabase(file, { checkpointInWorker: true });
    const { sqlite } = opened;
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);

    const sizeBefore = statSync(file).size;
    const upsert = sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    sqlite.transaction(() => {
      for (let n = 0; n < 5_000; n++) upsert.run(`bench.key.${n}`, 'x'.repeat(200));
    })();
    // Nothing on this connection copies the WAL back; only the worker can make the file grow.
    await expect.poll(() => statSync(file).size, { timeout: 20_000 }).toBeGreaterThan(sizeBefore + 500_000);
    expect(sqlite.prepare('SELECT count(*) FROM settings WHERE key LIKE ?').pluck().get('bench.key.%')).toBe(5_000);
  });

  it('leaves auto-checkpoint on when not asked (tests open many databases, no thread each)', () => {
    dir = mkdtempSync(join(tmpdir(), 'tcbo-checkpoint-'));
    opened = openDatabase(join(dir, 'box-office.sqlite'));
    expect(opened.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });
});
