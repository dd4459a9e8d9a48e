// One engine per database: two box offices draining one outbox would both send the same edits (the
// sandbox counted 44–49 overlapping requests for 30 edits). A second process on a database that a live one
// holds refuses to start and names the file and the holder; a holder that crashed leaves no stale lock.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EditDto, StatusDto } from '../../src-main/core/contract.ts';
import { acquireInstanceLock, DatabaseInUseError, lockFileOf } from '../../src-main/core/db/instance-lock.ts';
import { findMigrationsFolder, openDatabase } from '../../src-main/core/db/open.ts';
import { createBoxOffice } from '../../src-main/core/service.ts';
import { startBackend } from '../../src-main/electron/backend.ts';
import { startSandbox, type Sandbox } from '../../src-main/sandbox/server.ts';
import { watchChild } from '../support/child-output.ts';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
const TOKEN = 'instance-lock-token-0123456789';
const START_DEADLINE_MS = 40_000;
const DRAIN_DEADLINE_MS = 60_000;
const EDITS = 30;

let folder: string;
let sandbox: Sandbox;
const children: ChildProcess[] = [];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'instance-lock-test-'));
  // Each request holds its order for 300 ms: a second engine on the same outbox would overlap the first.
  sandbox = await startSandbox({ orders: 200, seed: 10, processingMs: 300 });
});

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolveExit) => child.once('exit', resolveExit));
    }
  }
});

afterAll(async () => {
  await sandbox?.stop();
  rmSync(folder, { recursive: true, force: true });
});

function dbIn(name: string): string {
  return join(folder, name, 'box-office.sqlite');
}

describe('in one process', () => {
  it('refuses a second box office on the same database, naming the file and the holder, until the first stops', async () => {
    const dbFile = join(folder, 'in-process.sqlite');
    const first = createBoxOffice({ dbFile, apiUrl: sandbox.url, apiKey: sandbox.apiKey, processKind: 'headless' });
    let refusal: unknown;
    try {
      createBoxOffice({ dbFile, apiUrl: sandbox.url, apiKey: sandbox.apiKey, processKind: 'desktop' });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DatabaseInUseError);
    const inUse = refusal as DatabaseInUseError;
    expect(inUse.dbFile).toBe(dbFile);
    expect(inUse.holder).toMatchObject({ pid: process.pid, kind: 'headless' });
    expect(inUse.text.en).toContain(`The database ${dbFile} is in use by another box office (headless, pid ${process.pid}`);
    expect(inUse.text.ru).toContain(`База данных ${dbFile} занята другой кассой (headless, pid ${process.pid}`);
    expect(inUse.message).toBe(`${inUse.text.en}\n${inUse.text.ru}`);

    await first.stop();
    const next = createBoxOffice({ dbFile, apiUrl: sandbox.url, apiKey: sandbox.apiKey, processKind: 'desktop' });
    await next.stop();
  });

  it('names the desktop app when it is the holder (its backend, as Electron starts it)', async () => {
    const dbFile = join(folder, 'desktop.sqlite');
    const desktop = await startBackend({
      launch: { demo: false, apiUrl: sandbox.url },
      paths: { dbFile, migrationsFolder: findMigrationsFolder() },
      readApiKey: () => sandbox.apiKey,
    });
    try {
      expect(() => createBoxOffice({ dbFile, apiUrl: sandbox.url, apiKey: sandbox.apiKey, processKind: 'headless' })).toThrow(
        `is in use by another box office (desktop, pid ${process.pid}`,
      );
    } finally {
      await desktop.stop();
    }
  });

  it('still lets readers open the database while a box office holds it (a backup, a test observer)', async () => {
    const dbFile = join(folder, 'reader.sqlite');
    const holder = createBoxOffice({ dbFile, apiUrl: sandbox.url, apiKey: sandbox.apiKey });
    const reader = openDatabase(dbFile);
    expect(reader.sqlite.prepare('SELECT count(*) FROM edits').pluck().get()).toBe(0);
    reader.close();
    await holder.stop();
  });

  it('replaces a lock file that is not a database instead of refusing every start', () => {
    const dbFile = join(folder, 'damaged.sqlite');
    writeFileSync(lockFileOf(dbFile), 'this is not an SQLite database, it was overwritten by something else'.repeat(20));
    const lock = acquireInstanceLock(dbFile, 'headless');
    expect(() => acquireInstanceLock(dbFile, 'desktop')).toThrow(DatabaseInUseError);
    lock.release();
    acquireInstanceLock(dbFile, 'desktop').release();
  });
});

interface Run {
  child: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
}

function startHeadless(dbFile: string): Run {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src-main/headless/cli.ts',
      ...['--db', dbFile, '--api-url', sandbox.url, '--api-key', sandbox.apiKey, '--port', '0', '--token', TOKEN, '--concurrency', '2'],
    ],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TICKETSCLOUD_API_KEY: '' } },
  );
  children.push(child);
  return watchChild(child);
}

/** The bridge's URL once the process says it listens; throws if it exits first. */
async function listeningUrl(run: Run): Promise<string> {
  const deadline = Date.now() + START_DEADLINE_MS;
  let exitCode: number | null | undefined;
  void run.exited.then((code) => (exitCode = code));
  for (;;) {
    const match = /bridge listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(run.output());
    if (match?.[1]) return match[1];
    if (exitCode !== undefined) throw new Error(`exited with ${exitCode} before listening:\n${run.output()}`);
    if (Date.now() > deadline) throw new Error(`not listening in time:\n${run.output()}`);
    await new Promise((resolveTick) => setTimeout(resolveTick, 50));
  }
}

/** How the process ended: its exit code, or 'listening' when it started after all (the old behaviour). */
async function refusedOrStarted(run: Run): Promise<number | null | 'listening'> {
  return Promise.race([run.exited, listeningUrl(run).then(() => 'listening' as const)]);
}

async function api<T>(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

describe('two headless processes on one database', () => {
  it('refuses the second with a message naming the file and the first process; the first drains with 0 overlaps', async () => {
    const dbFile = dbIn('two');
    const first = startHeadless(dbFile);
    const url = await listeningUrl(first);
    sandbox.resetStats();

    const orderIds = sandbox
      .orderIds()
      .filter((id) => sandbox.getOrderState(id)?.status === 'executed')
      .slice(0, EDITS);
    expect(orderIds).toHaveLength(EDITS);
    for (const [n, orderId] of orderIds.entries()) {
      const saved = await api(url, 'POST', `/api/orders/${orderId}/edits`, { edit: { settings: { send_tickets: n % 2 === 0 } } });
      expect(saved.status).toBe(201);
    }

    // Started while the first still has edits queued: with two engines, both would send them.
    const second = startHeadless(dbFile);
    expect(await refusedOrStarted(second)).not.toBe('listening');
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toContain(`The database ${dbFile} is in use by another box office (headless, pid ${first.child.pid}`);
    expect(second.output()).toContain(`База данных ${dbFile} занята другой кассой`);
    expect(second.output()).not.toContain('bridge listening');

    const deadline = Date.now() + DRAIN_DEADLINE_MS;
    for (;;) {
      const synced = (await api<{ edits: EditDto[] }>(url, 'GET', '/api/edits?state=synced&limit=1000')).body.edits;
      if (synced.length === EDITS) break;
      if (Date.now() > deadline) throw new Error(`only ${synced.length} of ${EDITS} edits synced:\n${first.output()}`);
      await new Promise((resolveTick) => setTimeout(resolveTick, 50));
    }
    const stats = sandbox.stats();
    expect(stats.overlaps).toBe(0);
    for (const [n, orderId] of orderIds.entries()) expect(sandbox.getOrderState(orderId)?.settings.send_tickets).toBe(n % 2 === 0);
  });

  it('lets a new process start at once after the holder was killed with SIGKILL', async () => {
    const dbFile = dbIn('killed');
    const first = startHeadless(dbFile);
    await listeningUrl(first);
    first.child.kill('SIGKILL');
    await first.exited;

    const next = startHeadless(dbFile);
    const url = await listeningUrl(next);
    const status = await api<StatusDto>(url, 'GET', '/api/status');
    expect(status.body.online).toBe(true);
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
  });
});
