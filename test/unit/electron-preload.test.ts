// What the renderer gets as window.boxOffice in the desktop app: the contract over IPC, nothing more.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiEvent, BoxOfficeApi } from '../../src-main/core/contract.ts';
import { API_METHODS, EVENT_CHANNEL } from '../../src-main/electron/channels.ts';
import { EDIT, STATUS } from './electron-fake-api.ts';

const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const ipcRenderer = {
    invoke: vi.fn(async (_channel: string, ..._args: unknown[]): Promise<unknown> => ({ ok: true, value: null })),
    on: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(listener);
      return ipcRenderer;
    }),
    removeListener: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    }),
  };
  const exposed: Record<string, unknown> = {};
  const contextBridge = {
    exposeInMainWorld: vi.fn((key: string, value: unknown) => {
      exposed[key] = value;
    }),
  };
  return { ipcRenderer, contextBridge, exposed, listeners };
});

vi.mock('electron', () => ({ ipcRenderer: electron.ipcRenderer, contextBridge: electron.contextBridge }));

let boxOffice: BoxOfficeApi;

beforeAll(async () => {
  await import('../../src-main/electron/preload.ts');
  boxOffice = electron.exposed.boxOffice as BoxOfficeApi;
});

describe('preload', () => {
  it('exposes exactly the contract as window.boxOffice, made of functions only', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(Object.keys(electron.exposed)).toEqual(['boxOffice']);
    expect(Object.keys(boxOffice).sort()).toEqual([...API_METHODS, 'subscribe'].sort());
    for (const value of Object.values(boxOffice)) {
      expect(typeof value).toBe('function');
      expect(value).not.toBe(electron.ipcRenderer);
    }
  });

  it('calls each method on its own box-office:<method> channel with the arguments given', async () => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: EDIT });
    const edit = { settings: { customer: { name: 'Иван' } } };
    await expect(boxOffice.saveEdit('5f2a0c9e1b2c3d4e5f607182', edit, 'anna')).resolves.toEqual({ ok: true, value: EDIT });
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith('box-office:saveEdit', '5f2a0c9e1b2c3d4e5f607182', edit, 'anna');
  });

  it('gives plain answers for methods without an error branch', async () => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: STATUS });
    await expect(boxOffice.status()).resolves.toEqual(STATUS);
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith('box-office:status');
  });

  it('rejects a plain method that main refused, naming the field and the problem', async () => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce({
      ok: false,
      status: 422,
      errors: [{ path: 'query.limit', code: 'out_of_range', message: { en: 'A whole number from 1 to 200', ru: '…' } }],
    });
    await expect(boxOffice.search({ q: 'иван', limit: 9999 })).rejects.toThrow('query.limit: A whole number from 1 to 200');
  });

  it('hands a refused edit back as a Result, not an exception, so the form can show it', async () => {
    const refused = { ok: false, status: 422, errors: [{ path: 'orderId', code: 'invalid_id', message: { en: 'x', ru: 'x' } }] };
    electron.ipcRenderer.invoke.mockResolvedValueOnce(refused);
    await expect(boxOffice.cancelEdit(-1)).resolves.toEqual(refused);
  });

  it('delivers only the event payload to subscribers (never the IPC event and its sender), until unsubscribed', () => {
    const received: ApiEvent[] = [];
    const unsubscribe = boxOffice.subscribe((event) => received.push(event));
    const event: ApiEvent = { type: 'order', order_id: '5f2a0c9e1b2c3d4e5f607182' };
    const ipcEvent = { sender: electron.ipcRenderer };
    for (const listener of electron.listeners.get(EVENT_CHANNEL) ?? []) listener(ipcEvent, event);
    expect(received).toEqual([event]);

    unsubscribe();
    expect(electron.listeners.get(EVENT_CHANNEL)?.size).toBe(0);
  });
});
