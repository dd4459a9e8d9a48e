// The sync engine against the real sandbox over HTTP, with a real SQLite file: what the clerk and the
// API contract care about — nothing lost, one request per order at a time, FIFO, coalescing, the right
// reaction to every kind of answer, no request storm while the server is away.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { engineStateOf, type ApiEvent, type EditDto, type EngineState } from '../../src-main/core/contract.ts';
import { openDatabase, type OpenedDatabase } from '../../src-main/core/db/open.ts';
import { editLog, edits } from '../../src-main/core/db/schema.ts';
import type { EditIntent } from '../../src-main/core/edits/schema.ts';
import { createOutbox, type Outbox } from '../../src-main/core/outbox/outbox.ts';
import { createSyncEngine, type SyncClient, type SyncEngine } from '../../src-main/core/sync/engine.ts';
import { DEFAULT_POLICY, type SyncPolicy } from '../../src-main/core/sync/policy.ts';
import { createTicketscloudClient, type TicketscloudClient } from '../../src-main/core/ticketscloud/client.ts';
import type { Customer, Order, VendorData } from '../../src-main/core/ticketscloud/types.ts';
import { sandboxCatalog } from '../../src-main/sandbox/catalog.ts';
import { generateOrderHeader } from '../../src-main/sandbox/generator.ts';
import { mulberry32, pick } from '../../src-main/sandbox/prng.ts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src-main/sandbox/server.ts';
import { waitUntil } from '../support/wait.ts';

/** Milliseconds where the app uses seconds, so the suite runs fast; the shape of the policy is the app's. */
const FAST: SyncPolicy = { ...DEFAULT_POLICY, retryBaseMs: 20, retryCapMs: 200, probeBaseMs: 20, probeCapMs: 200 };
const SEED = 7;
const DEADLINE_MS = 45_000;

// ---- harness --------------------------------------------------------------------------------------

interface Harness {
  sandbox: Sandbox | null;
  database: OpenedDatabase;
  outbox: Outbox;
  engine: SyncEngine;
  events: ApiEvent[];
  internalErrors: unknown[];
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDbFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tcbo-engine-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'box-office.sqlite');
}

async function sandboxUp(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await startSandbox({ seed: SEED, orders: 200, ...options });
  cleanups.push(() => sandbox.stop());
  return sandbox;
}

function realClient(baseUrl: string, apiKey: string): TicketscloudClient {
  const client = createTicketscloudClient({ baseUrl, apiKey, timeoutMs: 5_000, probeTimeoutMs: 1_000 });
  cleanups.push(() => client.close());
  return client;
}

interface HarnessOptions {
  sandbox: Sandbox | null;
  baseUrl?: string;
  apiKey?: string;
  concurrency?: number;
  dbFile?: string;
  wrapClient?: (client: SyncClient) => SyncClient;
  start?: boolean;
}

function harness(options: HarnessOptions): Harness {
  const baseUrl = options.baseUrl ?? options.sandbox?.url;
  if (baseUrl === undefined) throw new Error('a harness needs a sandbox or a base URL');
  const client = realClient(baseUrl, options.apiKey ?? options.sandbox?.apiKey ?? 'sandbox-key');
  const database = openDatabase(options.dbFile ?? tempDbFile());
  const internalErrors: unknown[] = [];
  const engine = createSyncEngine({
    sqlite: database.sqlite,
    db: database.db,
    client: options.wrapClient ? options.wrapClient(client) : client,
    concurrency: options.concurrency ?? 4,
    policy: FAST,
    onInternalError: (error) => internalErrors.push(error),
  });
  const events: ApiEvent[] = [];
  engine.on((event) => events.push(event));
  cleanups.push(() => database.close());
  cleanups.push(() => engine.stop());
  if (options.start !== false) engine.start();
  return { sandbox: options.sandbox, database, outbox: createOutbox(database.sqlite, database.db), engine, events, internalErrors };
}

function save(h: Harness, orderId: string, edit: unknown, operator = 'anna'): EditDto {
  const result = h.outbox.saveEdit(orderId, edit, operator);
  if (!result.ok) throw new Error(`edit refused: ${JSON.stringify(result.errors)}`);
  h.engine.kick(orderId);
  return result.value;
}

async function within<T>(what: string, promise: Promise<T>, ms = DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function engineState(h: Harness, state: EngineState): Promise<void> {
  if (h.engine.state() === state) return Promise.resolve();
  return within(
    `engine ${state}`,
    new Promise<void>((resolve) => {
      const off = h.engine.on((event) => {
        if (event.type === 'engine' && engineStateOf(event.status) === state) {
          off();
          resolve();
        }
      });
    }),
  );
}

function edit(h: Harness, id: number): EditDto {
  const found = h.outbox.list({ limit: 10_000 }).find((e) => e.id === id);
  if (!found) throw new Error(`edit ${id} not found`);
  return found;
}

function orderState(sandbox: Sandbox, id: string): Order {
  const order = sandbox.getOrderState(id);
  if (!order) throw new Error(`sandbox has no order ${id}`);
  return order;
}

function ordersWhere(sandbox: Sandbox, test: (order: Order) => boolean): string[] {
  return sandbox.orderIds().filter((id) => test(orderState(sandbox, id)));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

// ---- what the server should hold, computed from the clerk's intents ------------------------------------

const catalog = sandboxCatalog(SEED);

interface Visible {
  customer: Customer | null;
  send_tickets: boolean | null;
  vendor_data: VendorData;
  codes: string[];
}

function codeOf(promocodeId: string): string {
  return catalog.promocodesById.get(promocodeId)?.ref.code ?? `?${promocodeId}`;
}

function visible(order: Order): Visible {
  return {
    customer: order.settings.customer ?? null,
    send_tickets: order.settings.send_tickets ?? null,
    vendor_data: order.vendor_data,
    codes: order.promocodes.map(codeOf).sort(),
  };
}

/** Would the sandbox's Ticketscloud accept this code on this order (the rules of its catalogue)? */
function promocodeAccepted(order: Order, code: string): boolean {
  const rule = catalog.promocodesByCode.get(code.toLowerCase());
  if (!rule) return false;
  if (rule.eventId !== null && rule.eventId !== order.event) return false;
  return order.tickets.length >= rule.minTickets;
}

/** The initial order with the synced intents applied in the order they were made (whole-object semantics). */
function expectedVisible(initial: Order, syncedInOrder: readonly EditIntent[]): Visible {
  const expected = visible(structuredClone(initial));
  for (const intent of syncedInOrder) {
    const customer = intent.settings?.customer;
    if (customer) expected.customer = { ...expected.customer, ...customer };
    if (intent.settings?.send_tickets !== undefined) expected.send_tickets = intent.settings.send_tickets;
    const vendor = intent.vendor_data;
    if (vendor) {
      const next: VendorData = {};
      const orderId = vendor.order_id ?? expected.vendor_data.order_id;
      if (orderId !== undefined) next.order_id = orderId;
      if (expected.vendor_data.raw !== undefined || vendor.raw !== undefined) {
        const raw: Record<string, unknown> = { ...expected.vendor_data.raw };
        for (const [key, value] of Object.entries(vendor.raw ?? {})) {
          if (value === null) delete raw[key];
          else raw[key] = value;
        }
        next.raw = raw;
      }
      expected.vendor_data = next;
    }
    for (const code of intent.promocodes ?? []) {
      const lower = code.toLowerCase();
      if (promocodeAccepted(initial, lower) && !expected.codes.includes(lower)) expected.codes = [...expected.codes, lower].sort();
    }
  }
  return expected;
}

// ---- the scenarios -------------------------------------------------------------------------------

describe('draining under faults', () => {
  it('200 edits over 40 orders with 5xx, 429, foreign 409s and dropped answers all end synced or failed with a reason, with no overlap, and the server ends exactly as the clerks asked', async () => {
    const sandbox = await sandboxUp({
      faults: { rate5xx: 0.2, rate429: 0.05, retryAfterSec: 1, foreignWriterRate: 0.05, foreignHoldMs: 30, rateDropAfterApply: 0.05 },
      faultSeed: 11,
    });
    const editable = ordersWhere(sandbox, (o) => o.status === 'executed' || o.status === 'in_progress').slice(0, 38);
    const frozen = ordersWhere(sandbox, (o) => o.status === 'done').slice(0, 2);
    const orderIds = [...editable, ...frozen];
    expect(orderIds).toHaveLength(40);
    const initial = new Map(orderIds.map((id) => [id, orderState(sandbox, id)]));
    const h = harness({ sandbox, concurrency: 4 });

    const random = mulberry32(2026);
    const codes = ['PROMO100', 'promo5', 'GROUP3', 'JAZZ200', 'NOSUCHCODE'];
    const intents = (i: number, order: Order): unknown[] => {
      const choices: unknown[] = [
        { settings: { customer: { name: `Гость ${i}` } } },
        { settings: { customer: { phone: `+7 999 ${String(1_000_000 + i)}`, lang: i % 2 === 0 ? 'ru' : 'en' } } },
        { settings: { send_tickets: i % 3 === 0 } },
        { vendor_data: { order_id: `BOX-${i}` } },
        { vendor_data: { raw: { [`k${i % 4}`]: `v${i}`, [`k${(i + 2) % 4}`]: null } } },
        { promocodes: [pick(random, codes)] },
      ];
      // The e-mail can change only while the order is `executed` (the API's rule).
      if (order.status === 'executed') choices.push({ settings: { customer: { email: `guest${i}@example.com` } } });
      return choices;
    };

    const saved: EditDto[] = [];
    let refusedAtSave = 0;
    for (let i = 0; i < 200; i++) {
      const orderId = pick(random, orderIds);
      const order = initial.get(orderId);
      if (!order) throw new Error('unknown order');
      // A done order's fresh copy, once cached by a failed PATCH, makes the outbox refuse its next edits.
      const result = h.outbox.saveEdit(orderId, pick(random, intents(i, order)), 'anna');
      if (result.ok) {
        saved.push(result.value);
        h.engine.kick(orderId);
      } else {
        expect(frozen).toContain(orderId);
        expect(result.errors.map((e) => e.code)).toEqual(['order_not_editable']);
        refusedAtSave += 1;
      }
      if (i % 25 === 24) {
        // Keep saving while the engine drains, as clerks do.
        const ended = () => h.outbox.list({ limit: 10_000 }).filter((e) => e.state === 'synced' || e.state === 'failed').length;
        const before = ended();
        await waitUntil('some progress between bursts', () => ended() > before, { timeoutMs: DEADLINE_MS });
      }
    }
    await within('drain', h.engine.idle());

    const final = h.outbox.list({ limit: 10_000 });
    expect(final).toHaveLength(200 - refusedAtSave);
    for (const e of final) {
      expect(['synced', 'failed']).toContain(e.state);
      if (e.state === 'failed') expect(e.error).toMatch(/\S/);
    }
    const failedOrders = new Set(final.filter((e) => e.state === 'failed').map((e) => e.order_id));
    expect([...failedOrders].every((id) => frozen.includes(id))).toBe(true);
    for (const e of final.filter((x) => frozen.includes(x.order_id))) {
      expect(e).toMatchObject({ state: 'failed', error: 'Not allow to update order in status done' });
    }

    const stats = sandbox.stats();
    expect(stats.overlaps).toBe(0);
    expect(stats.injected5xx).toBeGreaterThan(0);
    expect(stats.foreign409 + stats.injected429 + stats.dropped).toBeGreaterThan(0);
    expect(stats.maxInFlight).toBeLessThanOrEqual(4 + 1); // the lanes, plus a probe after a dropped answer

    for (const orderId of orderIds) {
      const order = initial.get(orderId);
      if (!order) throw new Error('unknown order');
      const synced = final
        .filter((e) => e.order_id === orderId && e.state === 'synced')
        .sort((a, b) => a.id - b.id)
        .map((e) => e.body);
      expect(visible(orderState(sandbox, orderId)), `order ${orderId}`).toEqual(expectedVisible(order, synced));
    }
    for (const e of final.filter((x) => x.state === 'synced' && x.body.promocodes)) {
      const order = initial.get(e.order_id);
      const code = e.body.promocodes?.[0] ?? '';
      if (!order) throw new Error('unknown order');
      expect(e.promocode_errors.length > 0, `promocode ${code} on ${e.order_id}`).toBe(!promocodeAccepted(order, code));
    }
    expect(h.internalErrors).toEqual([]);
  });
});

describe('one request per order', () => {
  it('an edit saved while its order has a request in flight waits for it, then goes in its own request', async () => {
    const sandbox = await sandboxUp({ processingMs: 150 });
    const [orderId] = ordersWhere(sandbox, (o) => o.status === 'executed');
    if (!orderId) throw new Error('no executed order');
    const h = harness({ sandbox, concurrency: 4 });
    const first = save(h, orderId, { settings: { customer: { name: 'First' } } });
    await waitUntil('the first PATCH is in flight', () => (sandbox.stats().patchesByOrder[orderId] ?? 0) === 1, { timeoutMs: DEADLINE_MS });
    const second = save(h, orderId, { settings: { customer: { name: 'Second' } } });
    h.engine.kick();
    await within('drain', h.engine.idle());

    expect(sandbox.stats().overlaps).toBe(0);
    expect(sandbox.appliedPatches(orderId).map((patch) => patch.settings?.customer?.name)).toEqual(['First', 'Second']);
    expect([edit(h, first.id).state, edit(h, second.id).state]).toEqual(['synced', 'synced']);
  });
});

describe('checkpoints while draining', () => {
  it('takes WAL checkpoints and index merges out of the commits while a request is in flight and gives them back when the engine is idle', async () => {
    const sandbox = await sandboxUp({ processingMs: 150 });
    const [orderId] = ordersWhere(sandbox, (o) => o.status === 'executed');
    if (!orderId) throw new Error('no executed order');
    const h = harness({ sandbox, concurrency: 4 });
    const autoCheckpointPages = (): number => Number(h.database.sqlite.pragma('wal_autocheckpoint', { simple: true }));
    const automerge = (): number =>
      Number(h.database.sqlite.prepare("SELECT v FROM search_fts_config WHERE k = 'automerge'").pluck().get() ?? 4);
    expect([autoCheckpointPages(), automerge()]).toEqual([1000, 4]);
    const saved = save(h, orderId, { settings: { customer: { name: 'During a drain' } } });
    await waitUntil('the PATCH is in flight', () => (sandbox.stats().patchesByOrder[orderId] ?? 0) === 1, { timeoutMs: DEADLINE_MS });
    expect([autoCheckpointPages(), automerge()]).toEqual([0, 0]);
    await within('drain', h.engine.idle());
    expect(edit(h, saved.id).state).toBe('synced');
    expect([autoCheckpointPages(), automerge()]).toEqual([1000, 4]);
  });
});

describe('coalescing and promocodes', () => {
  it('10 customer and vendor edits queued for one order reach the server as ONE PATCH with all of them', async () => {
    const sandbox = await sandboxUp();
    const [orderId] = ordersWhere(sandbox, (o) => o.status === 'executed');
    if (!orderId) throw new Error('no executed order');
    const initial = orderState(sandbox, orderId);
    const h = harness({ sandbox });
    h.engine.pause();
    const queued = [
      { settings: { customer: { name: 'Иван' } } },
      { settings: { customer: { name: 'Иван Петров' } } },
      { settings: { customer: { phone: '8 (999) 123-45-67' } } },
      { settings: { customer: { email: 'ivan@example.com' } } },
      { settings: { customer: { lang: 'ru' } } },
      { settings: { send_tickets: true } },
      { vendor_data: { order_id: 'BOX-1' } },
      { vendor_data: { raw: { seat_note: 'у прохода' } } },
      { vendor_data: { raw: { gift: 'yes' } } },
      { vendor_data: { raw: { gift: null, paid_by: 'card' } } },
    ].map((intent) => save(h, orderId, intent));
    expect(sandbox.stats().requests).toBe(0);

    h.engine.resume();
    await within('drain', h.engine.idle());

    expect(sandbox.stats().patchesByOrder[orderId]).toBe(1);
    expect(sandbox.appliedPatches(orderId)).toHaveLength(1);
    expect(queued.map((e) => edit(h, e.id).state)).toEqual(Array(10).fill('synced'));
    const after = orderState(sandbox, orderId);
    expect(after.settings.customer).toEqual({
      ...initial.settings.customer,
      name: 'Иван Петров',
      phone: '+79991234567',
      email: 'ivan@example.com',
      lang: 'ru',
    });
    expect(after.settings.send_tickets).toBe(true);
    expect(after.vendor_data).toEqual({ order_id: 'BOX-1', raw: { ...initial.vendor_data.raw, seat_note: 'у прохода', paid_by: 'card' } });
  });

  it('3 promocode edits go as 3 PATCHes and each promocode error lands on the edit that carried the code', async () => {
    const sandbox = await sandboxUp();
    const [orderId] = ordersWhere(sandbox, (o) => o.status === 'executed' && o.tickets.length < 3 && o.promocodes.length === 0);
    if (!orderId) throw new Error('no small executed order without promocodes');
    const h = harness({ sandbox });
    h.engine.pause();
    const fixed = save(h, orderId, { promocodes: [sandbox.promocodes.fixed] });
    const unknown = save(h, orderId, { promocodes: ['NO-SUCH-CODE'] });
    const tooFewTickets = save(h, orderId, { promocodes: [sandbox.promocodes.minTickets] });
    h.engine.resume();
    await within('drain', h.engine.idle());

    expect(sandbox.appliedPatches(orderId)).toHaveLength(3);
    expect(edit(h, fixed.id)).toMatchObject({ state: 'synced', promocode_errors: [] });
    expect(edit(h, unknown.id)).toMatchObject({ state: 'synced', promocode_errors: [{ code: 'promocode_not_found' }] });
    expect(edit(h, tooFewTickets.id)).toMatchObject({ state: 'synced', promocode_errors: [{ code: 'promocode_limit_min_tickets' }] });
    expect(visible(orderState(sandbox, orderId)).codes).toEqual([sandbox.promocodes.fixed?.toLowerCase()]);
  });
});

describe('the server says no', () => {
  it('an edit of a done order the cache did not know fails with the server text, other orders are not held up, and the next edit of it is refused at save', async () => {
    const sandbox = await sandboxUp();
    const [doneOrder] = ordersWhere(sandbox, (o) => o.status === 'done');
    const others = ordersWhere(sandbox, (o) => o.status === 'executed').slice(0, 3);
    if (!doneOrder) throw new Error('no done order');
    const h = harness({ sandbox });
    const refused = save(h, doneOrder, { settings: { customer: { name: 'Too late' } } });
    const fine = others.map((id) => save(h, id, { settings: { send_tickets: true } }));
    await within('drain', h.engine.idle());

    expect(edit(h, refused.id)).toMatchObject({ state: 'failed', error: 'Not allow to update order in status done' });
    expect(fine.map((e) => edit(h, e.id).state)).toEqual(['synced', 'synced', 'synced']);
    // The fresh copy fetched before that PATCH is cached: the outbox now knows the order is paid.
    const later = h.outbox.saveEdit(doneOrder, { promocodes: ['PROMO100'] }, 'anna');
    expect(later.ok ? [] : later.errors.map((e) => e.code)).toEqual(['order_not_editable']);
    expect(h.outbox.list({ order_id: doneOrder })).toHaveLength(1);
    expect(h.engine.status()).toMatchObject({ pending: 0, failed: 1 });
    expect(h.events).toContainEqual({ type: 'edit', edit: expect.objectContaining({ id: refused.id, state: 'failed' }) });
  });

  it('an edit of an order the server does not know fails (404) without holding anything else up', async () => {
    const sandbox = await sandboxUp();
    const [known] = ordersWhere(sandbox, (o) => o.status === 'executed');
    if (!known) throw new Error('no executed order');
    const h = harness({ sandbox });
    const gone = save(h, 'ffffffffffffffffffffffff', { settings: { send_tickets: true } });
    const fine = save(h, known, { settings: { send_tickets: true } });
    await within('drain', h.engine.idle());
    expect(edit(h, gone.id)).toMatchObject({ state: 'failed', error: expect.stringContaining('not found') });
    const trail = h.database.db.select().from(editLog).where(eq(editLog.editId, gone.id)).orderBy(editLog.id).all();
    expect(trail.map((row) => [row.state, row.detail])).toEqual([
      ['pending', 'saved'],
      ['sending', null],
      ['failed', expect.stringContaining('not found')],
    ]);
    expect(edit(h, fine.id).state).toBe('synced');
  });

  it('a refused API key (401) pauses the engine with every edit kept, and a new key drains them', async () => {
    const sandbox = await sandboxUp();
    const orderIds = ordersWhere(sandbox, (o) => o.status === 'executed').slice(0, 3);
    const h = harness({ sandbox });
    sandbox.setApiKey('rotated-key');
    const queued = [0, 1, 2, 3, 4].map((i) => save(h, orderIds[i % 3] ?? '', { settings: { customer: { name: `Name ${i}` } } }));
    await engineState(h, 'paused:auth');
    await within('lanes settle', h.engine.idle());

    expect(h.engine.status()).toMatchObject({ paused: 'auth', pending: 5, failed: 0 });
    for (const e of queued) expect(edit(h, e.id)).toMatchObject({ state: 'pending', attempts: 0 });

    h.engine.setApiKey('rotated-key');
    await within('drain', h.engine.idle());
    expect(h.engine.state()).toBe('online');
    expect(queued.map((e) => edit(h, e.id).state)).toEqual(Array(5).fill('synced'));
    expect(sandbox.stats().overlaps).toBe(0);
  });

  it('a clerk pause stops sending until resume, and nothing is lost', async () => {
    const sandbox = await sandboxUp();
    const [orderId] = ordersWhere(sandbox, (o) => o.status === 'executed');
    if (!orderId) throw new Error('no executed order');
    const h = harness({ sandbox });
    h.engine.pause();
    expect(h.engine.status().paused).toBe('user');
    const queued = save(h, orderId, { settings: { send_tickets: true } });
    await within('paused engine is idle', h.engine.idle());
    expect(sandbox.stats().requests).toBe(0);
    h.engine.resume();
    await within('drain', h.engine.idle());
    expect(edit(h, queued.id).state).toBe('synced');
    expect(h.events.filter((e) => e.type === 'engine').map((e) => (e.type === 'engine' ? engineStateOf(e.status) : null))).toEqual([
      'paused:user',
      'online',
    ]);
  });
});

describe('offline', () => {
  /** Most probes that fit in `windowMs`: each wait is at least half its exponential step (equal jitter). */
  function maxProbesWithin(windowMs: number, policy: SyncPolicy): number {
    let elapsed = 0;
    let probes = 0;
    for (let failed = 0; ; failed++) {
      elapsed += Math.min(policy.probeCapMs, policy.probeBaseMs * 2 ** failed) / 2;
      if (elapsed > windowMs) return probes + 1; // + one in flight as the window closes
      probes += 1;
    }
  }

  it('with the server down 50 saved edits cause only a bounded trickle of probes, and all drain by themselves when it is back', async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const calls = { orders: 0, probes: 0 };
    const concurrency = 4;
    const h = harness({
      sandbox: null,
      baseUrl,
      apiKey: 'sandbox-key',
      concurrency,
      wrapClient: (client) => ({
        patchOrder: (id, body) => (calls.orders++, client.patchOrder(id, body)),
        getOrder: (id) => (calls.orders++, client.getOrder(id)),
        probe: () => (calls.probes++, client.probe()),
        setApiKey: (key) => client.setApiKey(key),
      }),
    });
    // Orders the sandbox will have once it is up (same seed, same generator).
    const orderIds = Array.from({ length: 200 }, (_, i) => generateOrderHeader(SEED, i))
      .filter((header) => header.status === 'executed')
      .slice(0, 10)
      .map((header) => header.id);

    const downSince = Date.now();
    const queued: EditDto[] = [];
    for (let i = 0; i < 50; i++) {
      queued.push(save(h, orderIds[i % 10] ?? '', { vendor_data: { raw: { [`note${i}`]: `offline ${i}` } } }));
    }
    await engineState(h, 'offline');
    await waitUntil('the engine keeps probing', () => calls.probes >= 6, { timeoutMs: DEADLINE_MS });
    const windowMs = Date.now() - downSince;
    const requestsWhileDown = calls.orders + calls.probes;

    // Without probing, 50 edits on a 20 ms … 200 ms backoff would be hundreds of attempts in this window.
    expect(calls.orders).toBeLessThanOrEqual(concurrency);
    expect(requestsWhileDown).toBeLessThanOrEqual(concurrency + maxProbesWithin(windowMs + 50, FAST));
    expect(h.engine.status()).toMatchObject({ online: false, pending: 50 });

    const sandbox = await sandboxUp({ port });
    await engineState(h, 'online');
    await within('drain', h.engine.idle());
    expect(queued.map((e) => edit(h, e.id).state)).toEqual(Array(50).fill('synced'));
    for (const orderId of orderIds) {
      const raw = orderState(sandbox, orderId).vendor_data.raw ?? {};
      for (let i = 0; i < 50; i++) if (i % 10 === orderIds.indexOf(orderId)) expect(raw[`note${i}`]).toBe(`offline ${i}`);
    }
    expect(sandbox.stats().overlaps).toBe(0);
  });
});

describe('restart', () => {
  it('an edit left `sending` by a crash is sent again first, before newer edits of its order', async () => {
    const sandbox = await sandboxUp();
    const [orderId] = ordersWhere(sandbox, (o) => o.status === 'executed');
    if (!orderId) throw new Error('no executed order');
    const dbFile = tempDbFile();
    const before = harness({ sandbox, dbFile, start: false });
    const interrupted = before.outbox.saveEdit(orderId, { settings: { customer: { name: 'First' } } }, 'anna');
    const newer = before.outbox.saveEdit(orderId, { settings: { customer: { name: 'Second' } } }, 'anna');
    if (!interrupted.ok || !newer.ok) throw new Error('edits refused');
    // What a kill between "marked sending" and "outcome recorded" leaves behind.
    before.database.db.update(edits).set({ state: 'sending', attempts: 1 }).where(eq(edits.id, interrupted.value.id)).run();

    const after = harness({ sandbox, dbFile });
    await within('drain', after.engine.idle());

    expect(sandbox.appliedPatches(orderId).map((patch) => patch.settings?.customer?.name)).toEqual(['First', 'Second']);
    expect(edit(after, interrupted.value.id)).toMatchObject({ state: 'synced', attempts: 2 });
    expect(edit(after, newer.value.id)).toMatchObject({ state: 'synced', attempts: 1 });
    expect(orderState(sandbox, orderId).settings.customer?.name).toBe('Second');
  });
});

describe('events', () => {
  it('reports each edit going sending → synced, and a throwing listener does not stop the drain', async () => {
    const sandbox = await sandboxUp();
    const [orderId] = ordersWhere(sandbox, (o) => o.status === 'executed');
    if (!orderId) throw new Error('no executed order');
    const h = harness({ sandbox });
    h.engine.on(() => {
      throw new Error('a broken UI listener');
    });
    const queued = save(h, orderId, { settings: { send_tickets: false } });
    await within('drain', h.engine.idle());
    const states = h.events.flatMap((e) => (e.type === 'edit' && e.edit.id === queued.id ? [e.edit.state] : []));
    expect(states).toEqual(['sending', 'synced']);
    const trail = h.database.db.select().from(editLog).where(eq(editLog.editId, queued.id)).orderBy(editLog.id).all();
    expect(trail.map((row) => row.state)).toEqual(['pending', 'sending', 'synced']);
    expect(trail.every((row, i) => i === 0 || row.at >= (trail[i - 1]?.at ?? Infinity))).toBe(true);
    expect(edit(h, queued.id).synced_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(h.internalErrors.length).toBeGreaterThan(0);
    expect(h.engine.status().last_sync_at).not.toBeNull();
    // The engine's own commits skip the fsync; the clerk's saves must still get it afterwards.
    expect(h.database.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
  });
});
