// The sync engine on its real parts, for integration tests: a sandbox on 127.0.0.1, a real SQLite file in
// a temp folder, the real Ticketscloud client, the outbox. Everything a test starts is stopped when the
// test ends (onTestFinished), so a test only says what it does.
import { join } from 'node:path';
import { expect, onTestFinished } from 'vitest';
import type { EditDto } from '../../src-main/core/contract.ts';
import { getCachedOrder } from '../../src-main/core/cache/read.ts';
import { openDatabase, type OpenedDatabase } from '../../src-main/core/db/open.ts';
import { fetchOrderIntoCache } from '../../src-main/core/import/import.ts';
import { createOutbox, type Outbox } from '../../src-main/core/outbox/outbox.ts';
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from '../../src-main/core/sync/engine.ts';
import { DEFAULT_POLICY, type SyncPolicy } from '../../src-main/core/sync/policy.ts';
import { createTicketscloudClient, type TicketscloudClient } from '../../src-main/core/ticketscloud/client.ts';
import type { Order } from '../../src-main/core/ticketscloud/types.ts';
import { tempFolder } from './temp-folder.ts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src-main/sandbox/server.ts';

/** Milliseconds where the app uses seconds, so a suite runs fast; the shape of the policy is the app's. */
export const FAST_POLICY: SyncPolicy = { ...DEFAULT_POLICY, retryBaseMs: 20, retryCapMs: 200, probeBaseMs: 20, probeCapMs: 200 };


export async function sandboxForTest(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await startSandbox({ seed: 7, orders: 60, ...options });
  onTestFinished(() => sandbox.stop());
  return sandbox;
}

export interface EngineHarness {
  database: OpenedDatabase;
  client: TicketscloudClient;
  outbox: Outbox;
  engine: SyncEngine;
  internalErrors: unknown[];
  /** Saves an edit as the clerk does (validated, durable) and wakes the engine. */
  save(orderId: string, edit: unknown, operator?: string): EditDto;
  /** The edit as the outbox holds it now. */
  edit(id: number): EditDto;
  /** Waits until the edit reached `state` (45 s at most: that only bounds a failing test). */
  settled(id: number, state?: EditDto['state']): Promise<EditDto>;
  /** GET one order into the cache, as opening it does: what the clerk then sees. */
  cacheOrder(orderId: string): Promise<void>;
  cached(orderId: string): Order | null;
}

export interface EngineHarnessOptions extends Pick<SyncEngineOptions, 'now' | 'steadyNow' | 'concurrency'> {
  /** Where the client sends requests; the sandbox's own URL by default (a network switch's to cut it). */
  baseUrl?: string;
  policy?: Partial<SyncPolicy>;
  dbFile?: string;
  /** false: the test starts the engine itself. */
  start?: boolean;
}

export function engineHarness(sandbox: Sandbox, options: EngineHarnessOptions = {}): EngineHarness {
  const client = createTicketscloudClient({
    baseUrl: options.baseUrl ?? sandbox.url,
    apiKey: sandbox.apiKey,
    timeoutMs: 5_000,
    probeTimeoutMs: 1_000,
  });
  const database = openDatabase(options.dbFile ?? join(tempFolder('tcbo-engine-'), 'box-office.sqlite'));
  const internalErrors: unknown[] = [];
  const engine = createSyncEngine({
    sqlite: database.sqlite,
    db: database.db,
    client,
    concurrency: options.concurrency ?? 4,
    policy: { ...FAST_POLICY, ...options.policy },
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.steadyNow === undefined ? {} : { steadyNow: options.steadyNow }),
    onInternalError: (error) => internalErrors.push(error),
  });
  const outbox = createOutbox(database.sqlite, database.db, options.now === undefined ? {} : { now: options.now });
  onTestFinished(async () => {
    await engine.stop();
    client.close();
    database.close();
  });
  if (options.start !== false) engine.start();

  const edit = (id: number): EditDto => {
    const found = outbox.list({ limit: 10_000 }).find((e) => e.id === id);
    if (!found) throw new Error(`edit ${id} not found`);
    return found;
  };

  return {
    database,
    client,
    outbox,
    engine,
    internalErrors,
    save(orderId, input, operator = 'anna') {
      const saved = outbox.saveEdit(orderId, input, operator);
      if (!saved.ok) throw new Error(`edit refused: ${JSON.stringify(saved.errors)}`);
      engine.kick(saved.value.order_id);
      return saved.value;
    },
    edit,
    async settled(id, state = 'synced') {
      await expect.poll(() => edit(id).state, { timeout: 45_000, interval: 10 }).toBe(state);
      return edit(id);
    },
    async cacheOrder(orderId) {
      const outcome = await fetchOrderIntoCache({ sqlite: database.sqlite, client, orderId });
      if (outcome.kind !== 'ok') throw new Error(`could not cache ${orderId}: ${JSON.stringify(outcome)}`);
    },
    cached: (orderId) => getCachedOrder(database.sqlite, orderId)?.order ?? null,
  };
}

/** The order as the sandbox holds it now. */
export function serverOrder(sandbox: Sandbox, id: string): Order {
  const order = sandbox.getOrderState(id);
  if (!order) throw new Error(`the sandbox has no order ${id}`);
  return order;
}

/** Ids of sandbox orders that a clerk could edit (reserved, with tickets), for tests that need several. */
export function editableOrders(sandbox: Sandbox, count: number): string[] {
  const ids = sandbox.orderIds().filter((id) => {
    const order = serverOrder(sandbox, id);
    return order.status === 'executed' && order.tickets.length > 0;
  });
  if (ids.length < count) throw new Error(`the sandbox has only ${ids.length} editable orders, ${count} wanted`);
  return ids.slice(0, count);
}
