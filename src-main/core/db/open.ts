// The only place that opens SQLite: pragmas, then the drizzle-kit migrations in drizzle/, then the
// typed handle everything else uses. Tests, the bench, headless mode and Electron all come through here.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { acquireInstanceLock, type InstanceLock } from './instance-lock.ts';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema>;
export type Sqlite = Database.Database;

export interface OpenedDatabase {
  db: Db;
  /** The raw handle, for prepared statements on hot paths (search, bulk merge) and FTS5. */
  sqlite: Sqlite;
  close(): void;
}

export interface OpenOptions {
  /** Where drizzle-kit's migrations are; found next to the sources or the bundle when omitted. */
  migrationsFolder?: string;
  /**
   * Hold the database for this process alone (see instance-lock.ts), naming the process ("headless",
   * "desktop") for the message a second one gets. The box office service always asks for it: it runs the
   * sync engine, and two engines on one outbox send the same edits twice. Left out by openers that run no
   * engine, or that open one file twice in one process on purpose: tests' observer connections, the bench's
   * readers.
   */
  exclusiveFor?: string;
}

const builders = new WeakMap<Sqlite, Db>();

/**
 * The typed drizzle handle over an opened connection, one per connection: modules that are handed the
 * raw handle (hot paths pass `sqlite` around) prepare their drizzle statements on it. Opens nothing.
 */
export function queryBuilderFor(sqlite: Sqlite): Db {
  let db = builders.get(sqlite);
  if (db === undefined) {
    db = drizzle(sqlite, { schema });
    builders.set(sqlite, db);
  }
  return db;
}

/**
 * Durability: WAL with `synchronous=FULL`. The outbox holds edits a clerk was told are saved; with
 * NORMAL a power cut may drop the last commits (the WAL is not fsynced per commit), which would break
 * "nothing a clerk saved is ever lost". FULL costs one fsync per commit; bulk work (import, merge of a
 * page) is batched into one transaction, so it pays that once per page, not per order.
 */
export function openDatabase(file: string, options: OpenOptions = {}): OpenedDatabase {
  // Before the file is opened: a refused second process must not even run the migrations under the first.
  const lock: InstanceLock | null = options.exclusiveFor === undefined ? null : acquireInstanceLock(file, options.exclusiveFor);
  let sqlite: Sqlite;
  try {
    sqlite = new Database(file);
  } catch (error) {
    lock?.release();
    throw error;
  }
  const close = (): void => {
    sqlite.close();
    lock?.release();
  };
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('temp_store = MEMORY');
    sqlite.pragma('cache_size = -65536'); // 64 MiB page cache: search over 100k+ orders stays in memory
    const db = queryBuilderFor(sqlite);
    migrate(db, { migrationsFolder: options.migrationsFolder ?? findMigrationsFolder() });
    return { db, sqlite, close };
  } catch (error) {
    close();
    throw error;
  }
}

/** drizzle/ sits at the project root; walk up from this module (sources under src-main, bundle under out/). */
export function findMigrationsFolder(from: string = import.meta.dirname): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'drizzle');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`drizzle/ migrations not found above ${from}`);
  }
}
