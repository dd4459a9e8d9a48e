// The contract's concurrency rule, as the sandbox enforces it: one request at a time per order (a
// second one meanwhile gets 409 and is counted as the client's overlap), different orders in parallel.
import { afterEach, describe, expect, it } from 'vitest';
import type { Order } from '../../src-main/core/ticketscloud/types.ts';
import { type Sandbox, startSandbox } from '../../src-main/sandbox/server.ts';

// Long enough that a second request surely arrives while the first is still being processed.
const PROCESSING_MS = 400;
let sandbox: Sandbox;

afterEach(async () => {
  await sandbox.stop();
});

function request(method: 'GET' | 'PATCH', id: string, body?: unknown): Promise<Response> {
  return fetch(`${sandbox.url}/v2/resources/orders/${id}`, {
    method,
    headers: { authorization: `key ${sandbox.apiKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function editableOrders(count: number): Order[] {
  const orders = sandbox
    .orderIds()
    .map((id) => sandbox.getOrderState(id))
    .filter((order): order is Order => order?.status === 'executed')
    .slice(0, count);
  if (orders.length < count) throw new Error(`the sandbox has fewer than ${count} executed orders`);
  return orders;
}

/** Resolves once the server has received `count` API requests (polls its stats, with a deadline). */
async function serverReceived(count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (sandbox.stats().requests < count) {
    if (Date.now() > deadline) throw new Error(`the sandbox did not receive ${count} requests within 10 s`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('one request at a time per order', () => {
  it('answers 409 to a PATCH that arrives while another PATCH for the same order is processed, and counts the overlap', async () => {
    sandbox = await startSandbox({ orders: 60, processingMs: PROCESSING_MS });
    const [order] = editableOrders(1);
    if (!order) throw new Error('no order');
    const first = request('PATCH', order.id, { settings: { send_tickets: true } });
    await serverReceived(1);
    const second = await request('PATCH', order.id, { vendor_data: { order_id: 'late' } });
    expect(second.status).toBe(409);
    expect(((await second.json()) as { errors: unknown[] }).errors).toEqual([expect.any(String)]);
    expect((await first).status).toBe(200);

    const stats = sandbox.stats();
    expect(stats.overlaps).toBe(1);
    expect(stats.foreign409).toBe(0);
    expect(stats.patchesByOrder[order.id]).toBe(2);
    expect(sandbox.appliedPatches(order.id)).toEqual([{ settings: { send_tickets: true } }]);
    expect(sandbox.getOrderState(order.id)?.vendor_data).toEqual(order.vendor_data);
  });

  it('answers 409 to a GET of an order while a PATCH for it is processed, and counts it too', async () => {
    sandbox = await startSandbox({ orders: 60, processingMs: PROCESSING_MS });
    const [order] = editableOrders(1);
    if (!order) throw new Error('no order');
    const patch = request('PATCH', order.id, { settings: { send_tickets: true } });
    await serverReceived(1);
    expect((await request('GET', order.id)).status).toBe(409);
    expect((await patch).status).toBe(200);
    expect(sandbox.stats().overlaps).toBe(1);
  });

  it('takes requests for the same order one after another without a 409', async () => {
    sandbox = await startSandbox({ orders: 60, processingMs: 20 });
    const [order] = editableOrders(1);
    if (!order) throw new Error('no order');
    for (let i = 0; i < 5; i++) {
      expect((await request('PATCH', order.id, { vendor_data: { order_id: `step-${i}` } })).status).toBe(200);
      expect((await request('GET', order.id)).status).toBe(200);
    }
    expect(sandbox.stats().overlaps).toBe(0);
    expect(sandbox.appliedPatches(order.id)).toHaveLength(5);
  });

  it('changes different orders in parallel without any 409', async () => {
    sandbox = await startSandbox({ orders: 120, processingMs: PROCESSING_MS });
    const orders = editableOrders(10);
    const answers = await Promise.all(orders.map((order) => request('PATCH', order.id, { settings: { send_tickets: true } })));
    expect(answers.map((answer) => answer.status)).toEqual(orders.map(() => 200));
    const stats = sandbox.stats();
    expect(stats.overlaps).toBe(0);
    expect(stats.maxInFlight).toBeGreaterThan(1);
    for (const order of orders) expect(sandbox.getOrderState(order.id)?.settings.send_tickets).toBe(true);
  });

  it('stops promptly while requests are still being processed', async () => {
    sandbox = await startSandbox({ orders: 60, processingMs: 60_000 });
    const [order] = editableOrders(1);
    if (!order) throw new Error('no order');
    const pending = request('PATCH', order.id, { settings: { send_tickets: true } });
    await serverReceived(1);
    await sandbox.stop();
    await expect(pending).rejects.toThrow();
  });
});
