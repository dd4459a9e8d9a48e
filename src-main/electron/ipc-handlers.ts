// What each IPC channel does, as a plain table over the core's API: check every argument, call the
// core, answer with a Result. Nothing here knows Electron, so the whole table is unit-tested in Node;
// ipc.ts only adds the sender check and hands the table to ipcMain.
import type { BoxOfficeApi, FieldError, Result } from '../core/contract.ts';
import * as check from './arguments.ts';
import type { Answer, ApiMethod, IpcReply } from './channels.ts';

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

type Failure = { ok: false; status: number; errors: FieldError[] };

export const INTERNAL_ERROR: Failure = {
  ok: false,
  status: 500,
  errors: [{ path: '', code: 'internal_error', message: { en: 'Something went wrong inside the app', ru: 'Внутренняя ошибка приложения' } }],
};

export const FORBIDDEN_SENDER: Failure = {
  ok: false,
  status: 403,
  errors: [{ path: '', code: 'forbidden_sender', message: { en: 'Request from an unknown page refused', ru: 'Запрос с чужой страницы отклонён' } }],
};

function done<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function createIpcHandlers(api: BoxOfficeApi, options: IpcHandlerOptions = {}): IpcHandlers {
  /**
   * One method's handler: the arity check, then `run`; a throw from the core (a bug, by the house
   * rules) becomes a 500 value instead of an exception Electron would turn into a bare string.
   */
  function handler<M extends ApiMethod>(method: M, arity: number, run: (args: readonly unknown[]) => Promise<Result<Answer<M>>>): IpcHandler<M> {
    return async (args) => {
      const count = check.atMostArguments(args, arity);
      if (!count.ok) return count;
      try {
        return await run(args);
      } catch (error) {
        options.onInternalError?.(method, error);
        return INTERNAL_ERROR;
      }
    };
  }

  return {
    status: handler('status', 0, async () => done(await api.status())),
    saveEdit: handler('saveEdit', 3, async ([orderId, edit, operator]) => {
      const id = check.orderId(orderId);
      if (!id.ok) return id;
      const body = check.editBody(edit);
      if (!body.ok) return body;
      const who = check.operator(operator);
      if (!who.ok) return who;
      return api.saveEdit(id.value, body.value, who.value);
    }),
    getOrder: handler('getOrder', 1, async ([orderId]) => {
      const id = check.orderId(orderId);
      return id.ok ? done(await api.getOrder(id.value)) : id;
    }),
    listEdits: handler('listEdits', 1, async ([filter]) => {
      const checked = check.editFilter(filter);
      return checked.ok ? done(await api.listEdits(checked.value)) : checked;
    }),
    cancelEdit: handler('cancelEdit', 1, async ([editId]) => {
      const id = check.editId(editId);
      return id.ok ? api.cancelEdit(id.value) : id;
    }),
    retryEdit: handler('retryEdit', 1, async ([editId]) => {
      const id = check.editId(editId);
      return id.ok ? api.retryEdit(id.value) : id;
    }),
    discardEdit: handler('discardEdit', 1, async ([editId]) => {
      const id = check.editId(editId);
      return id.ok ? api.discardEdit(id.value) : id;
    }),
    pauseSync: handler('pauseSync', 0, async () => done(await api.pauseSync())),
    resumeSync: handler('resumeSync', 0, async () => done(await api.resumeSync())),
    setApiKey: handler('setApiKey', 1, async ([key]) => {
      const checked = check.apiKeyText(key);
      if (!checked.ok) return checked;
      const result = await api.setApiKey(checked.value);
      if (result.ok) options.onApiKeyAccepted?.(checked.value);
      return result;
    }),
    search: handler('search', 1, async ([query]) => {
      const checked = check.searchQuery(query);
      return checked.ok ? done(await api.search(checked.value)) : checked;
    }),
    listEvents: handler('listEvents', 0, async () => done(await api.listEvents())),
    importOrders: handler('importOrders', 1, async ([filter]) => {
      const checked = check.importFilter(filter);
      return checked.ok ? api.importOrders(checked.value) : checked;
    }),
    historyCsv: handler('historyCsv', 1, async ([options]) => {
      const checked = check.historyCsvOptions(options);
      return checked.ok ? done(await api.historyCsv(checked.value)) : checked;
    }),
  };
}
