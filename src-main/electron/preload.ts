// The renderer's only door to the core in the desktop app: `window.boxOffice`, an implementation of
// the contract's BoxOfficeApi over IPC. It exposes functions, never ipcRenderer itself, and hands the
// renderer event payloads, never the IPC event (whose `sender` is ipcRenderer). Built as CommonJS: a
// sandboxed preload cannot be an ES module.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiEvent, BoxOfficeApi } from '../core/contract.ts';
import { BoxOfficeIpcError, EVENT_CHANNEL, channelFor, type Answer, type ApiMethod, type IpcReply } from './channels.ts';

function invoke<M extends ApiMethod>(method: M, ...args: unknown[]): Promise<IpcReply<M>> {
  return ipcRenderer.invoke(channelFor(method), ...args) as Promise<IpcReply<M>>;
}

/**
 * For methods whose contract answer has no error branch (status, search, …): a refused request
 * rejects the promise. Only the message crosses contextBridge, so it names each field and problem.
 */
async function unwrap<M extends ApiMethod>(method: M, ...args: unknown[]): Promise<Answer<M>> {
  const reply = await invoke(method, ...args);
  if (reply.ok) return reply.value;
  throw new BoxOfficeIpcError(reply.status, reply.errors);
}

const boxOffice = {
  status: () => unwrap('status'),
  saveEdit: (orderId, edit, operator) => invoke('saveEdit', orderId, edit, operator),
  getOrder: (orderId) => unwrap('getOrder', orderId),
  listEdits: (filter) => unwrap('listEdits', filter),
  cancelEdit: (editId) => invoke('cancelEdit', editId),
  retryEdit: (editId) => invoke('retryEdit', editId),
  discardEdit: (editId) => invoke('discardEdit', editId),
  pauseSync: () => unwrap('pauseSync'),
  resumeSync: () => unwrap('resumeSync'),
  setApiKey: (key) => invoke('setApiKey', key),
  search: (query) => unwrap('search', query),
  listEvents: () => unwrap('listEvents'),
  importOrders: (filter) => invoke('importOrders', filter),
  historyCsv: (options) => unwrap('historyCsv', options),
  subscribe(listener) {
    const forward = (_event: IpcRendererEvent, payload: ApiEvent) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
} satisfies BoxOfficeApi;

contextBridge.exposeInMainWorld('boxOffice', boxOffice);
