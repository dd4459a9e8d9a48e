// One bad-input table, both transports: every row is a contract call with a bad argument, sent once over
// the IPC handler table and once over real HTTP to the bridge (through the renderer's own HTTP client),
// both in front of the same real core. The errors must be the same — path, code and both texts — and
// nothing may be stored. The rules live once, in src-main/core/schemas/arguments.ts.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoxOfficeApi, FieldError, Result } from '../../src-main/core/contract.ts';
import { openDatabase, type OpenedDatabase } from '../../src-main/core/db/open.ts';
import { HTTP_ROUTES, httpRequestFor, METHOD_PARAMETERS, type ContractMethod } from '../../src-main/core/transport-routes.ts';
import { createIpcHandlers, type IpcHandlers } from '../../src-main/electron/ipc-handlers.ts';
import { createBridge, type Bridge } from '../../src-main/headless/bridge.ts';
import { httpArguments } from '../../src-main/headless/http-arguments.ts';
import { BridgeError, createHttpClient } from '../../src-renderer/lib/http-client.ts';
import { editableOrders } from '../support/engine-harness.ts';
import { startImportedCore, type ImportedCore } from '../support/imported-core.ts';

const TOKEN = 'transport-arguments-token-0123456789';
const ORDER = '5f2a0c9e1b2c3d4e5f607182';

let core: ImportedCore;
let bridge: Bridge;
let observer: OpenedDatabase;
let ipc: IpcHandlers;
let http: BoxOfficeApi;
let order: string;

beforeAll(async () => {
  // The engine stays idle: what is stored must be exactly what the two transports let through.
  core = await startImportedCore({ prefix: 'transport-arguments-', sandbox: { orders: 20, seed: 5 }, start: false });
  bridge = await createBridge({ api: core.boxOffice.api, token: TOKEN, port: 0 });
  observer = openDatabase(core.dbFile);
  ipc = createIpcHandlers(core.boxOffice.api);
  http = createHttpClient({ baseUrl: bridge.url, token: TOKEN });
  [order] = editableOrders(core.sandbox, 1) as [string];
});

afterAll(async () => {
  await bridge?.close();
  observer?.close();
  await core?.stop();
});

function editRowCount(): number {
  return observer.sqlite.prepare('SELECT count(*) FROM edits').pluck().get() as number;
}

/** The errors a transport answered with, whether it said so as a Result or by throwing. */
async function errorsOf(call: () => Promise<unknown>): Promise<{ status: number; errors: FieldError[] }> {
  try {
    const answer = (await call()) as Result<unknown>;
    if (answer.ok) throw new Error(`accepted: ${JSON.stringify(answer.value).slice(0, 200)}`);
    return { status: answer.status, errors: answer.errors };
  } catch (error) {
    if (error instanceof BridgeError) return { status: error.status, errors: error.errors };
    throw error;
  }
}

type Row = [what: string, method: ContractMethod, args: unknown[], path: string, code: string];
const send = { settings: { send_tickets: true } };
const rows: Row[] = [
  ['an order id that is not 24 hex', 'saveEdit', ['12345', send], 'orderId', 'invalid_id'],
  ['an order id with a non-hex letter', 'getOrder', ['5f2a0c9e1b2c3d4e5f60718z'], 'orderId', 'invalid_id'],
  ['no edit at all', 'saveEdit', [ORDER], 'edit', 'required'],
  ['a blank operator', 'saveEdit', [ORDER, send, '   '], 'operator', 'empty'],
  ['an operator over 64 characters', 'saveEdit', [ORDER, send, 'a'.repeat(65)], 'operator', 'too_long'],
  ['an operator with a control character', 'saveEdit', [ORDER, send, 'anna\u0007'], 'operator', 'control_characters'],
  ['edit id 0', 'cancelEdit', [0], 'editId', 'invalid_edit_id'],
  ['a negative edit id', 'retryEdit', [-3], 'editId', 'invalid_edit_id'],
  ['a fractional edit id', 'discardEdit', [1.5], 'editId', 'invalid_edit_id'],
  ['an unknown edit state', 'listEdits', [{ state: 'lost' }], 'filter.state', 'not_one_of'],
  ['an edit list limit of 0', 'listEdits', [{ limit: 0 }], 'filter.limit', 'out_of_range'],
  ['an edit list limit over 1000', 'listEdits', [{ limit: 1001 }], 'filter.limit', 'out_of_range'],
  ['an edit list limit that is a word', 'listEdits', [{ limit: 'ten' }], 'filter.limit', 'out_of_range'],
  ['a bad order id filter', 'listEdits', [{ order_id: 'abc' }], 'filter.order_id', 'invalid_id'],
  ['an unknown filter field', 'listEdits', [{ sort: 'asc' }], 'filter.sort', 'unknown_field'],
  ['an unknown order status in search', 'search', [{ q: 'a', status: 'paid' }], 'query.status', 'not_one_of'],
  ['a bad event id in search', 'search', [{ q: 'a', event: 'tonight' }], 'query.event', 'invalid_id'],
  // The IPC limit was 500 while HTTP said 200: now both are the core's 200.
  ['a search limit over 200', 'search', [{ q: 'a', limit: 201 }], 'query.limit', 'out_of_range'],
  ['a search over 10 000 characters', 'search', [{ q: 'a'.repeat(10_001) }], 'query.q', 'too_long'],
  ['an unknown search field', 'search', [{ q: 'a', order: 'desc' }], 'query.order', 'unknown_field'],
  ['an empty API key', 'setApiKey', [''], 'key', 'required'],
  ['an API key with a space', 'setApiKey', ['abc def'], 'key', 'api_key_spaces'],
  ['an API key typed in the Russian layout', 'setApiKey', ['ыфтвищч-лун'], 'key', 'api_key_layout'],
  ['an API key over 200 characters', 'setApiKey', ['k'.repeat(201)], 'key', 'too_long'],
  ['an API key that is a number', 'setApiKey', [12345], 'key', 'not_a_string'],
  ['an import of a bad event id', 'importOrders', [{ events: ['tonight'] }], 'filter.events.0', 'invalid_id'],
  ['an import of over 100 events', 'importOrders', [{ events: Array.from({ length: 101 }, () => ORDER) }], 'filter.events', 'too_many_items'],
  ['an import of an unknown status', 'importOrders', [{ status: ['paid'] }], 'filter.status.0', 'not_one_of'],
  ['an import with a date that is not ISO', 'importOrders', [{ created_from: '28.11.2026' }], 'filter.created_from', 'invalid_date_time'],
  ['an import with an impossible date', 'importOrders', [{ created_to: '2026-13-45T00:00:00' }], 'filter.created_to', 'invalid_date_time'],
  ['an import with events not in a list', 'importOrders', [{ events: ORDER }], 'filter.events', 'not_a_list'],
  ['an import with an unknown field', 'importOrders', [{ page_size: 5 }], 'filter.page_size', 'unknown_field'],
];

describe('the same bad input over IPC and over HTTP', () => {
  it.each(rows)('refuses %s with the same error on both, and stores nothing', async (_what, method, args, path, code) => {
    const before = editRowCount();
    const overIpc = await errorsOf(() => (ipc[method] as (args: readonly unknown[]) => Promise<unknown>)(args));
    const overHttp = await errorsOf(() => (http[method] as (...args: unknown[]) => Promise<unknown>)(...args));
    expect(overIpc.status).toBe(422);
    expect(overIpc.errors).toContainEqual(expect.objectContaining({ path, code }));
    expect(overHttp).toEqual(overIpc);
    for (const error of overIpc.errors) {
      expect(error.message.en).toMatch(/\S/);
      expect(error.message.ru).toMatch(/[а-яё]/i);
    }
    expect(editRowCount()).toBe(before);
  });

  // Refusals that depend on the order as cached (edits/editable.ts): judged by the core, so the same too.
  const byStatus = (status: string): string => {
    const id = core.sandbox.orderIds().find((candidate) => core.sandbox.getOrderState(candidate)!.status === status);
    if (id === undefined) throw new Error(`no ${status} order in the sandbox`);
    return id;
  };
  it.each<[string, string, unknown, string, string]>([
    ['an edit of a paid order', 'done', send, '', 'order_not_editable'],
    ['an e-mail change of an order in progress', 'in_progress', { settings: { customer: { email: 'guest@example.com' } } }, 'settings.customer.email', 'email_not_editable'],
    ['a status change mixed with another change', 'executed', { status: 'done', promocodes: ['PROMO100'] }, 'status', 'status_alone'],
  ])('refuses %s at save with the same error on both, and stores nothing', async (_what, status, edit, path, code) => {
    const orderId = byStatus(status);
    const before = editRowCount();
    const overIpc = await errorsOf(() => ipc.saveEdit([orderId, edit, 'anna']));
    const overHttp = await errorsOf(() => http.saveEdit(orderId, edit, 'anna'));
    expect(overIpc.status).toBe(422);
    expect(overIpc.errors.map((error) => [error.path, error.code])).toEqual([[path, code]]);
    expect(overHttp).toEqual(overIpc);
    expect(editRowCount()).toBe(before);
  });

  it('saves the same good edit over both, normalised the same way', async () => {
    const edit = { settings: { customer: { phone: '8 (999) 123-45-76' } } };
    const overIpc = await ipc.saveEdit([order.toUpperCase(), edit, '  anna ']);
    const overHttp = await http.saveEdit(order.toUpperCase(), edit, '  anna ');
    expect(overIpc.ok && overHttp.ok).toBe(true);
    if (!overIpc.ok || !overHttp.ok) return;
    for (const saved of [overIpc.value, overHttp.value]) {
      expect(saved).toMatchObject({ order_id: order, operator: 'anna', body: { settings: { customer: { phone: '+79991234576' } } } });
    }
  });
});

describe('the transport table', () => {
  const samples: { [M in ContractMethod]: unknown[] } = {
    status: [],
    saveEdit: [ORDER, send, 'anna'],
    getOrder: [ORDER],
    refreshOrder: [ORDER],
    listEdits: [{ state: 'failed', order_id: ORDER, limit: 20 }],
    cancelEdit: [7],
    retryEdit: [8],
    discardEdit: [9],
    pauseSync: [],
    resumeSync: [],
    setApiKey: ['tc-key-0123456789'],
    search: [{ q: 'Иван 42', status: 'executed', event: ORDER, limit: 5 }],
    listEvents: [],
    importOrders: [{ events: [ORDER], status: ['executed'], created_from: '2026-11-28T00:00:00' }],
    historyCsv: [{ separator: ';' }],
  };

  it.each(Object.keys(samples) as ContractMethod[])('carries %s over HTTP and back to the same arguments', (method) => {
    const args = samples[method];
    const request = httpRequestFor(method, args);
    const url = new URL(request.url, 'http://127.0.0.1');
    const route = HTTP_ROUTES[method];
    // The bridge's router gives the `:name` segments by name; do the same with the table's pattern.
    const pattern = new RegExp(`^${route.path.replace(/:(\w+)/g, '(?<$1>[^/]+)')}$`);
    const params = Object.fromEntries(Object.entries(url.pathname.match(pattern)?.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
    const query = Object.fromEntries(url.searchParams);
    const named = httpArguments(route, { params, query, body: request.body });
    expect(named.ok).toBe(true);
    if (!named.ok) return;
    const expected = Object.fromEntries(METHOD_PARAMETERS[method].map((name: string, index) => [name, args[index]]));
    expect(named.value).toEqual(expected);
  });

  it('is the route table of docs/bridge-api.md, row for row', () => {
    const doc = readFileSync(new URL('../../docs/bridge-api.md', import.meta.url), 'utf8');
    const routes = doc.slice(doc.indexOf('## Routes'), doc.indexOf('### Parameters'));
    const documented = [...routes.matchAll(/`(GET|POST|PUT|DELETE) (\/api\/[^\s`?]*)/g)].map((m) => `${m[1]} ${m[2]}`);
    const table = Object.values(HTTP_ROUTES).map((route) => `${route.verb} ${route.path}`);
    // The event stream is not a contract method: it is `subscribe`.
    expect(documented.filter((route) => route !== 'GET /api/events').sort()).toEqual(table.sort());
  });
});
