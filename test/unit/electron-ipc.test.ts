// The desktop app's IPC boundary: what the renderer may send, who may send it, and what comes back.
import { describe, expect, it, vi } from 'vitest';
import type { ApiEvent, Result } from '../../src-main/core/contract.ts';
import { API_METHODS, EVENT_CHANNEL, channelFor } from '../../src-main/electron/channels.ts';
import { createIpcHandlers } from '../../src-main/electron/ipc-handlers.ts';
import { registerIpc } from '../../src-main/electron/ipc.ts';
import { rendererLocation } from '../../src-main/electron/security.ts';
import { EDIT, STATUS, fakeApi } from './electron-fake-api.ts';

const ORDER_ID = '5f2a0c9e1b2c3d4e5f607182';

function errorOf(reply: Result<unknown>) {
  expect(reply.ok).toBe(false);
  if (reply.ok) throw new Error('expected a refusal');
  return { status: reply.status, ...reply.errors[0] };
}

describe('IPC handler table', () => {
  it('has one handler for every method of the contract except subscribe', () => {
    const handlers = createIpcHandlers(fakeApi().api);
    expect(Object.keys(handlers).sort()).toEqual([...API_METHODS].sort());
    expect(API_METHODS).not.toContain('subscribe');
    expect(channelFor('saveEdit')).toBe('box-office:saveEdit');
  });

  it('passes a valid edit to the core unchanged and answers with the core Result', async () => {
    const { api } = fakeApi();
    const edit = { settings: { customer: { name: 'Иван', email: 'ivan@example.com' } } };
    const reply = await createIpcHandlers(api).saveEdit([ORDER_ID.toUpperCase(), edit, '  anna ']);
    expect(reply).toEqual({ ok: true, value: EDIT });
    expect(api.saveEdit).toHaveBeenCalledWith(ORDER_ID, edit, 'anna');
  });

  it('hands the core validation errors of an edit back to the clerk as they are', async () => {
    const { api } = fakeApi();
    const invalid = {
      ok: false as const,
      status: 422,
      errors: [{ path: 'settings.customer.email', code: 'invalid_email', message: { en: 'Not a valid email address', ru: 'Неверный адрес' } }],
    };
    api.saveEdit.mockResolvedValueOnce(invalid);
    const reply = await createIpcHandlers(api).saveEdit([ORDER_ID, { settings: { customer: { email: 'nope' } } }]);
    expect(reply).toEqual(invalid);
  });

  // The rules themselves are one table for both transports (test/integration/transport-arguments.test.ts);
  // here only what HTTP cannot even send: values that are not text.
  it.each([
    ['a path trick', '../../../../etc/passwd00', 'invalid_id'],
    ['a number', 12345, 'not_a_string'],
    ['missing', undefined, 'required'],
  ])('refuses to save an edit for an order id that is %s, and stores nothing', async (_case, orderId, code) => {
    const { api } = fakeApi();
    const reply = await createIpcHandlers(api).saveEdit([orderId, { settings: { send_tickets: true } }]);
    expect(errorOf(reply)).toMatchObject({ status: 422, path: 'orderId', code });
    expect(api.saveEdit).not.toHaveBeenCalled();
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '7', null, undefined])(
    'refuses edit id %s for cancel, retry and discard without touching the outbox',
    async (editId) => {
      const { api } = fakeApi();
      const handlers = createIpcHandlers(api);
      for (const reply of [await handlers.cancelEdit([editId]), await handlers.retryEdit([editId]), await handlers.discardEdit([editId])]) {
        expect(errorOf(reply)).toMatchObject({ status: 422, path: 'editId' });
      }
      expect(api.cancelEdit).not.toHaveBeenCalled();
      expect(api.retryEdit).not.toHaveBeenCalled();
      expect(api.discardEdit).not.toHaveBeenCalled();
    },
  );

  it('cancels, retries and discards a valid edit id and passes the outbox answer through', async () => {
    const { api } = fakeApi();
    const conflict = { ok: false as const, status: 409, errors: [{ path: '', code: 'invalid_state', message: { en: 'Only a pending edit can be cancelled', ru: '…' } }] };
    api.cancelEdit.mockResolvedValueOnce(conflict);
    const handlers = createIpcHandlers(api);
    expect(await handlers.cancelEdit([7])).toEqual(conflict);
    expect(await handlers.retryEdit([7])).toEqual({ ok: true, value: EDIT });
    expect(await handlers.discardEdit([7])).toEqual({ ok: true, value: EDIT });
    expect(api.retryEdit).toHaveBeenCalledWith(7);
  });

  // What only IPC can be sent (values of any type); the rules themselves are shared with HTTP and tested
  // as one table in test/integration/transport-arguments.test.ts.
  it.each([
    ['listEdits', 'not an object', 'pending', 'filter', 'not_an_object'],
    ['listEdits', 'a list', [{ state: 'pending' }], 'filter', 'not_an_object'],
    ['listEdits', 'a limit that is text', { limit: '5' }, 'filter.limit', 'out_of_range'],
    ['search', 'text that is a number', { q: 42 }, 'query.q', 'not_a_string'],
    ['search', 'text over 10 000 characters', { q: 'я'.repeat(10_001) }, 'query.q', 'too_long'],
    ['importOrders', 'no filter at all', undefined, 'filter', 'required'],
    ['importOrders', 'a bad second event id', { events: [ORDER_ID, 'nope'] }, 'filter.events.1', 'invalid_id'],
    ['importOrders', 'a date that is a number', { created_from: 20261128 }, 'filter.created_from', 'not_a_string'],
  ] as const)('refuses %s with %s without calling the core', async (method, _case, argument, path, code) => {
    const { api } = fakeApi();
    const handle = createIpcHandlers(api)[method] as (args: readonly unknown[]) => Promise<Result<unknown>>;
    expect(errorOf(await handle([argument]))).toMatchObject({ status: 422, path, code });
    expect(api[method]).not.toHaveBeenCalled();
  });

  it('lists edits with a valid filter or none, wrapping the list in a Result', async () => {
    const { api } = fakeApi();
    const handlers = createIpcHandlers(api);
    expect(await handlers.listEdits([{ state: 'failed', limit: 20 }])).toEqual({ ok: true, value: [EDIT] });
    expect(api.listEdits).toHaveBeenLastCalledWith({ state: 'failed', limit: 20 });
    expect(await handlers.listEdits([])).toEqual({ ok: true, value: [EDIT] });
    expect(api.listEdits).toHaveBeenLastCalledWith(undefined);
  });


  it('searches any text the clerk types, quotes and FTS syntax included', async () => {
    const { api } = fakeApi();
    const reply = await createIpcHandlers(api).search([{ q: 'Иван" OR NEAR(*', status: 'done', limit: 50 }]);
    expect(reply).toEqual({ ok: true, value: { results: [], took_ms: 1 } });
    expect(api.search).toHaveBeenCalledWith({ q: 'Иван" OR NEAR(*', status: 'done', limit: 50 });
  });


  it('imports with a valid filter and answers with the import Result', async () => {
    const { api } = fakeApi();
    const filter = { events: [ORDER_ID], status: ['executed', 'done'], created_from: '2026-11-01T00:00:00' };
    expect(await createIpcHandlers(api).importOrders([filter])).toEqual({ ok: true, value: { imported: 3, pages: 1, skipped: 0, skipped_orders: [] } });
    expect(api.importOrders).toHaveBeenCalledWith(filter);
  });

  it('exports the history with the separator asked for, and refuses one that is not `,` or `;`', async () => {
    const { api } = fakeApi();
    const handlers = createIpcHandlers(api);
    expect(await handlers.historyCsv([{ separator: ';' }])).toMatchObject({ ok: true });
    expect(api.historyCsv).toHaveBeenCalledWith({ separator: ';' });
    expect(await handlers.historyCsv([{ separator: '\t' }])).toMatchObject({ ok: false, status: 422, errors: [{ path: 'options.separator' }] });
  });

  it('refuses extra arguments instead of ignoring them', async () => {
    const { api } = fakeApi();
    const handlers = createIpcHandlers(api);
    expect(errorOf(await handlers.status(['surprise']))).toMatchObject({ status: 422, code: 'too_many_arguments' });
    expect(errorOf(await handlers.getOrder([ORDER_ID, 'extra']))).toMatchObject({ status: 422 });
    expect(api.status).not.toHaveBeenCalled();
    expect(api.getOrder).not.toHaveBeenCalled();
  });

  it('answers the plain methods with their value wrapped in a Result', async () => {
    const handlers = createIpcHandlers(fakeApi().api);
    expect(await handlers.status([])).toEqual({ ok: true, value: STATUS });
    expect(await handlers.pauseSync([])).toEqual({ ok: true, value: { ...STATUS, paused: 'user' } });
    expect(await handlers.resumeSync([])).toEqual({ ok: true, value: STATUS });
    expect(await handlers.listEvents([])).toMatchObject({ ok: true, value: [{ title: 'Концерт' }] });
    expect(await handlers.historyCsv([])).toMatchObject({ ok: true, value: expect.stringContaining('order_id') });
    expect(await handlers.getOrder([ORDER_ID])).toMatchObject({ ok: true, value: { edits: [EDIT] } });
  });

  it('turns a bug in the core into a 500 answer and reports the method but never the arguments', async () => {
    const { api } = fakeApi();
    api.setApiKey.mockRejectedValueOnce(new Error('engine exploded'));
    const onInternalError = vi.fn();
    const reply = await createIpcHandlers(api, { onInternalError }).setApiKey(['secret-key-123']);
    expect(errorOf(reply)).toMatchObject({ status: 500, code: 'internal_error' });
    expect(onInternalError).toHaveBeenCalledWith('setApiKey', expect.any(Error));
    expect(JSON.stringify(onInternalError.mock.calls)).not.toContain('secret-key-123');
  });

  it('stores a new API key only once the core accepted it, and never answers with it', async () => {
    const { api } = fakeApi();
    const onApiKeyAccepted = vi.fn();
    const handlers = createIpcHandlers(api, { onApiKeyAccepted });

    const accepted = await handlers.setApiKey(['tc-key-0123456789']);
    expect(accepted).toEqual({ ok: true, value: STATUS });
    expect(JSON.stringify(accepted)).not.toContain('tc-key-0123456789');
    expect(onApiKeyAccepted).toHaveBeenCalledWith('tc-key-0123456789');

    api.setApiKey.mockResolvedValueOnce({ ok: false, status: 422, errors: [{ path: 'key', code: 'api_key_layout', message: { en: 'spaces', ru: 'пробелы' } }] });
    const refused = await handlers.setApiKey(['has space']);
    expect(refused.ok).toBe(false);
    expect(onApiKeyAccepted).toHaveBeenCalledTimes(1);
  });

  it.each([[42], [{ key: 'x' }], ['k'.repeat(201)]])('refuses an API key that is not a short string (%#) without echoing it', async (key) => {
    const { api } = fakeApi();
    const reply = await createIpcHandlers(api).setApiKey([key]);
    expect(errorOf(reply)).toMatchObject({ status: 422, path: 'key' });
    expect(api.setApiKey).not.toHaveBeenCalled();
    if (typeof key === 'string') expect(JSON.stringify(reply)).not.toContain(key);
  });
});

/** A stand-in for ipcMain: keeps the handlers so the test can invoke them like Electron would. */
function fakeIpcMain() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  return {
    handlers,
    handle: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    }),
    removeHandler: vi.fn((channel: string) => {
      handlers.delete(channel);
    }),
    invoke(channel: string, event: unknown, ...args: unknown[]) {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`no handler for ${channel}`);
      return handler(event, ...args) as Promise<Result<unknown>>;
    },
  };
}

describe('IPC wiring for the window', () => {
  const renderer = rendererLocation('/opt/TC Box Office/resources/app.asar/out/renderer/index.html');
  const ourPage = `${renderer.indexUrl}#/order/${ORDER_ID}`;

  function setUp() {
    const { api, emit, listeners } = fakeApi();
    const ipcMain = fakeIpcMain();
    const webContents = { id: 1, send: vi.fn(), isDestroyed: vi.fn(() => false) };
    const unregister = registerIpc({ ipcMain, api, webContents, renderer });
    const event = (frame: { url: string; parent: object | null } | null, senderId = 1) => ({ sender: { id: senderId }, senderFrame: frame });
    return { api, emit, listeners, ipcMain, webContents, unregister, event };
  }

  it('registers box-office:<method> for every contract method', () => {
    const { ipcMain } = setUp();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(API_METHODS.map((method) => `box-office:${method}`).sort());
  });

  it('serves our own page in our window', async () => {
    const { api, ipcMain, event } = setUp();
    const reply = await ipcMain.invoke('box-office:getOrder', event({ url: ourPage, parent: null }), ORDER_ID);
    expect(reply.ok).toBe(true);
    expect(api.getOrder).toHaveBeenCalledWith(ORDER_ID);
  });

  it.each([
    ['another window', { url: ourPage, parent: null }, 2],
    ['an iframe inside our window', { url: ourPage, parent: {} }, 1],
    ['a web page loaded into our window', { url: 'https://evil.example/index.html', parent: null }, 1],
    ['another local file', { url: 'file:///tmp/index.html', parent: null }, 1],
    ['a frame that is already gone', null, 1],
  ])('refuses a request from %s with 403 and never calls the core', async (_case, frame, senderId) => {
    const { api, ipcMain, event } = setUp();
    const reply = await ipcMain.invoke('box-office:saveEdit', event(frame, senderId), ORDER_ID, { settings: { send_tickets: true } });
    expect(errorOf(reply)).toMatchObject({ status: 403, code: 'forbidden_sender' });
    expect(api.saveEdit).not.toHaveBeenCalled();
  });

  it('forwards core events to the window on box-office:event, and stops when the window is gone', () => {
    const { emit, webContents } = setUp();
    const event: ApiEvent = { type: 'edit', edit: EDIT };
    emit(event);
    expect(webContents.send).toHaveBeenCalledWith(EVENT_CHANNEL, event);
    webContents.isDestroyed.mockReturnValue(true);
    emit(event);
    expect(webContents.send).toHaveBeenCalledTimes(1);
  });

  it('removes every channel and its event subscription when the window closes', () => {
    const { ipcMain, listeners, unregister } = setUp();
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
    expect(listeners.size).toBe(0);
  });
});
