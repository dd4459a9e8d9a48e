// The IPC vocabulary shared by the preload (renderer side) and main: one invoke channel per
// BoxOfficeApi method, one push channel for events, and the reply envelope. No Node or electron
// imports: the sandboxed preload bundles this file.
import type { BoxOfficeApi, FieldError, Result } from '../core/contract.ts';

/** Every request/answer method of the contract (`subscribe` is the event channel, not an invoke). */
export type ApiMethod = Exclude<keyof BoxOfficeApi, 'subscribe'>;

/** Listed once here so main registers exactly the channels the preload calls. */
export const API_METHODS = [
  'status',
  'saveEdit',
  'getOrder',
  'listEdits',
  'cancelEdit',
  'retryEdit',
  'discardEdit',
  'pauseSync',
  'resumeSync',
  'setApiKey',
  'search',
  'listEvents',
  'importOrders',
  'historyCsv',
] as const satisfies readonly ApiMethod[];

// Fails to compile when the contract gains a method this list does not have.
type MissingMethod = Exclude<ApiMethod, (typeof API_METHODS)[number]>;
const _everyMethodListed: [MissingMethod] extends [never] ? true : MissingMethod = true;

/** Methods whose contract answer is already a Result: the reply IS that Result, passed through unchanged. */
export const RESULT_METHODS = ['saveEdit', 'cancelEdit', 'retryEdit', 'discardEdit', 'setApiKey', 'importOrders'] as const satisfies readonly ApiMethod[];

export const EVENT_CHANNEL = 'box-office:event';

export function channelFor(method: ApiMethod): `box-office:${ApiMethod}` {
  return `box-office:${method}`;
}

/** What the contract method resolves to, with a Result's success value taken out of it. */
export type Answer<M extends ApiMethod> = Awaited<ReturnType<BoxOfficeApi[M]>> extends Result<infer T> ? T : Awaited<ReturnType<BoxOfficeApi[M]>>;

/**
 * Every IPC answer is a Result, so a bad argument or a refused sender is a value the renderer can show,
 * never an exception thrown across the bridge (Electron would flatten it into a bare message string).
 */
export type IpcReply<M extends ApiMethod = ApiMethod> = Result<Answer<M>>;

/** Thrown by the preload for methods whose contract type has no room for an error (status, search, …). */
export class BoxOfficeIpcError extends Error {
  constructor(
    readonly status: number,
    readonly errors: FieldError[],
  ) {
    super(errors.map((e) => `${e.path || 'request'}: ${e.message.en}`).join('; ') || `IPC request failed (${status})`);
    this.name = 'BoxOfficeIpcError';
  }
}
