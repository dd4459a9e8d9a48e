// The HTTP bridge of headless/browser mode, over real HTTP: the service on a real SQLite file, talking to
// the real sandbox. What docs/bridge-api.md promises: who may call, what bad input gets, the state rules
// of edits, the overlay of pending edits and the event stream.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent, EditDto, OrderView, StatusDto } from '../../src-main/core/contract.ts';
import { openDatabase, type OpenedDatabase } from '../../src-main/core/db/open.ts';
import type { BoxOffice } from '../../src-main/core/service.ts';
import { createBridge, MAX_EVENT_STREAMS, type Bridge } from '../../src-main/headless/bridge.ts';
import type { Sandbox } from '../../src-main/sandbox/server.ts';
import { startImportedCore, type ImportedCore } from '../support/imported-core.ts';
import { waitUntil } from '../support/wait.ts';

const TOKEN = 'bridge-test-token-0123456789';
const FROZEN = new Set(['done', 'cancelled', 'expired']);
const DEADLINE_MS = 15_000;
const WAIT = { timeoutMs: DEADLINE_MS, intervalMs: 25 };

let core: ImportedCore;
let folder: string;
let sandbox: Sandbox;
let boxOffice: BoxOffice;
let bridge: Bridge;
let observer: OpenedDatabase;
let editableOrders: string[];

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

interface CallOptions {
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  token?: string | null;
}

async function call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${bridge.url}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = null;
  if (response.headers.get('content-type')?.includes('application/json')) parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed, text };
}

function errorsOf(answer: Answer): { path: string; code: string; message: { en: string; ru: string } }[] {
  return (answer.body as { errors: { path: string; code: string; message: { en: string; ru: string } }[] }).errors;
}

/** A clear error: machine code, a path, and a message in both languages. */
function expectClearError(answer: Answer, status: number, code?: string, path?: string): void {
  expect(answer.status, answer.text).toBe(status);
  const errors = errorsOf(answer);
  expect(errors.length).toBeGreaterThan(0);
  for (const error of errors) {
    expect(typeof error.path).toBe('string');
    expect(error.code).toMatch(/^[a-z_]+$/);
    expect(error.message.en.length).toBeGreaterThan(0);
    expect(error.message.ru.length).toBeGreaterThan(0);
  }
  if (code !== undefined) expect(errors.map((e) => e.code)).toContain(code);
  if (path !== undefined) expect(errors.map((e) => e.path)).toContain(path);
}

function editRowCount(): number {
  return observer.sqlite.prepare('SELECT count(*) FROM edits').pluck().get() as number;
}

async function editById(id: number, orderId: string): Promise<EditDto> {
  const answer = await call('GET', `/api/edits?order_id=${orderId}`);
  const edit = (answer.body as { edits: EditDto[] }).edits.find((candidate) => candidate.id === id);
  if (!edit) throw new Error(`edit ${id} not listed`);
  return edit;
}

async function saveEdit(orderId: string, edit: unknown, operator?: string): Promise<EditDto> {
  const answer = await call('POST', `/api/orders/${orderId}/edits`, { body: { edit, operator } });
  expect(answer.status, answer.text).toBe(201);
  return (answer.body as { edit: EditDto }).edit;
}

/** Reads `GET /api/events` as it arrives. */
async function openEvents(query = `?token=${TOKEN}`) {
  const abort = new AbortController();
  const response = await fetch(`${bridge.url}/api/events${query}`, { signal: abort.signal });
  const events: ApiEvent[] = [];
  const reading = (async () => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        for (const line of block.split('\n')) {
          if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)) as ApiEvent);
        }
      }
    }
  })().catch(() => undefined);
  return {
    response,
    next: (what: string, predicate: (event: ApiEvent) => boolean) =>
      waitUntil(what, () => events.find(predicate), WAIT),
    close: async () => {
      abort.abort();
      await reading;
    },
  };
}

beforeAll(async () => {
  core = await startImportedCore({ prefix: 'bridge-test-', sandbox: { orders: 60, seed: 11 } });
  ({ folder, sandbox, boxOffice } = core);
  bridge = await createBridge({ api: boxOffice.api, token: TOKEN, port: 0 });
  observer = openDatabase(core.dbFile);
  editableOrders = sandbox.orderIds().filter((id) => !FROZEN.has(sandbox.getOrderState(id)!.status));
  expect(editableOrders.length).toBeGreaterThan(10);
});

afterAll(async () => {
  await bridge?.close();
  observer?.close();
  await core?.stop();
});

describe('who may call the bridge', () => {
  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { authorization: 'Bearer not-the-token-0123456789' }],
    ['the token under another scheme', { authorization: `Basic ${TOKEN}` }],
    ['an empty bearer', { authorization: 'Bearer ' }],
  ])('refuses an /api request with %s (401)', async (_name, headers) => {
    const answer = await call('GET', '/api/status', { token: null, headers });
    expectClearError(answer, 401, 'unauthorized');
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('takes the token from the query string on /api/events only', async () => {
    expectClearError(await call('GET', `/api/status?token=${TOKEN}`, { token: null }), 401, 'unauthorized');
    expectClearError(await call('GET', '/api/events?token=wrong-token-0123456789', { token: null }), 401);
    const events = await openEvents();
    expect(events.response.status).toBe(200);
    await events.close();
  });

  it('answers a caller with the right token', async () => {
    const answer = await call('GET', '/api/status');
    expect(answer.status).toBe(200);
    const status = answer.body as StatusDto;
    expect(Object.keys(status).sort()).toEqual(['deadline', 'failed', 'last_sync_at', 'online', 'paused', 'pending']);
  });

  it('refuses a foreign Origin even with the right token (403), and accepts its own', async () => {
    for (const origin of ['http://evil.example', 'http://127.0.0.1:1', 'null', `https://127.0.0.1:${bridge.port}`]) {
      expectClearError(await call('GET', '/api/status', { headers: { origin } }), 403, 'forbidden_origin');
    }
    const before = editRowCount();
    const posted = await call('POST', `/api/orders/${editableOrders[0]}/edits`, {
      body: { edit: { settings: { send_tickets: true } } },
      headers: { origin: 'http://evil.example' },
    });
    expectClearError(posted, 403, 'forbidden_origin');
    expect(editRowCount()).toBe(before);
    for (const origin of [`http://127.0.0.1:${bridge.port}`, `http://localhost:${bridge.port}`]) {
      expect((await call('GET', '/api/status', { headers: { origin } })).status).toBe(200);
    }
  });

  it('refuses a request addressed to a foreign host name (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        { host: '127.0.0.1', port: bridge.port, path: '/api/status', headers: { host: 'attacker.example', authorization: `Bearer ${TOKEN}` } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.end();
    });
    expect(status).toBe(403);
  });

  it('answers an unknown route with 404 JSON, and puts the security headers on every answer', async () => {
    const answer = await call('GET', '/api/no-such-thing');
    expectClearError(answer, 404, 'not_found');
    expectClearError(await call('PATCH', '/api/status'), 404, 'not_found');
    for (const header of ['content-security-policy', 'x-content-type-options', 'referrer-policy']) {
      expect(answer.headers.get(header)).toBeTruthy();
    }
    expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
  });
});

describe('bad input at the bridge stores nothing', () => {
  const long = (n: number, char = 'x') => char.repeat(n);
  const rawKeys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
  const codes = (n: number) => Array.from({ length: n }, (_, i) => `CODE${i}`);

  type Row = [name: string, request: CallOptions, status: number, code: string | undefined, path: string | undefined];
  const rows: Row[] = [
    ['a name over 200 characters', { body: { edit: { settings: { customer: { name: long(201) } } } } }, 422, 'too_long', 'settings.customer.name'],
    ['an empty name', { body: { edit: { settings: { customer: { name: '   ' } } } } }, 422, undefined, 'settings.customer.name'],
    ['a name that is a number', { body: { edit: { settings: { customer: { name: 42 } } } } }, 422, undefined, 'settings.customer.name'],
    ['an email without @', { body: { edit: { settings: { customer: { email: 'ivan.example.com' } } } } }, 422, 'invalid_email', 'settings.customer.email'],
    ['an email over 254 characters', { body: { edit: { settings: { customer: { email: `${long(250)}@x.ru` } } } } }, 422, undefined, 'settings.customer.email'],
    ['a phone with too few digits', { body: { edit: { settings: { customer: { phone: '+7 999' } } } } }, 422, undefined, 'settings.customer.phone'],
    ['a phone with letters', { body: { edit: { settings: { customer: { phone: 'call me' } } } } }, 422, undefined, 'settings.customer.phone'],
    ['a language other than en/ru', { body: { edit: { settings: { customer: { lang: 'de' } } } } }, 422, 'invalid_lang', 'settings.customer.lang'],
    ['send_tickets as a string', { body: { edit: { settings: { send_tickets: 'yes' } } } }, 422, undefined, 'settings.send_tickets'],
    ['a vendor order id over 64 characters', { body: { edit: { vendor_data: { order_id: long(65) } } } }, 422, 'too_long', 'vendor_data.order_id'],
    ['21 raw keys', { body: { edit: { vendor_data: { raw: rawKeys(21) } } } }, 422, 'too_many_keys', undefined],
    ['a raw key over 40 characters', { body: { edit: { vendor_data: { raw: { [long(41)]: 'v' } } } } }, 422, 'key_too_long', undefined],
    ['a raw value over 128 characters', { body: { edit: { vendor_data: { raw: { note: long(129) } } } } }, 422, 'too_long', 'vendor_data.raw.note'],
    ['a raw value that is an object', { body: { edit: { vendor_data: { raw: { note: { a: 1 } } } } } }, 422, undefined, 'vendor_data.raw.note'],
    ['21 promocodes', { body: { edit: { promocodes: codes(21) } } }, 422, 'too_many_promocodes', 'promocodes'],
    ['a promocode over 64 characters', { body: { edit: { promocodes: [long(65)] } } }, 422, undefined, undefined],
    ['promocodes that are not a list', { body: { edit: { promocodes: 'PROMO100' } } }, 422, undefined, 'promocodes'],
    ['an unknown field in the edit', { body: { edit: { tickets: [] } } }, 422, 'unknown_field', 'tickets'],
    ['an unknown customer field', { body: { edit: { settings: { customer: { age: 30 } } } } }, 422, 'unknown_field', 'settings.customer.age'],
    ['an unknown field next to the edit', { body: { edit: { settings: { send_tickets: true } }, priority: 1 } }, 422, 'unknown_field', 'priority'],
    ['no edit at all', { body: { operator: 'anna' } }, 422, 'required', 'edit'],
    ['an edit that changes nothing', { body: { edit: {} } }, 422, undefined, undefined],
    ['an edit that is a number', { body: { edit: 5 } }, 422, undefined, undefined],
    ['a body that is a list', { body: [{ edit: { settings: { send_tickets: true } } }] }, 422, 'not_an_object', ''],
    ['a body that is a JSON string', { body: 'send tickets' }, 422, 'not_an_object', ''],
    ['an operator that is a number', { body: { edit: { settings: { send_tickets: true } }, operator: 7 } }, 422, 'not_a_string', 'operator'],
    ['an operator over 64 characters', { body: { edit: { settings: { send_tickets: true } }, operator: long(65) } }, 422, 'too_long', 'operator'],
    ['malformed JSON', { rawBody: '{"edit": {"settings": ' }, 400, 'invalid_json', ''],
    ['JSON with a trailing comma', { rawBody: '{"edit": {"settings": {"send_tickets": true},}}' }, 400, 'invalid_json', ''],
    ['an empty body', { rawBody: '' }, 422, 'required', 'edit'],
    ['a 10 MB body', { rawBody: JSON.stringify({ edit: { settings: { customer: { name: long(10 * 1024 * 1024) } } } }) }, 400, 'request_too_large', ''],
    ['a text/plain body', { rawBody: 'edit=1', headers: { 'content-type': 'text/plain' } }, 415, 'unsupported_media_type', ''],
    ['a form body', { rawBody: 'edit=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported_media_type', ''],
  ];

  it.each(rows)('refuses %s with a clear error', async (_name, request, status, code, path) => {
    const before = editRowCount();
    const answer = await call('POST', `/api/orders/${editableOrders[1]}/edits`, request);
    expectClearError(answer, status, code, path);
    expect(editRowCount()).toBe(before);
  });

  it('reports every bad field of one edit at once', async () => {
    const answer = await call('POST', `/api/orders/${editableOrders[1]}/edits`, {
      body: { edit: { settings: { customer: { email: 'nope', lang: 'xx' } }, vendor_data: { order_id: long(65) } } },
    });
    expectClearError(answer, 422);
    expect(errorsOf(answer).map((e) => e.path).sort()).toEqual(
      ['settings.customer.email', 'settings.customer.lang', 'vendor_data.order_id'].sort(),
    );
  });

  it('refuses a 10 MB body sent without a length (chunked) too', async () => {
    const before = editRowCount();
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"edit":"'));
        if (sent >= 10 * 1024 * 1024) {
          controller.enqueue(new TextEncoder().encode('"}'));
          controller.close();
          return;
        }
        controller.enqueue(chunk);
        sent += chunk.length;
      },
    });
    const response = await fetch(`${bridge.url}/api/orders/${editableOrders[1]}/edits`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    const answer: Answer = { status: response.status, headers: response.headers, text: '', body: await response.json() };
    expectClearError(answer, 400, 'request_too_large', '');
    expect(editRowCount()).toBe(before);
  });

  const orderId = '5f2a0c9e1b2c3d4e5f607182';
  type ParamRow = [name: string, method: string, path: string, body: unknown, code: string, errorPath: string | undefined];
  // The contract's argument rules are one table for IPC and HTTP (transport-arguments.test.ts); here what
  // only HTTP can get wrong: how a path, a query string or a body spells them.
  const paramRows: ParamRow[] = [
    ['an edit id with a leading zero', 'POST', '/api/edits/07/cancel', undefined, 'invalid_edit_id', 'editId'],
    ['an edit id beyond any integer', 'POST', '/api/edits/99999999999999999999/cancel', undefined, 'invalid_edit_id', 'editId'],
    ['an edit id that is a word', 'DELETE', '/api/edits/latest', undefined, 'invalid_edit_id', 'editId'],
    ['a repeated query parameter', 'GET', '/api/edits?state=pending&state=failed', undefined, 'repeated', 'filter.state'],
    ['no API key', 'PUT', '/api/settings/api-key', {}, 'required', 'key'],
    ['an unknown field next to the key', 'PUT', '/api/settings/api-key', { key: 'abc', scope: 'all' }, 'unknown_field', 'scope'],
    ['an import body that is a list', 'POST', '/api/orders/import', [orderId], 'not_an_object', 'filter'],
  ];

  it.each(paramRows)('refuses %s with 422', async (_name, method, path, body, code, errorPath) => {
    const before = editRowCount();
    const statusBefore = (await call('GET', '/api/status')).body;
    const answer = await call(method, path, body === undefined ? {} : { body });
    expectClearError(answer, 422, code, errorPath);
    expect(editRowCount()).toBe(before);
    expect((await call('GET', '/api/status')).body).toEqual(statusBefore);
  });
});

describe('edits through the bridge', () => {
  it('stores a valid edit before answering 201 with the whole edit object', async () => {
    const orderId = editableOrders[2]!;
    await call('POST', '/api/sync/pause');
    try {
      const before = editRowCount();
      const edit = await saveEdit(orderId, { settings: { customer: { name: 'Анна Каренина' } } }, 'anna');
      expect(editRowCount()).toBe(before + 1);
      expect(Object.keys(edit).sort()).toEqual(
        ['attempts', 'body', 'created_at', 'discarded_at', 'error', 'id', 'next_attempt_at', 'operator', 'order_id', 'promocode_errors', 'state', 'synced_at', 'conflicts'].sort(),
      );
      expect(edit).toMatchObject({ order_id: orderId, operator: 'anna', state: 'pending', attempts: 0, synced_at: null, error: null, promocode_errors: [] });
      expect(edit.body).toEqual({ settings: { customer: { name: 'Анна Каренина' } } });
      expect(new Date(edit.created_at).toISOString()).toBe(edit.created_at);
    } finally {
      await call('POST', '/api/sync/resume');
    }
  });

  it('shows a pending edit laid over the server copy in GET /api/orders/:id', async () => {
    const orderId = editableOrders[3]!;
    const serverName = sandbox.getOrderState(orderId)!.settings.customer?.name;
    const paused = await call('POST', '/api/sync/pause');
    expect((paused.body as StatusDto).paused).toBe('user');
    try {
      const edit = await saveEdit(orderId, {
        settings: { customer: { name: 'Пётр Петров' }, send_tickets: true },
        vendor_data: { raw: { seat_note: 'aisle' } },
      });
      const view = (await call('GET', `/api/orders/${orderId}`)).body as OrderView;
      expect(view.order?.settings.customer?.name).toBe('Пётр Петров');
      expect(view.order?.settings.send_tickets).toBe(true);
      expect(view.order?.vendor_data.raw?.seat_note).toBe('aisle');
      expect(view.server_order?.settings.customer?.name).toBe(serverName);
      expect(view.server_order?.id).toBe(orderId);
      expect(view.refs?.events).toBeTruthy();
      expect(view.edits[0]).toMatchObject({ id: edit.id, state: 'pending' });
    } finally {
      await call('POST', '/api/sync/resume');
    }
    const synced = await waitUntil('the edit to sync', async () => {
      const view = (await call('GET', `/api/orders/${orderId}`)).body as OrderView;
      return view.edits[0]?.state === 'synced' ? view : undefined;
    }, WAIT);
    expect(synced.server_order?.settings.customer?.name).toBe('Пётр Петров');
    expect(sandbox.getOrderState(orderId)!.settings.customer?.name).toBe('Пётр Петров');
  });

  it('answers nulls for an order that exists nowhere', async () => {
    const view = (await call('GET', '/api/orders/ffffffffffffffffffffffff')).body as OrderView;
    expect(view).toEqual({ order: null, server_order: null, refs: null, fetched_at: null, edits: [], older_edits: 0 });
  });

  it('cancels only a pending edit; a cancelled or synced one answers 409', async () => {
    const orderId = editableOrders[4]!;
    await call('POST', '/api/sync/pause');
    let pendingId: number;
    try {
      const pending = await saveEdit(orderId, { settings: { send_tickets: false } });
      pendingId = pending.id;
      expectClearError(await call('POST', `/api/edits/${pending.id}/retry`), 409);
      expectClearError(await call('DELETE', `/api/edits/${pending.id}`), 409);
      const cancelled = await call('POST', `/api/edits/${pending.id}/cancel`);
      expect(cancelled.status).toBe(200);
      expect((cancelled.body as { edit: EditDto }).edit).toMatchObject({ id: pending.id, state: 'cancelled' });
      expectClearError(await call('POST', `/api/edits/${pending.id}/cancel`), 409);
    } finally {
      await call('POST', '/api/sync/resume');
    }
    const synced = await saveEdit(orderId, { vendor_data: { order_id: 'V-42' } });
    await waitUntil('the edit to sync', async () => ((await editById(synced.id, orderId)).state === 'synced' ? true : undefined), WAIT);
    expectClearError(await call('POST', `/api/edits/${synced.id}/cancel`), 409);
    expectClearError(await call('POST', `/api/edits/${synced.id}/retry`), 409);
    expect((await editById(pendingId, orderId)).state).toBe('cancelled');
  });

  it('retries or discards only a failed edit, and says 404 for an edit that does not exist', async () => {
    // The sandbox has no such order: the engine's GET answers 404 and the edit fails for good.
    const goneOrder = 'aaaaaaaaaaaaaaaaaaaaaaaa';
    const edit = await saveEdit(goneOrder, { settings: { send_tickets: true } });
    const failed = await waitUntil('the edit to fail', async () => {
      const current = await editById(edit.id, goneOrder);
      return current.state === 'failed' ? current : undefined;
    }, WAIT);
    expect(failed.error).toBeTruthy();
    expectClearError(await call('POST', `/api/edits/${edit.id}/cancel`), 409);

    const retried = await call('POST', `/api/edits/${edit.id}/retry`);
    expect(retried.status).toBe(200);
    expect((retried.body as { edit: EditDto }).edit.id).toBe(edit.id);
    await waitUntil('the retried edit to fail again', async () => ((await editById(edit.id, goneOrder)).state === 'failed' ? true : undefined), WAIT);

    const discarded = await call('DELETE', `/api/edits/${edit.id}`);
    expect(discarded.status).toBe(200);
    expect((discarded.body as { edit: EditDto }).edit).toMatchObject({ state: 'cancelled' });
    expect((discarded.body as { edit: EditDto }).edit.discarded_at).not.toBeNull();
    expectClearError(await call('DELETE', `/api/edits/${edit.id}`), 409);
    expectClearError(await call('POST', `/api/edits/${edit.id}/retry`), 409);

    expectClearError(await call('POST', '/api/edits/987654321/cancel'), 404);
    expectClearError(await call('DELETE', '/api/edits/987654321'), 404);
  });

  it('lists edits newest first and filters them by state and order', async () => {
    const orderId = editableOrders[5]!;
    await call('POST', '/api/sync/pause');
    try {
      const first = await saveEdit(orderId, { settings: { customer: { lang: 'en' } } });
      const second = await saveEdit(orderId, { settings: { customer: { lang: 'ru' } } });
      const listed = (await call('GET', `/api/edits?order_id=${orderId}&state=pending`)).body as { edits: EditDto[] };
      expect(listed.edits.map((e) => e.id)).toEqual([second.id, first.id]);
      const limited = (await call('GET', '/api/edits?limit=1')).body as { edits: EditDto[] };
      expect(limited.edits).toHaveLength(1);
    } finally {
      await call('POST', '/api/sync/resume');
    }
  });
});

describe('the event stream', () => {
  it('starts with the engine state, then delivers an edit event after a POST', async () => {
    const events = await openEvents();
    try {
      expect(events.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const engine = await events.next('the engine event', (event) => event.type === 'engine');
      expect(engine).toMatchObject({ type: 'engine' });
      const orderId = editableOrders[6]!;
      const saved = await saveEdit(orderId, { vendor_data: { raw: { gate: 'B' } } });
      await events.next('the saved edit', (event) => event.type === 'edit' && event.edit.id === saved.id);
      await events.next('the synced edit', (event) => event.type === 'edit' && event.edit.id === saved.id && event.edit.state === 'synced');
      await events.next('the order change', (event) => event.type === 'order' && event.order_id === orderId);
    } finally {
      await events.close();
    }
  });

  it('sends a heartbeat comment while nothing happens, so idle streams stay open', async () => {
    const quiet = await createBridge({ api: boxOffice.api, token: TOKEN, port: 0, heartbeatMs: 30 });
    const abort = new AbortController();
    try {
      const response = await fetch(`${quiet.url}/api/events?token=${TOKEN}`, { signal: abort.signal });
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      await waitUntil('a heartbeat', async () => {
        const { value } = await reader.read();
        text += value ?? '';
        return text.includes('\n: heartbeat\n\n') ? true : undefined;
      }, WAIT);
      expect(text.startsWith('retry: ')).toBe(true);
    } finally {
      abort.abort();
      await quiet.close();
    }
  });

  it(`refuses a stream past ${MAX_EVENT_STREAMS} open ones with a clear 429, and takes one again once a stream closes`, async () => {
    const capped = await createBridge({ api: boxOffice.api, token: TOKEN, port: 0 });
    const open: AbortController[] = [];
    const openStream = async (): Promise<Response> => {
      const abort = new AbortController();
      const response = await fetch(`${capped.url}/api/events?token=${TOKEN}`, { signal: abort.signal });
      if (response.status === 200) open.push(abort);
      return response;
    };
    try {
      for (let i = 0; i < MAX_EVENT_STREAMS; i++) expect((await openStream()).status).toBe(200);
      const refused = await openStream();
      const answer: Answer = { status: refused.status, headers: refused.headers, text: await refused.text(), body: null };
      answer.body = JSON.parse(answer.text);
      expectClearError(answer, 429, 'too_many_event_streams');
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      // The API itself still answers.
      expect((await fetch(`${capped.url}/api/status`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);

      open.shift()?.abort();
      await waitUntil('a stream slot to free up', async () => {
        const again = await openStream();
        if (again.status === 200) return true;
        await again.body?.cancel();
        return undefined;
      }, WAIT);
    } finally {
      for (const abort of open) abort.abort();
      await capped.close();
    }
  });

  it('takes the token in an Authorization header too', async () => {
    const response = await fetch(`${bridge.url}/api/events`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    await response.body?.cancel();
  });
});

describe('search, import, history and the API key over the bridge', () => {
  it('imports with a filter and reports progress, then finds orders by number', async () => {
    const events = await openEvents();
    try {
      const answer = await call('POST', '/api/orders/import', { body: { status: ['in_progress', 'executed'] } });
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body).toMatchObject({ imported: expect.any(Number), pages: expect.any(Number) });
      await events.next('import progress', (event) => event.type === 'import' && event.done);
    } finally {
      await events.close();
    }
    const order = sandbox.getOrderState(editableOrders[7]!)!;
    const found = (await call('GET', `/api/search?q=${order.number}&limit=5`)).body as { results: { id: string }[]; took_ms: number };
    expect(found.results.map((r) => r.id)).toContain(order.id);
    const eventsList = (await call('GET', '/api/events-list')).body as { events: { id: string; title: string }[] };
    expect(eventsList.events.map((e) => e.id)).toContain(order.event);
  });

  it('exports the edit history as CSV', async () => {
    const answer = await call('GET', '/api/history.csv');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(answer.text.split('\n').length).toBeGreaterThan(2);
  });

  it('refuses a key typed in the Russian layout (or with any non-ASCII character) with a clear 422, and keeps the working key', async () => {
    for (const key of ['ыфтвищч-лун', 'sandbox-kéy', 'key\u00a0with-nbsp']) {
      const answer = await call('PUT', '/api/settings/api-key', { body: { key } });
      expectClearError(answer, 422, 'api_key_layout', 'key');
      expect(answer.text).not.toContain(key);
    }
    expect(errorsOf(await call('PUT', '/api/settings/api-key', { body: { key: 'ыфтвищч-лун' } }))[0]?.message.ru).toContain('раскладк');
    // The engine still uses the key it had: an edit goes out.
    const saved = await saveEdit(editableOrders[8]!, { vendor_data: { order_id: 'V-key' } });
    await waitUntil('the edit to sync with the old key', async () => ((await editById(saved.id, editableOrders[8]!)).state === 'synced' ? true : undefined), WAIT);
  });

  it('accepts a well-formed API key and answers the status', async () => {
    const answer = await call('PUT', '/api/settings/api-key', { body: { key: sandbox.apiKey } });
    expect(answer.status).toBe(200);
    expect((answer.body as StatusDto).paused).toBeNull();
  });
});

describe('serving the renderer', () => {
  it('serves the built renderer at / without a token, with a strict CSP', async () => {
    const rendererDir = join(folder, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Касса</title><script type="module" src="./app.js"></script>');
    writeFileSync(join(rendererDir, 'app.js'), 'console.log("box office")');
    const served = await createBridge({ api: boxOffice.api, token: TOKEN, port: 0, rendererDir });
    try {
      const page = await fetch(`${served.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Касса');
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await fetch(`${served.url}/app.js`)).status).toBe(200);
      expect((await fetch(`${served.url}/api/status`)).status).toBe(401);
      expect((await fetch(`${served.url}/missing.js`)).status).toBe(404);
    } finally {
      await served.close();
    }
  });

  it('serves only regular files inside the renderer folder: no symlink out of it, no dotfile', async () => {
    const rendererDir = join(folder, 'renderer-with-traps');
    const outside = join(folder, 'outside');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(outside, 'passwd'), 'root:x:0:0:secret');
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Касса</title>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("box office")');
    writeFileSync(join(rendererDir, '.env'), 'TICKETSCLOUD_API_KEY=secret');
    mkdirSync(join(rendererDir, '.git'));
    writeFileSync(join(rendererDir, '.git', 'config'), '[core] secret');
    symlinkSync(join(outside, 'passwd'), join(rendererDir, 'passwd'));
    symlinkSync(outside, join(rendererDir, 'linked'));
    const served = await createBridge({ api: boxOffice.api, token: TOKEN, port: 0, rendererDir });
    try {
      const page = await fetch(`${served.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Касса');
      expect((await fetch(`${served.url}/index.html`)).status).toBe(200);
      expect((await fetch(`${served.url}/assets/app.js?v=2`)).status).toBe(200);
      for (const path of ['/passwd', '/linked/passwd', '/.env', '/.git/config', '/%2eenv', '/assets/..%2f.env', '/assets', '/assets//app.js']) {
        const answer = await fetch(`${served.url}${path}`);
        const text = await answer.text();
        expect(answer.status, path).toBe(404);
        expect(text, path).not.toContain('secret');
      }
    } finally {
      await served.close();
    }
  });
});
