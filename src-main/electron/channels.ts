// The IPC vocabulary shared by the preload (renderer side) and main: one invoke channel per contract
// method (the methods are the transport table's, src-main/core/transport-routes.ts), one push channel for
// events, and the reply envelope. No Node or electron imports: the sandboxed preload bundles this file.
import type { FieldError, Result } from '../core/contract.ts';
import { CONTRACT_METHODS, type Answer, type ContractMethod } from '../core/transport-routes.ts';

export type { Answer };
export type ApiMethod = ContractMethod;
export const API_METHODS = CONTRACT_METHODS;

export const EVENT_CHANNEL = 'box-office:event';

export function channelFor(method: ApiMethod): `box-office:${ApiMethod}` {
  return `box-office:${method}`;
}

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
