// What each IPC channel does: its positional arguments named, checked and passed to the core by the one
// dispatch both transports share (src-main/core/dispatch.ts), the answer a Result. Nothing here knows
// Electron, so the whole table is unit-tested in Node; ipc.ts only adds the sender check and hands the
// table to ipcMain.
import type { BoxOfficeApi } from '../core/contract.ts';
import { dispatch } from '../core/dispatch.ts';
import { refusal } from '../core/messages/catalog.ts';
import { namedArguments } from '../core/schemas/arguments.ts';
import { API_METHODS, type ApiMethod, type IpcReply } from './channels.ts';

export type IpcHandler<M extends ApiMethod> = (args: readonly unknown[]) => Promise<IpcReply<M>>;
export type IpcHandlers = { [M in ApiMethod]: IpcHandler<M> };

export interface IpcHandlerOptions {
  /**
   * Called after the core accepted a new API key, so main can store it encrypted. The key goes
   * renderer → main only: no answer ever carries it back.
   */
  onApiKeyAccepted?: (key: string) => void;
  /** Where a bug in the core is reported. Gets the method name and the error, never the arguments (one may be the API key). */
  onInternalError?: (method: ApiMethod, error: unknown) => void;
}

export const INTERNAL_ERROR = refusal(500, '', 'internal_error');
export const FORBIDDEN_SENDER = refusal(403, '', 'forbidden_sender');

export function createIpcHandlers(api: BoxOfficeApi, options: IpcHandlerOptions = {}): IpcHandlers {
  /**
   * One method's handler. A throw from the core (a bug, by the house rules) becomes a 500 value instead
   * of an exception Electron would turn into a bare string.
   */
  function handler<M extends ApiMethod>(method: M): IpcHandler<M> {
    return async (args) => {
      const named = namedArguments(method, args);
      if (!named.ok) return named;
      try {
        const reply = await dispatch(api, method, named.value);
        if (method === 'setApiKey' && reply.ok) options.onApiKeyAccepted?.(String(named.value.key));
        return reply;
      } catch (error) {
        options.onInternalError?.(method, error);
        return INTERNAL_ERROR;
      }
    };
  }
  return Object.fromEntries(API_METHODS.map((method) => [method, handler(method)])) as unknown as IpcHandlers;
}
