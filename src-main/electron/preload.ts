// The renderer's only door to the core in the desktop app: `window.boxOffice`, an implementation of
// the contract's BoxOfficeApi over IPC. It exposes functions, never ipcRenderer itself, and hands the
// renderer event payloads, never the IPC event (whose `sender` is ipcRenderer). Built as CommonJS: a
// sandboxed preload cannot be an ES module.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiEvent, BoxOfficeApi } from '../core/contract.ts';
import { RESULT_METHODS } from '../core/transport-routes.ts';
import { API_METHODS, BoxOfficeIpcError, EVENT_CHANNEL, channelFor, type Answer, type ApiMethod, type IpcReply } from './channels.ts';

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

// One function per contract method, from the transport table: methods whose answer is a Result get the
// reply as it is, the others resolve with the value or reject with a BoxOfficeIpcError.
const methods = Object.fromEntries(
  API_METHODS.map((method) => [
    method,
    RESULT_METHODS.includes(method) ? (...args: unknown[]) => invoke(method, ...args) : (...args: unknown[]) => unwrap(method, ...args),
  ]),
) as unknown as Omit<BoxOfficeApi, 'subscribe'>;

const boxOffice = {
  ...methods,
  subscribe(listener) {
    const forward = (_event: IpcRendererEvent, payload: ApiEvent) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
} satisfies BoxOfficeApi;

contextBridge.exposeInMainWorld('boxOffice', boxOffice);
