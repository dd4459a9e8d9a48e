// A fresh SQLite file in a temp folder for each test of a file, closed and removed after it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../src-main/core/db/open.ts';

export interface TempDatabase {
  /** The folder the file is in (for a second connection or a sibling file). */
  readonly dir: string;
  readonly cache: OpenedDatabase;
}

/** Call at the top of a file or describe block; read `.cache` inside the tests. */
export function useTempDatabase(prefix: string): TempDatabase {
  let current: { dir: string; cache: OpenedDatabase } | undefined;
  beforeEach(() => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    current = { dir, cache: openDatabase(join(dir, 'box-office.sqlite')) };
  });
  afterEach(() => {
    current?.cache.close();
    if (current) rmSync(current.dir, { recursive: true, force: true });
    current = undefined;
  });
  const opened = () => {
    if (!current) throw new Error('useTempDatabase: read it inside a test');
    return current;
  };
  return {
    get dir() {
      return opened().dir;
    },
    get cache() {
      return opened().cache;
    },
  };
}
