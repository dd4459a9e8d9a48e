// How the client reports every request's result to the sync engine: errors as values, never thrown.
// The classification rules live in classify.ts (pure, table-tested); this file is only the vocabulary.
import type { PromocodeError } from './types.ts';

export type TransientReason =
  | 'conflict' // 409: another request for the same order is still being processed (ours or another counter's)
  | 'rate_limited' // 429
  | 'server_error' // 5xx
  | 'timeout' // no answer within the client's timeout
  | 'network' // connection refused / reset / DNS / dropped mid-answer
  | 'bad_body' // an answer that is not the JSON we expect (a proxy's HTML page, truncated JSON, no `data`)
  // A 2xx JSON answer with an order in `data` that lacks what the cache needs (a field missing): the server
  // handled the request, so for a PATCH the change is applied; only its copy cannot be stored.
  | 'unreadable_order';

export type Outcome<T> =
  | { kind: 'ok'; value: T; promocodeErrors: PromocodeError[] }
  | {
      kind: 'transient';
      reason: TransientReason;
      status: number | null;
      /** From Retry-After (seconds or HTTP date), already converted to milliseconds. */
      retryAfterMs: number | null;
      message: string;
    }
  | { kind: 'auth'; status: 401 | 403; message: string }
  | {
      kind: 'permanent';
      status: number;
      /** The server's error strings (`{"errors": ["..."]}` of a 400), or one message we made up. */
      errors: string[];
      message: string;
    };

export type OutcomeKind = Outcome<unknown>['kind'];
