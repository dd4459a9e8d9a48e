// Fault knobs of the sandbox, each seen from a client over HTTP: what the answer looks like, that
// nothing was applied when the fault says so, and that each is counted in the stats. Plus the key,
// 403, the control endpoints and the reproducibility of the fault dice.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../../src-main/core/ticketscloud/types.ts';
import { DEFAULT_FAULTS } from '../../src-main/sandbox/faults.ts';
import { type Sandbox, type SandboxStats, startSandbox } from '../../src-main/sandbox/server.ts';

const API_KEY = 'faults-test-key';
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ orders: 200, seed: 5, apiKey: API_KEY, processingMs: 0 });
});
afterAll(async () => {
  await sandbox.stop();
});
afterEach(() => {
  sandbox.setFaults(DEFAULT_FAULTS);
  sandbox.setApiKey(API_KEY);
  sandbox.resetStats();
});

function call(target: Sandbox, method: string, path: string, body?: unknown, key: string | null = target.apiKey): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers.authorization = `key ${key}`;
  return fetch(`${target.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

const taken = new Set<string>();
function takeExecutedOrder(): Order {
  for (const id of sandbox.orderIds()) {
    const order = sandbox.getOrderState(id);
    if (order?.status === 'executed' && !taken.has(id)) {
      taken.add(id);
      return order;
    }
  }
  throw new Error('no free executed order in the sandbox');
}

const orderPath = (order: Order): string => `/v2/resources/orders/${order.id}`;

describe('injected failures', () => {
  it('rate5xx answers 500, 502 or 503 without applying the PATCH', async () => {
    const order = takeExecutedOrder();
    sandbox.setFaults({ rate5xx: 1 });
    const statuses = new Set<number>();
    for (let i = 0; i < 30; i++) {
      const answer = await call(sandbox, 'PATCH', orderPath(order), { settings: { send_tickets: !order.settings.send_tickets } });
      statuses.add(answer.status);
      expect(((await answer.json()) as { errors: unknown[] }).errors).toEqual([expect.any(String)]);
    }
    expect([...statuses].sort()).toEqual([500, 502, 503]);
    expect(sandbox.getOrderState(order.id)).toEqual(order);
    expect(sandbox.appliedPatches(order.id)).toEqual([]);
    expect(sandbox.stats().injected5xx).toBe(30);
  });

  it('rate429 answers 429 with Retry-After in seconds, on lists too', async () => {
    sandbox.setFaults({ rate429: 1, retryAfterSec: 7 });
    const answer = await call(sandbox, 'GET', '/v2/resources/orders');
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('7');
    expect(sandbox.stats().injected429).toBe(1);
  });

  it('rateHtml answers a proxy\'s 502 HTML page instead of JSON', async () => {
    const order = takeExecutedOrder();
    sandbox.setFaults({ rateHtml: 1 });
    const answer = await call(sandbox, 'GET', orderPath(order));
    expect(answer.status).toBe(502);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    const text = await answer.text();
    expect(text).toContain('<html>');
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(sandbox.stats().injectedHtml).toBe(1);
  });

  it('rateDropAfterApply applies the PATCH and then drops the connection unanswered', async () => {
    const order = takeExecutedOrder();
    sandbox.setFaults({ rateDropAfterApply: 1 });
    await expect(call(sandbox, 'PATCH', orderPath(order), { vendor_data: { order_id: 'dropped-but-applied' } })).rejects.toThrow();
    expect(sandbox.getOrderState(order.id)?.vendor_data).toEqual({ order_id: 'dropped-but-applied' });
    expect(sandbox.appliedPatches(order.id)).toEqual([{ vendor_data: { order_id: 'dropped-but-applied' } }]);
    expect(sandbox.stats().dropped).toBe(1);
  });

  it('does not drop a PATCH that was refused (nothing applied, the 400 is answered)', async () => {
    const order = takeExecutedOrder();
    sandbox.setFaults({ rateDropAfterApply: 1 });
    const answer = await call(sandbox, 'PATCH', orderPath(order), { vendor_data: { order_id: 'x'.repeat(65) } });
    expect(answer.status).toBe(400);
    expect(sandbox.stats().dropped).toBe(0);
  });

  it('latencyMs delays every answer (a client timing out sooner gets nothing)', async () => {
    const order = takeExecutedOrder();
    sandbox.setFaults({ latencyMs: 5_000 });
    await expect(
      fetch(`${sandbox.url}${orderPath(order)}`, { headers: { authorization: `key ${API_KEY}` }, signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow();
    sandbox.setFaults({ latencyMs: 0 });
    expect((await call(sandbox, 'GET', orderPath(order))).status).toBe(200);
  });
});

describe('another counter editing the same order', () => {
  it('answers 409 while the other counter holds the order, counted as foreign409 and not as an overlap', async () => {
    const order = takeExecutedOrder();
    sandbox.setFaults({ foreignWriterRate: 1, foreignHoldMs: 60_000 });
    expect((await call(sandbox, 'PATCH', orderPath(order), { settings: { send_tickets: true } })).status).toBe(409);
    sandbox.setFaults({ foreignWriterRate: 0 });
    // Still held: the other counter has not finished.
    expect((await call(sandbox, 'GET', orderPath(order))).status).toBe(409);
    const stats = sandbox.stats();
    expect(stats.foreign409).toBe(2);
    expect(stats.overlaps).toBe(0);
    expect(sandbox.appliedPatches(order.id)).toEqual([]);
  });

  it('lets the order go once the other counter\'s hold is over', async () => {
    const order = takeExecutedOrder();
    sandbox.setFaults({ foreignWriterRate: 1, foreignHoldMs: 30 });
    expect((await call(sandbox, 'PATCH', orderPath(order), { settings: { send_tickets: true } })).status).toBe(409);
    sandbox.setFaults({ foreignWriterRate: 0 });
    const deadline = Date.now() + 10_000;
    let status = 409;
    while (status === 409 && Date.now() < deadline) {
      status = (await call(sandbox, 'PATCH', orderPath(order), { settings: { send_tickets: true } })).status;
    }
    expect(status).toBe(200);
    expect(sandbox.stats().overlaps).toBe(0);
  });
});

describe('the key and access', () => {
  it('answers 401 with a list of strings to a missing key, a wrong key, and the old key after a change', async () => {
    const order = takeExecutedOrder();
    const missing = await call(sandbox, 'GET', orderPath(order), undefined, null);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { errors: unknown[] }).errors).toEqual([expect.any(String)]);
    expect((await call(sandbox, 'GET', orderPath(order), undefined, 'wrong')).status).toBe(401);

    sandbox.setApiKey('rotated-key');
    expect((await call(sandbox, 'PATCH', orderPath(order), { settings: { send_tickets: true } }, API_KEY)).status).toBe(401);
    expect(sandbox.appliedPatches(order.id)).toEqual([]);
    expect((await call(sandbox, 'GET', orderPath(order), undefined, 'rotated-key')).status).toBe(200);
    expect(sandbox.apiKey).toBe('rotated-key');
  });

  it('answers 403 to everything while forbidden is set', async () => {
    const order = takeExecutedOrder();
    sandbox.setFaults({ forbidden: true });
    expect((await call(sandbox, 'GET', '/v2/resources/orders')).status).toBe(403);
    expect((await call(sandbox, 'PATCH', orderPath(order), { settings: { send_tickets: true } })).status).toBe(403);
    expect(sandbox.getOrderState(order.id)).toEqual(order);
  });
});

describe('control endpoints under /__sandbox/ (no key, not counted)', () => {
  it('PUT /__sandbox/faults turns knobs at run time and refuses unknown or out-of-range ones', async () => {
    const put = (body: unknown): Promise<Response> => fetch(`${sandbox.url}/__sandbox/faults`, { method: 'PUT', body: JSON.stringify(body) });
    const accepted = await put({ rate429: 1, retryAfterSec: 3 });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ rate429: 1, retryAfterSec: 3 });
    const answer = await call(sandbox, 'GET', '/v2/resources/orders');
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('3');

    expect((await put({ rate5xx: 2 })).status).toBe(400);
    expect((await put({ chaos: true })).status).toBe(400);
    expect((await put({ rate429: 0 })).status).toBe(200);
    expect((await call(sandbox, 'GET', '/v2/resources/orders')).status).toBe(200);
  });

  it('GET /__sandbox/stats gives the same figures as stats(), without counting itself', async () => {
    await call(sandbox, 'GET', '/v2/resources/orders');
    const viaHttp = (await (await fetch(`${sandbox.url}/__sandbox/stats`)).json()) as SandboxStats;
    expect(viaHttp).toEqual(sandbox.stats());
    expect(viaHttp.requests).toBe(1);
    expect(viaHttp.byMethod).toEqual({ GET: 1 });
  });

  it('PUT /__sandbox/orders/:id/status moves an order so that PATCH gets 400, and PUT /__sandbox/api-key changes the key', async () => {
    const order = takeExecutedOrder();
    const moved = await fetch(`${sandbox.url}/__sandbox/orders/${order.id}/status`, { method: 'PUT', body: JSON.stringify({ status: 'cancelled' }) });
    expect(moved.status).toBe(200);
    expect((await call(sandbox, 'PATCH', orderPath(order), { settings: { send_tickets: true } })).status).toBe(400);

    const rekeyed = await fetch(`${sandbox.url}/__sandbox/api-key`, { method: 'PUT', body: JSON.stringify({ apiKey: 'via-http' }) });
    expect(rekeyed.status).toBe(204);
    expect((await call(sandbox, 'GET', orderPath(order), undefined, 'via-http')).status).toBe(200);
  });

  it('resetStats() zeroes every figure and forgets the applied PATCHes', async () => {
    const order = takeExecutedOrder();
    await call(sandbox, 'PATCH', orderPath(order), { settings: { send_tickets: true } });
    expect(sandbox.stats().requests).toBeGreaterThan(0);
    sandbox.resetStats();
    const zeroed = Object.entries(sandbox.stats()).map(([figure, value]) => [figure, typeof value === 'number' ? value : Object.keys(value)]);
    expect(Object.fromEntries(zeroed)).toEqual(Object.fromEntries(zeroed.map(([figure, value]) => [figure, typeof value === 'number' ? 0 : []])));
    expect(zeroed.length).toBeGreaterThanOrEqual(11);
    expect(sandbox.appliedPatches(order.id)).toEqual([]);
  });
});

describe('faults are reproducible', () => {
  async function statusSequence(faultSeed: number): Promise<number[]> {
    const own = await startSandbox({ orders: 20, seed: 5, processingMs: 0, faultSeed, faults: { rate5xx: 0.3, rate429: 0.3, rateHtml: 0.1 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await call(own, 'GET', '/v2/resources/orders?page_size=1')).status);
      return statuses;
    } finally {
      await own.stop();
    }
  }

  it('meets the same faults in the same order for the same fault seed, and other ones for another seed', async () => {
    const first = await statusSequence(99);
    expect(await statusSequence(99)).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(2);
    expect(await statusSequence(100)).not.toEqual(first);
  });

  it('applies faults given at start', async () => {
    const own = await startSandbox({ orders: 5, faults: { rate429: 1, retryAfterSec: 2 } });
    try {
      const answer = await call(own, 'GET', '/v2/resources/orders');
      expect(answer.status).toBe(429);
      expect(answer.headers.get('retry-after')).toBe('2');
    } finally {
      await own.stop();
    }
  });
});
