// Crash safety of the whole headless process: it is SIGKILLed while it drains the outbox (requests in
// flight, more queued), restarted on the same database, again and again. A clerk's saved edit must never
// be lost, never overlap another request for its order, and the server must end exactly where the clerk's
// edits, applied in order, lead. The sandbox runs in THIS process, so its stats survive every kill.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { EditDto, EditIntent, StatusDto } from '../../src-main/core/contract.ts';
import type { Customer, Order } from '../../src-main/core/ticketscloud/types.ts';
import { mulberry32 } from '../../src-main/sandbox/prng.ts';
import { startSandbox, type Sandbox } from '../../src-main/sandbox/server.ts';
import { waitUntil } from '../support/wait.ts';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
const TOKEN = 'crash-test-token-0123456789';
const ORDER_COUNT = 30;
const WAVES = 6; // one SIGKILL after each wave
const EDITS_PER_WAVE = 25; // 150 edits in all
const START_DEADLINE_MS = 30_000;
const DRAIN_DEADLINE_MS = 90_000;
const FROZEN = new Set(['done', 'cancelled', 'expired']);

let folder: string;
let sandbox: Sandbox;
let running: HeadlessProcess | null = null;

interface HeadlessProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
  output: () => string;
}

/** Starts `src-main/headless/cli.ts` as its own Node process and waits for its "listening" line. */
async function startHeadless(dbFile: string): Promise<HeadlessProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src-main/headless/cli.ts',
      ...['--db', dbFile, '--api-url', sandbox.url, '--api-key', sandbox.apiKey],
      ...['--port', '0', '--token', TOKEN, '--concurrency', '2'],
    ],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TICKETSCLOUD_API_KEY: '' } },
  );
  let output = '';
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`headless did not start:\n${output}`)), START_DEADLINE_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /bridge listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`headless exited with ${code} before listening:\n${output}`));
    });
  });
  return { child, url, exited, output: () => output };
}

async function kill(process: HeadlessProcess): Promise<void> {
  process.child.kill('SIGKILL');
  await process.exited;
}

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  if (!running) throw new Error('no headless process');
  const response = await fetch(`${running.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function editsIn(state: string): Promise<EditDto[]> {
  return (await api<{ edits: EditDto[] }>('GET', `/api/edits?state=${state}&limit=1000`)).body.edits;
}


function intentNumber(n: number, pick: number): EditIntent {
  switch (pick) {
    case 0:
      return { settings: { customer: { name: `Клиент номер ${n}` } } };
    case 1:
      return { settings: { customer: { phone: `+7999${String(n).padStart(7, '0')}`, lang: n % 2 === 0 ? 'ru' : 'en' } } };
    case 2:
      return { settings: { send_tickets: n % 3 !== 0 } };
    case 3:
      return { vendor_data: { order_id: `crash-${n}` } };
    default:
      return { vendor_data: { raw: { [`k${n % 3}`]: n % 4 === 0 ? null : `v${n}` } } };
  }
}

/** What an order must look like after its intents, applied in the order they were saved. */
interface ExpectedOrder {
  customer: Customer;
  sendTickets: boolean | undefined;
  vendorOrderId: string | undefined;
  raw: Record<string, unknown>;
}

function expectedFrom(order: Order): ExpectedOrder {
  return {
    customer: { ...order.settings.customer },
    sendTickets: order.settings.send_tickets ?? undefined,
    vendorOrderId: order.vendor_data.order_id ?? undefined,
    raw: { ...order.vendor_data.raw },
  };
}

function apply(expected: ExpectedOrder, intent: EditIntent): void {
  Object.assign(expected.customer, intent.settings?.customer);
  if (intent.settings?.send_tickets !== undefined) expected.sendTickets = intent.settings.send_tickets;
  if (intent.vendor_data?.order_id !== undefined) expected.vendorOrderId = intent.vendor_data.order_id;
  for (const [key, value] of Object.entries(intent.vendor_data?.raw ?? {})) {
    if (value === null) delete expected.raw[key];
    else expected.raw[key] = value;
  }
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'crash-test-'));
  // Latency and processing time make one PATCH take ~160 ms, so the drain of a wave takes seconds and
  // every kill lands while requests are in flight.
  sandbox = await startSandbox({ orders: 120, seed: 23, processingMs: 40, faults: { latencyMs: 120 } });
});

afterAll(async () => {
  if (running) await kill(running);
  await sandbox?.stop();
  rmSync(folder, { recursive: true, force: true });
});

it('loses no edit, overlaps no request and ends in the exact state when SIGKILLed mid-drain again and again', async () => {
  const dbFile = join(folder, 'box-office.sqlite');
  const orderIds = sandbox
    .orderIds()
    .filter((id) => !FROZEN.has(sandbox.getOrderState(id)!.status))
    .slice(0, ORDER_COUNT);
  expect(orderIds).toHaveLength(ORDER_COUNT);
  const initial = new Map(orderIds.map((id) => [id, expectedFrom(sandbox.getOrderState(id)!)]));
  const expected = new Map(orderIds.map((id) => [id, expectedFrom(sandbox.getOrderState(id)!)]));
  const savedIds: number[] = [];
  const random = mulberry32(42);
  let kills = 0;

  for (let wave = 0; wave < WAVES; wave++) {
    running = await startHeadless(dbFile);
    const syncedAtStart = (await editsIn('synced')).length;
    for (let i = 0; i < EDITS_PER_WAVE; i++) {
      const n = wave * EDITS_PER_WAVE + i;
      const orderId = orderIds[Math.floor(random() * ORDER_COUNT)]!;
      const intent = intentNumber(n, Math.floor(random() * 5));
      const saved = await api<{ edit: EditDto }>('POST', `/api/orders/${orderId}/edits`, { edit: intent, operator: 'crash-test' });
      expect(saved.status).toBe(201);
      savedIds.push(saved.body.edit.id);
      apply(expected.get(orderId)!, intent);
    }
    // Mid-drain: some of this wave has reached the server, more is queued, and a request is in flight.
    await waitUntil('a moment in the middle of the drain', async () => {
      const status = (await api<StatusDto>('GET', '/api/status')).body;
      const synced = (await editsIn('synced')).length;
      const sending = (await editsIn('sending')).length;
      return synced >= syncedAtStart + 3 && sending > 0 && status.pending > sending;
    }, { timeoutMs: 30_000, detail: () => running?.output() ?? '' });
    await kill(running);
    running = null;
    kills++;
  }
  expect(kills).toBeGreaterThanOrEqual(5);

  running = await startHeadless(dbFile);
  const drained = await waitUntil('the outbox to drain after the last restart', async () => {
    const status = (await api<StatusDto>('GET', '/api/status')).body;
    return status.pending === 0 ? status : undefined;
  }, { timeoutMs: DRAIN_DEADLINE_MS, detail: () => running?.output() ?? '' });
  expect(drained.failed).toBe(0);

  const synced = new Set((await editsIn('synced')).map((edit) => edit.id));
  expect(savedIds.filter((id) => !synced.has(id))).toEqual([]);
  expect(synced.size).toBe(WAVES * EDITS_PER_WAVE);

  const stats = sandbox.stats();
  expect(stats.overlaps).toBe(0);

  const changedOrders = orderIds.filter((id) => JSON.stringify(expected.get(id)) !== JSON.stringify(initial.get(id)));
  expect(changedOrders.length).toBeGreaterThan(ORDER_COUNT / 2);
  for (const orderId of orderIds) {
    const server = sandbox.getOrderState(orderId)!;
    const want = expected.get(orderId)!;
    expect({ orderId, customer: server.settings.customer ?? {} }).toEqual({ orderId, customer: want.customer });
    expect({ orderId, sendTickets: server.settings.send_tickets }).toEqual({ orderId, sendTickets: want.sendTickets });
    expect({ orderId, vendorOrderId: server.vendor_data.order_id }).toEqual({ orderId, vendorOrderId: want.vendorOrderId });
    expect({ orderId, raw: server.vendor_data.raw ?? {} }).toEqual({ orderId, raw: want.raw });
  }

  // And a clean stop still works after all that: SIGTERM waits for the engine and exits 0.
  const last = running;
  last.child.kill('SIGTERM');
  expect(await last.exited).toBe(0);
  running = null;
}, 240_000);
