// The only place that opens SQLite: pragmas, then the drizzle-kit migrations in drizzle/, then the
// typed handle everything else uses. Tests, the bench, headless mode and Electron all come through here.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema>;
export type Sqlite = Database.Database;

export interface OpenedDatabase {
  db: Db;
  /** The raw handle, for prepared statements on hot paths (search, bulk merge) and FTS5. */
  sqlite: Sqlite;
  close(): void;
  /** Stops the checkpoint worker (if any) first, then closes: what a long-running process should call. */
  closeAfterCheckpoints(): Promise<void>;
}

export interface OpenOptions {
  /** Where drizzle-kit's migrations are; found next to the sources or the bundle when omitted. */
  migrationsFolder?: string;
  /**
   * WAL checkpoints run on a second connection in a worker thread instead of inside the commits of this
   * one (the app: service.ts, and the bench). Off by default: a test opening hundreds of databases needs
   * no thread per database.
   */
  checkpointInWorker?: boolean;
}

/** How often the worker copies the WAL back into the database file (PASSIVE: never waits for a writer). */
const CHECKPOINT_EVERY_MS = 250;

// The checkpoint worker's whole program (eval'd, so neither tsx nor the bundler has a second entry to
// find). It opens the same file with its own better-sqlite3 connection — the same pragmas that matter
// for a checkpoint — and runs PASSIVE checkpoints: they copy committed pages while readers and the
// writer go on, so the main connection's COMMITs no longer pay for them.
const CHECKPOINT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
db.pragma('journal_mode = WAL');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage(String(error)); }
}, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); process.exit(0); });
`;

/**
 * Moves WAL checkpoints off `sqlite`: its auto-checkpoint is turned off and a worker thread checkpoints
 * on its own connection. If the worker cannot run (or dies), auto-checkpoint comes back, so the WAL never
 * grows without bound. Returns a stop function (the last checkpoint happens when the main connection closes).
 */
function checkpointInWorker(sqlite: Sqlite, file: string): () => Promise<void> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(CHECKPOINT_WORKER, { eval: true, workerData: { file: resolve(file), driver, everyMs: CHECKPOINT_EVERY_MS } });
  worker.unref();
  sqlite.pragma('wal_autocheckpoint = 0');
  let running = true;
  const fallBack = (): void => {
    if (!running) return;
    running = false;
    if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
  };
  worker.on('message', (problem: string) => console.warn(`checkpoint worker: ${problem}`));
  worker.once('error', (error) => {
    console.warn(`checkpoint worker stopped, the main connection checkpoints again: ${String(error)}`);
    fallBack();
  });
  worker.once('exit', fallBack);
  return async () => {
    running = false;
    const exited = new Promise((done) => worker.once('exit', done));
    worker.postMessage('stop');
    await exited;
  };
}

/**
 * Durability: WAL with `synchronous=FULL`. The outbox holds edits a clerk was told are saved; with
 * NORMAL a power cut may drop the last commits (the WAL is not fsynced per commit), which would break
 * "nothing a clerk saved is ever lost". FULL costs one fsync per commit; bulk work (import, merge of a
 * page) is batched into one transaction, so it pays that once per page, not per order.
 */
export function openDatabase(file: string, options: OpenOptions = {}): OpenedDatabase {
  const sqlite = new Database(file);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('temp_store = MEMORY');
    sqlite.pragma('cache_size = -65536'); // 64 MiB page cache: search over 100k+ orders stays in memory
    const db = drizzle(sqlite, { schema });
    migrate(db, { migrationsFolder: options.migrationsFolder ?? findMigrationsFolder() });
    const stopCheckpoints = options.checkpointInWorker === true ? checkpointInWorker(sqlite, file) : null;
    return {
      db,
      sqlite,
      close: () => sqlite.close(),
      closeAfterCheckpoints: async () => {
        await stopCheckpoints?.();
        sqlite.close();
      },
    };
  } catch (error) {
    sqlite.close();
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
