// The renderer's HTTP transport (src-renderer/lib/http-client.ts) against the real bridge, core and
// sandbox: every answer maps to the contract's values exactly as the Electron transport would give them
// (422/409/404 → Result errors, never exceptions), and a bridge that is gone or a wrong token becomes a
// clear state instead of a crash. (The event stream is exercised in Chromium by counter.test.ts.)
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoxOfficeApi, EditDto } from '../../src-main/core/contract.ts';
import type { Reachability } from '../../src-renderer/lib/connection.svelte.ts';
import { BridgeError, createHttpClient } from '../../src-renderer/lib/http-client.ts';
import { startStack, until, type Stack } from './harness.ts';

let stack: Stack;
let api: BoxOfficeApi;
const reported: Reachability[] = [];

function clientWith(token: string | null, baseUrl = stack.bridge.url): BoxOfficeApi {
  return createHttpClient({ baseUrl, token, onReachability: (state) => reported.push(state) });
}

function editableOrderId(): string {
  return stack.sandbox.orderIds().find((id) => ['executed', 'in_progress'].includes(stack.sandbox.getOrderState(id)!.status))!;
}

beforeAll(async () => {
  stack = await startStack();
  api = clientWith(stack.token);
});

afterAll(async () => {
  await stack?.stop();
});

describe('the renderer’s HTTP client against the real bridge', () => {
  it('reads status, search, events and an order in the contract’s shapes', async () => {
    const status = await api.status();
    expect(Object.keys(status).sort()).toEqual(['deadline', 'failed', 'last_sync_at', 'online', 'paused', 'pending']);
    const orderId = editableOrderId();
    const order = stack.sandbox.getOrderState(orderId)!;
    const found = await api.search({ q: String(order.number), limit: 5 });
    expect(found.results[0]?.id).toBe(orderId);
    expect((await api.listEvents()).length).toBeGreaterThan(0);
    const view = await api.getOrder(orderId);
    expect(view.server_order?.number).toBe(order.number);
  });

  it('saves an edit (201) and gives the stored edit back', async () => {
    const orderId = editableOrderId();
    const saved = await api.saveEdit(orderId, { settings: { customer: { name: 'Иван Иванов' } } }, 'anna');
    expect(saved.ok).toBe(true);
    const edit = (saved as { ok: true; value: EditDto }).value;
    expect(edit).toMatchObject({ order_id: orderId, operator: 'anna', body: { settings: { customer: { name: 'Иван Иванов' } } } });
    await until('the edit is synced', async () => (await api.listEdits({ order_id: orderId })).some((e) => e.id === edit.id && e.state === 'synced'));
  });

  it('maps an invalid edit to a 422 Result with one error per field, in both languages', async () => {
    const result = await api.saveEdit(editableOrderId(), { settings: { customer: { email: 'not-an-email', lang: 'de' } } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.status).toBe(422);
    const paths = result.errors.map((error) => error.path.replace(/^edit\./, '')).sort();
    expect(paths).toEqual(['settings.customer.email', 'settings.customer.lang']);
    for (const error of result.errors) {
      expect(error.message.en).not.toBe('');
      expect(error.message.ru).toMatch(/[а-яё]/i);
    }
  });

  it('maps a state conflict to 409 and an unknown edit to 404, as Results', async () => {
    const [synced] = await api.listEdits({ state: 'synced' });
    const conflict = await api.cancelEdit(synced!.id);
    expect(conflict).toMatchObject({ ok: false, status: 409 });
    const missing = await api.retryEdit(999_999);
    expect(missing).toMatchObject({ ok: false, status: 404 });
    const badKey = await api.setApiKey('has spaces in it');
    expect(badKey).toMatchObject({ ok: false, status: 422 });
  });

  it('downloads the history as CSV text', async () => {
    const csv = await api.historyCsv();
    expect(csv.split('\n')[0]).toMatch(/operator/i);
    expect(csv).toContain('Иван Иванов');
  });

  it('turns a wrong token into an "unauthorized" state, not a crash', async () => {
    reported.length = 0;
    const stranger = clientWith('wrong-token-0123456789');
    await expect(stranger.status()).rejects.toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(reported).toEqual(['unauthorized']);
  });

  it('turns a bridge that is not there into an "unreachable" state, for plain and Result calls alike', async () => {
    reported.length = 0;
    const nowhere = clientWith(stack.token, 'http://127.0.0.1:9');
    await expect(nowhere.status()).rejects.toBeInstanceOf(BridgeError);
    await expect(nowhere.saveEdit(editableOrderId(), { settings: { send_tickets: true } })).rejects.toMatchObject({ kind: 'unreachable' });
    expect(reported).toEqual(['unreachable', 'unreachable']);
  });

  it('refuses an answer of another shape, naming the field, instead of handing it to the screens', async () => {
    // Something else on the bridge's port (an old bridge, a proxy): JSON, 200, but not the contract's shape.
    const view = await api.getOrder(editableOrderId());
    const answers: Record<string, unknown> = {
      '/api/status': { online: 'yes', paused: null, pending: 0, failed: 0, last_sync_at: null, deadline: null },
      [`/api/orders/${view.server_order!.id}`]: { ...view, edits: [{ ...view.edits[0], id: 'one' }] },
    };
    const impostor = createServer((request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(answers[request.url ?? ''] ?? {}));
    });
    await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
    try {
      const client = clientWith(stack.token, `http://127.0.0.1:${(impostor.address() as AddressInfo).port}`);
      await expect(client.status()).rejects.toMatchObject({ kind: 'protocol', message: expect.stringContaining('`online`') });
      await expect(client.getOrder(view.server_order!.id)).rejects.toMatchObject({ kind: 'protocol', message: expect.stringContaining('`edits.0.id`') });
      await expect(client.listEvents()).rejects.toMatchObject({ kind: 'protocol', message: expect.stringContaining('`events`') });
    } finally {
      await new Promise((resolve) => impostor.close(resolve));
    }
  });
});
