// The only place that opens SQLite: pragmas, then the drizzle-kit migrations in drizzle/, then the
// typed handle everything else uses. Tests, the bench, headless mode and Electron all come through here.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
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
    stopOffLoopCheckpoints(sqlite);
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
    if (file !== ':memory:') offLoop.set(sqlite, {
        file: resolve(file),
        holders: 0,
        worker: null,
        broken: false,
        waiting: new Map(),
        lastAsked: 0,
        workerClosed: new Int32Array(new SharedArrayBuffer(4)),
        workerExited: false,
      });
    return { db, sqlite, close };
  } catch (error) {
    close();
    throw error;
  }
}

// ---- WAL checkpoints off the loop during bulk work --------------------------------------------------
//
// A WAL auto-checkpoint runs inside whichever COMMIT crosses 1 000 WAL pages: it copies them into the
// database file and fsyncs it, 20–30 ms (more on a slow disk) on the loop that serves the clerk. During
// bulk work — the sync engine while it sends, an import — that happens every few hundred ms. So while bulk
// work runs, this connection stops checkpointing and a worker thread does it on its own connection
// (PASSIVE: it never waits for, nor blocks, a writer). Only then: measured, the worker's fsyncs make a
// clerk's save slower (its own fsync waits behind them: p99 0.85 → 2.3 ms), which is the better trade
// while bulk work runs anyway and not while the counter is merely serving customers. A writer that
// commits every few ms (an import) keeps the timer's PASSIVE checkpoints from ever catching up, and the
// WAL then never rewinds (398 MB for 50 000 orders, README): it waits for checkpointNow now and then.

/** Auto-checkpoint threshold (pages) when no bulk work runs: SQLite's default. */
const AUTO_CHECKPOINT_PAGES = 1000;
/** How often the worker copies the WAL back while bulk work runs. */
const CHECKPOINT_EVERY_MS = 250;

// The worker's whole program, eval'd (no second bundle entry for tsx or electron-vite to find). Messages:
// 'run' starts the timer, 'pause' stops it (what is left is checkpointed by the main connection's next
// commit that crosses the threshold: a lane of one PATCH must not cost a checkpoint), 'stop' closes its
// connection and says so through the shared `closed` flag, a number asks for one checkpoint now and is
// answered with that number when it is done.
const CHECKPOINT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const closed = new Int32Array(workerData.closed);
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
let timer = null;
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage(String(error)); }
};
parentPort.on('message', (message) => {
  if (typeof message === 'number') { checkpoint(); parentPort.postMessage(message); return; }
  if (message === 'run' && timer === null) timer = setInterval(checkpoint, workerData.everyMs);
  if ((message === 'pause' || message === 'stop') && timer !== null) { clearInterval(timer); timer = null; }
  if (message === 'stop') {
    db.close();
    Atomics.store(closed, 0, 1);
    Atomics.notify(closed, 0);
    parentPort.close();
  }
});
`;

/** How long closing the database waits for the worker to close its connection first. */
const WORKER_CLOSE_WAIT_MS = 1_000;

interface OffLoopCheckpoints {
  file: string;
  /** Bulk jobs running (the engine while it sends): checkpoints are off the loop while this is above 0. */
  holders: number;
  /** Started at the first bulk job, kept for the next ones, stopped when the connection closes. */
  worker: Worker | null;
  /** The worker could not run: checkpoints stay inside commits, as without bulk work. */
  broken: boolean;
  /** checkpointNow's callers waiting for the worker's answer, by the number they sent. */
  waiting: Map<number, () => void>;
  lastAsked: number;
  /** Set to 1 by the worker once its connection is closed (shared memory: readable while the loop waits). */
  workerClosed: Int32Array;
  /** The worker thread has ended (its 'exit' came): nothing to wait for. */
  workerExited: boolean;
}

const offLoop = new WeakMap<Sqlite, OffLoopCheckpoints>();

/**
 * Bulk work (the engine's drain, an import) calls this when it starts and the returned function when it
 * ends: meanwhile WAL checkpoints run on a worker thread instead of inside this connection's commits.
 * Counted, so overlapping jobs are fine; a no-op for a connection not opened by openDatabase, or in memory.
 */
export function holdCheckpointsOffLoop(sqlite: Sqlite): () => void {
  const state = offLoop.get(sqlite);
  if (state === undefined || state.broken || !sqlite.open) return () => {};
  const worker = state.worker ?? startCheckpointWorker(sqlite, state);
  if (state.holders++ === 0) {
    sqlite.pragma('wal_autocheckpoint = 0');
    worker.postMessage('run');
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--state.holders > 0 || state.broken || !sqlite.open) return;
    worker.postMessage('pause');
    sqlite.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  };
}

/**
 * While checkpoints are held off the loop, copies the WAL back now on the worker and resolves when that is
 * done; otherwise resolves at once (this connection's commits checkpoint for themselves). For a writer that
 * commits page after page (the import): its PASSIVE checkpoints never catch up with it unless it waits for
 * one now and then while it writes nothing — then the checkpoint backfills the whole WAL, and the writer's
 * next commit starts the WAL from its beginning again instead of growing it.
 */
export function checkpointNow(sqlite: Sqlite): Promise<void> {
  const state = offLoop.get(sqlite);
  if (state === undefined || state.broken || state.holders === 0 || state.worker === null || !sqlite.open) return Promise.resolve();
  const asked = ++state.lastAsked;
  const worker = state.worker;
  // Someone waits for the worker now: it keeps the process alive until it answers (unref'd otherwise).
  if (state.waiting.size === 0) worker.ref();
  return new Promise((resolve) => {
    state.waiting.set(asked, resolve);
    worker.postMessage(asked);
  });
}

function startCheckpointWorker(sqlite: Sqlite, state: OffLoopCheckpoints): Worker {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(CHECKPOINT_WORKER, {
    eval: true,
    workerData: { file: state.file, driver, everyMs: CHECKPOINT_EVERY_MS, closed: state.workerClosed.buffer },
  });
  worker.on('message', (message: number | string) => {
    if (typeof message === 'string') return console.warn(`checkpoint worker: ${message}`);
    state.waiting.get(message)?.();
    state.waiting.delete(message);
    if (state.waiting.size === 0) worker.unref();
  });
  // A worker that dies gives checkpoints back to the commits, so the WAL never grows without bound; nobody
  // is left waiting for a checkpoint it will not make.
  const fallBack = (): void => {
    state.broken = true;
    for (const resolve of state.waiting.values()) resolve();
    state.waiting.clear();
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  };
  worker.once('error', (error) => {
    // After the main connection closed (the worker was still starting), nothing is lost and nothing to say.
    if (sqlite.open) console.warn(`checkpoint worker stopped; checkpoints are back in the commits: ${String(error)}`);
    fallBack();
  });
  worker.once('exit', () => {
    state.workerExited = true;
    fallBack();
  });
  worker.unref(); // never what keeps a process alive (after the listeners: adding one refs it again)
  state.worker = worker;
  return worker;
}

function stopOffLoopCheckpoints(sqlite: Sqlite): void {
  const state = offLoop.get(sqlite);
  if (state === undefined) return;
  state.broken = true;
  if (state.worker === null || state.workerExited) return;
  state.worker.postMessage('stop');
  // Waited for, blocking: the worker's connection must close before this one, so that this one is the last
  // and does the final checkpoint and removes the WAL itself. Closed after it, the worker's connection
  // did that — after the caller had gone on (a test removing the folder found files appear in it). At
  // most one checkpoint in progress long, once, when the database closes.
  Atomics.wait(state.workerClosed, 0, 0, WORKER_CLOSE_WAIT_MS);
}

/** drizzle/ sits at the project root; walk up from this module (sources under src-main, bundle under out/). */
export function findMigrationsFolder(from: string = import.meta.dirname): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'drizzle');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`drizzle/ migrations not found above ${from}`);
  }
}
