// The copy sequence (cache/copy-sequence.ts) on a real SQLite file: its numbers keep growing across
// restarts and across blocks, a database from before the stored ceiling continues above its copies, and
// a block is never reserved inside a transaction that could roll it back.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { askCopySequence, COPY_SEQUENCE_BLOCK } from '../../src-main/core/cache/copy-sequence.ts';
import { mergeIntoCache } from '../../src-main/core/cache/merge.ts';
import { findMigrationsFolder, openDatabase, type OpenedDatabase } from '../../src-main/core/db/open.ts';
import { generateDataset } from '../../src-main/sandbox/generator.ts';
import { tempFolder } from '../support/temp-folder.ts';

const tempDir = (): string => tempFolder('copy-seq-');

function withDatabase<T>(file: string, use: (opened: OpenedDatabase) => T, migrationsFolder?: string): T {
  const opened = openDatabase(file, { migrationsFolder });
  try {
    return use(opened);
  } finally {
    opened.close();
  }
}

function storedCeiling(opened: OpenedDatabase): string | undefined {
  return opened.sqlite.prepare<[], string>("SELECT value FROM settings WHERE key = 'copy_seq_ceiling'").pluck().get();
}

const dataset = generateDataset({ seed: 11, count: 3 });

describe('copy sequence', () => {
  it('keeps growing across restarts, within a block and past its end', () => {
    const file = join(tempDir(), 'box-office.sqlite');
    const first = withDatabase(file, (opened) => [askCopySequence(opened.sqlite), askCopySequence(opened.sqlite)]);
    expect(first[1]).toBeGreaterThan(first[0] ?? Infinity);
    const afterRestart = withDatabase(file, (opened) => askCopySequence(opened.sqlite));
    expect(afterRestart).toBeGreaterThan(first[1] ?? Infinity);

    const crossing = withDatabase(file, (opened) => {
      let last = 0;
      for (let n = 0; n <= COPY_SEQUENCE_BLOCK; n++) {
        const next = askCopySequence(opened.sqlite);
        expect(next).toBe(last === 0 ? next : last + 1);
        last = next;
      }
      return last;
    });
    expect(crossing).toBeGreaterThan(afterRestart + COPY_SEQUENCE_BLOCK - 1);
    expect(withDatabase(file, (opened) => askCopySequence(opened.sqlite))).toBeGreaterThan(crossing);
  });

  it('continues above the copies of a database made before the ceiling was stored (drizzle/0005)', () => {
    const dir = tempDir();
    const file = join(dir, 'box-office.sqlite');
    // The migrations as they were before 0005: the same folder with 0005 and later left out of the journal.
    const before = join(dir, 'drizzle-0004');
    cpSync(findMigrationsFolder(), before, { recursive: true });
    const journalFile = join(before, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
    journal.entries = journal.entries.filter((entry) => entry.tag < '0005');
    writeFileSync(journalFile, JSON.stringify(journal));

    withDatabase(
      file,
      (opened) => {
        expect(storedCeiling(opened)).toBeUndefined();
        // Rows as that version's merge wrote them (today's merge writes columns added later).
        opened.sqlite
          .prepare(
            `INSERT INTO orders (id, number, status, event_id, created_at, json, fetched_at, copy_seq)
             VALUES ('5f2a0c9e1b2c3d4e5f607182', 1, 'executed', 'e', '2026-12-01 10:00:00', '{}', 0, 70000)`,
          )
          .run();
        opened.sqlite.prepare(`INSERT INTO refs (kind, id, json, fetched_at, copy_seq) VALUES ('events', 'e', '{}', 0, 69000)`).run();
      },
      before,
    );
    withDatabase(file, (opened) => {
      expect(storedCeiling(opened)).toBe('70000');
      expect(askCopySequence(opened.sqlite)).toBe(70_001);
    });
  });

  it('falls back to the stored copies when the ceiling row is gone', () => {
    const file = join(tempDir(), 'box-office.sqlite');
    withDatabase(file, (opened) => {
      mergeIntoCache(opened.sqlite, [...dataset.orders()], dataset.refs, 123_456);
      opened.sqlite.prepare("DELETE FROM settings WHERE key = 'copy_seq_ceiling'").run();
    });
    expect(withDatabase(file, (opened) => askCopySequence(opened.sqlite))).toBe(123_457);
  });

  it('refuses to reserve a block inside a transaction, handing out nothing', () => {
    const file = join(tempDir(), 'box-office.sqlite');
    withDatabase(file, (opened) => {
      const inside = opened.sqlite.transaction(() => askCopySequence(opened.sqlite));
      expect(() => inside()).toThrow(/inside a transaction/);
      expect(storedCeiling(opened)).toBe('0');
      expect(askCopySequence(opened.sqlite)).toBe(1);
      expect(storedCeiling(opened)).toBe(String(COPY_SEQUENCE_BLOCK));
    });
  });
});
