// The bridge's own error answers: every non-2xx body is `{errors: [{path, code, message: {en, ru}}]}`
// (docs/bridge-api.md), whether the problem was found by the bridge, the core or Fastify itself. The
// texts are the catalog's (src-main/core/messages/).
import type { FieldError } from '../core/contract.ts';
import { fieldError, type ErrorCode, type MessageParams } from '../core/messages/catalog.ts';

export interface ErrorAnswer {
  status: number;
  body: { errors: FieldError[] };
}

export function errorAnswer(status: number, code: ErrorCode, params?: MessageParams): ErrorAnswer {
  return { status, body: { errors: [fieldError('', code, params)] } };
}

export const UNAUTHORIZED = errorAnswer(401, 'unauthorized');
export const FORBIDDEN_ORIGIN = errorAnswer(403, 'forbidden_origin');
export const FORBIDDEN_HOST = errorAnswer(403, 'forbidden_host');
export const NOT_FOUND = errorAnswer(404, 'not_found');
export const INVALID_JSON = errorAnswer(400, 'invalid_json');
export const UNSUPPORTED_MEDIA_TYPE = errorAnswer(415, 'unsupported_media_type');
export const BAD_REQUEST = errorAnswer(400, 'bad_request');
export const INTERNAL_ERROR = errorAnswer(500, 'internal_error');

export function bodyTooLarge(limitBytes: number): ErrorAnswer {
  return errorAnswer(400, 'request_too_large', { limit: Math.floor(limitBytes / 1024) });
}

export function tooManyEventStreams(limit: number): ErrorAnswer {
  return errorAnswer(429, 'too_many_event_streams', { limit });
}
