// Every outcome class of the Ticketscloud client against the real sandbox over HTTP on 127.0.0.1:
// what the sync engine will see from the server, the network and the key.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTicketscloudClient, type TicketscloudClient } from '../../src-main/core/ticketscloud/client.ts';
import type { Outcome } from '../../src-main/core/ticketscloud/outcome.ts';
import type { Order, OrderPatch, OrderResponse } from '../../src-main/core/ticketscloud/types.ts';
import { startSandbox, type Sandbox, type SandboxFaults } from '../../src-main/sandbox/server.ts';

const NO_FAULTS: SandboxFaults = {
  latencyMs: 0,
  rate5xx: 0,
  rate429: 0,
  retryAfterSec: 0,
  rateDropAfterApply: 0,
  rateHtml: 0,
  foreignWriterRate: 0,
  foreignHoldMs: 0,
  forbidden: false,
  listOrdersWithoutVendorData: [],
};
const UNKNOWN_ORDER_ID = 'f0f0f0f0f0f0f0f0f0f0f0f0';
const ORDER_COUNT = 30;
const API_KEY = 'box-office-test-key';

let sandbox: Sandbox;
let client: TicketscloudClient;
/** Orders no test has touched yet: each test that writes takes its own, so tests do not meet. */
let untouchedExecutedOrders: string[];

function clientFor(target: Sandbox, timeoutMs?: number): TicketscloudClient {
  return createTicketscloudClient({ baseUrl: target.url, apiKey: target.apiKey, ...(timeoutMs ? { timeoutMs } : {}) });
}

function takeExecutedOrder(): string {
  const id = untouchedExecutedOrders.shift();
  if (!id) throw new Error(`the sandbox of ${ORDER_COUNT} orders ran out of executed orders for the tests`);
  return id;
}

function serverOrder(target: Sandbox, id: string): Order {
  const order = target.getOrderState(id);
  if (!order) throw new Error(`sandbox has no order ${id}`);
  return order;
}

function okValue<T>(outcome: Outcome<T>): T {
  if (outcome.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(outcome)}`);
  return outcome.value;
}

/** The promocode codes now on the order: the PATCH must resend them, or the server removes them. */
function codesOn(response: OrderResponse): string[] {
  return response.data.promocodes.map((id) => {
    const code = response.refs.promocodes?.[id]?.code;
    if (!code) throw new Error(`refs has no promocode ${id}`);
    return code;
  });
}

beforeAll(async () => {
  sandbox = await startSandbox({ orders: ORDER_COUNT, seed: 11, apiKey: API_KEY });
  client = clientFor(sandbox);
  untouchedExecutedOrders = sandbox.orderIds().filter((id) => serverOrder(sandbox, id).status === 'executed');
});

afterAll(async () => {
  client.close();
  await sandbox.stop();
});

beforeEach(() => {
  sandbox.setFaults(NO_FAULTS);
  sandbox.setApiKey(API_KEY);
  sandbox.resetStats();
});

describe('ok', () => {
  it('GET one order returns it with its refs, fields and money exactly as the server holds them', async () => {
    const id = sandbox.orderIds()[0]!;
    const value = okValue(await client.getOrder(id));
    expect(value.data).toEqual(serverOrder(sandbox, id));
    expect(value.refs).toBeTypeOf('object');
  });

  it('PATCH applies the whole customer and vendor data and answers with the updated order', async () => {
    const id = takeExecutedOrder();
    const patch: OrderPatch = {
      settings: { customer: { name: 'Пётр Ильич', email: 'petr@example.ru', phone: '+79990001122', lang: 'ru' } },
      vendor_data: { order_id: 'BOX-1', raw: { counter: '3' } },
    };
    const outcome = await client.patchOrder(id, patch);
    const value = okValue(outcome);
    expect(outcome.kind === 'ok' && outcome.promocodeErrors).toEqual([]);
    expect(value.data.settings.customer).toEqual(patch.settings!.customer);
    expect(value.data.vendor_data).toMatchObject(patch.vendor_data!);
    expect(sandbox.appliedPatches(id)).toEqual([patch]);
  });

  it('a promocode the server refuses is an ok answer carrying the promocode error, other codes kept', async () => {
    const id = takeExecutedOrder();
    const before = okValue(await client.getOrder(id));
    const outcome = await client.patchOrder(id, { promocodes: [...codesOn(before), 'NO-SUCH-CODE-42'] });
    expect(outcome).toMatchObject({
      kind: 'ok',
      promocodeErrors: [{ code: 'promocode_not_found', msg: 'Promocode not found' }],
    });
    expect(okValue(outcome).data.promocodes).toEqual(before.data.promocodes);
  });

  it('the order list pages through every order once, ending on a short page', async () => {
    const pageSize = 7;
    const seen: string[] = [];
    for (let page = 1; page <= ORDER_COUNT; page += 1) {
      const value = okValue(await client.listOrders({ page, page_size: pageSize }));
      seen.push(...value.data.map((order) => order.id));
      expect(value.pagination).toMatchObject({ page, page_size: pageSize });
      if (value.data.length < pageSize) break;
    }
    expect(seen).toHaveLength(ORDER_COUNT);
    expect(new Set(seen)).toEqual(new Set(sandbox.orderIds()));
  });

  it('the order list filters by status', async () => {
    const value = okValue(await client.listOrders({ page: 1, page_size: 200, status: ['done'] }));
    const doneIds = sandbox.orderIds().filter((id) => serverOrder(sandbox, id).status === 'done');
    expect(value.data.map((order) => order.id).sort()).toEqual(doneIds.sort());
  });

  it('the probe finds a running server reachable, whatever the key', async () => {
    expect(await client.probe()).toBe('reachable');
    sandbox.setApiKey('another-key');
    expect(await client.probe()).toBe('reachable');
  });
});

describe('transient: keep the edit and try again', () => {
  it('a PATCH that meets another PATCH of the same order still in process gets conflict', async () => {
    const slow = await startSandbox({ orders: 5, seed: 12, processingMs: 500 });
    const slowClient = clientFor(slow);
    try {
      const id = slow.orderIds().find((orderId) => serverOrder(slow, orderId).status === 'executed')!;
      const outcomes = await Promise.all([
        slowClient.patchOrder(id, { settings: { send_tickets: true } }),
        slowClient.patchOrder(id, { settings: { send_tickets: false } }),
      ]);
      const kinds = outcomes.map((outcome) => outcome.kind).sort();
      expect(kinds).toEqual(['ok', 'transient']);
      expect(outcomes.find((outcome) => outcome.kind === 'transient')).toMatchObject({ reason: 'conflict', status: 409 });
      expect(slow.stats().overlaps).toBe(1);
    } finally {
      slowClient.close();
      await slow.stop();
    }
  });

  it('a PATCH that meets another counter editing the same order gets conflict', async () => {
    sandbox.setFaults({ foreignWriterRate: 1 });
    const id = takeExecutedOrder();
    const outcome = await client.patchOrder(id, { settings: { send_tickets: true } });
    expect(outcome).toMatchObject({ kind: 'transient', reason: 'conflict', status: 409 });
    expect(sandbox.stats().foreign409).toBeGreaterThan(0);
    expect(sandbox.appliedPatches(id)).toEqual([]);
  });

  it('429 carries the wait the server asks for', async () => {
    sandbox.setFaults({ rate429: 1, retryAfterSec: 3 });
    const outcome = await client.getOrder(sandbox.orderIds()[0]!);
    expect(outcome).toMatchObject({ kind: 'transient', reason: 'rate_limited', status: 429, retryAfterMs: 3000 });
  });

  it('a 5xx is a server error', async () => {
    sandbox.setFaults({ rate5xx: 1 });
    const outcome = await client.getOrder(sandbox.orderIds()[0]!);
    expect(outcome).toMatchObject({ kind: 'transient', reason: 'server_error' });
    expect(outcome.kind === 'transient' && outcome.status).toBeGreaterThanOrEqual(500);
  });

  it("a proxy's HTML error page is a server error, told with a short excerpt instead of the page", async () => {
    sandbox.setFaults({ rateHtml: 1 });
    const outcome = await client.getOrder(sandbox.orderIds()[0]!);
    expect(outcome).toMatchObject({ kind: 'transient', reason: 'server_error', status: 502 });
    expect(outcome.kind === 'transient' && outcome.message).toBe(
      "server error (HTTP 502): answer starts with '<html> <head><title>502 Bad Gateway</tit…'",
    );
  });

  it('a connection dropped after the server applied the PATCH is a network failure (the edit did land)', async () => {
    sandbox.setFaults({ rateDropAfterApply: 1 });
    const id = takeExecutedOrder();
    const patch: OrderPatch = { settings: { send_tickets: true } };
    const outcome = await client.patchOrder(id, patch);
    expect(outcome).toMatchObject({ kind: 'transient', reason: 'network', status: null });
    expect(sandbox.appliedPatches(id)).toEqual([patch]);
  });

  it('no answer within the client timeout is a timeout', async () => {
    sandbox.setFaults({ latencyMs: 2000 });
    const impatient = clientFor(sandbox, 200);
    try {
      const outcome = await impatient.getOrder(sandbox.orderIds()[0]!);
      expect(outcome).toMatchObject({ kind: 'transient', reason: 'timeout', status: null });
    } finally {
      impatient.close();
    }
  });

  it('a stopped server is a network failure and an unreachable probe', async () => {
    const doomed = await startSandbox({ orders: 3, seed: 13 });
    const doomedClient = clientFor(doomed);
    try {
      const id = doomed.orderIds()[0]!;
      expect((await doomedClient.getOrder(id)).kind).toBe('ok');
      await doomed.stop();
      expect(await doomedClient.getOrder(id)).toMatchObject({ kind: 'transient', reason: 'network', status: null });
      expect(await doomedClient.probe()).toBe('unreachable');
    } finally {
      doomedClient.close();
    }
  });
});

describe('auth: stop sending, keep every edit', () => {
  it('a wrong key is 401, and the right key set again works at once', async () => {
    client.setApiKey('not-the-key');
    try {
      expect(await client.getOrder(sandbox.orderIds()[0]!)).toMatchObject({ kind: 'auth', status: 401 });
    } finally {
      client.setApiKey(API_KEY);
    }
    expect((await client.getOrder(sandbox.orderIds()[0]!)).kind).toBe('ok');
  });

  it('a key without the right to edit is 403', async () => {
    sandbox.setFaults({ forbidden: true });
    const id = takeExecutedOrder();
    expect(await client.patchOrder(id, { settings: { send_tickets: true } })).toMatchObject({ kind: 'auth', status: 403 });
    expect(sandbox.appliedPatches(id)).toEqual([]);
  });
});

describe('permanent: this edit can never succeed', () => {
  it("a PATCH on a done order is 400 with the server's own words", async () => {
    const id = takeExecutedOrder();
    sandbox.setOrderStatus(id, 'done');
    const outcome = await client.patchOrder(id, { settings: { send_tickets: true } });
    expect(outcome).toMatchObject({ kind: 'permanent', status: 400 });
    expect(outcome.kind === 'permanent' && outcome.errors).toEqual([
      expect.stringContaining('Not allow to update order in status done'),
    ]);
  });

  it('an order the server does not know is 404', async () => {
    const outcome = await client.getOrder(UNKNOWN_ORDER_ID);
    expect(outcome).toMatchObject({ kind: 'permanent', status: 404 });
    expect(outcome.kind === 'permanent' && outcome.message).toContain('order not found');
  });

  it('an id that is not an ObjectId is refused before anything is sent', async () => {
    const outcome = await client.patchOrder('../orders?page_size=1', { settings: { send_tickets: true } });
    expect(outcome).toMatchObject({ kind: 'permanent', status: 0 });
    expect(sandbox.stats().requests).toBe(0);
  });
});
