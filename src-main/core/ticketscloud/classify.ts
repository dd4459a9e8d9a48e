// Turns what came back from Ticketscloud — an HTTP answer or a failed connection — into the Outcome the
// sync engine acts on. Pure functions: the client only feeds them, tests drive them through tables.
//
// The split that matters to the clerk: `transient` means "keep the edit and try again later" (the order
// is busy, the server or the network is unwell), `auth` means "stop sending, the key is wrong, keep every
// edit", `permanent` means "this edit can never succeed as it is" and is shown next to the edit.
import type { Outcome } from './outcome.ts';
import {
  bodyExcerpt,
  describeJsonType,
  isJsonObject,
  parseJsonBody,
  readOrderListResponse,
  readOrderResponse,
  type OrderListPage,
  type ShapeCheck,
} from './response-shape.ts';
import { retryAfterMs } from './retry-after.ts';
import type { OrderResponse } from './types.ts';

export interface HeaderLookup {
  get(name: string): string | null;
}

/** One HTTP exchange that produced a status line, with its body read as text. */
export interface HttpAnswer {
  status: number;
  headers: HeaderLookup;
  body: string;
}

/** Every failure that is not `ok`: what a request that never got a usable answer reports. */
export type Failure = Exclude<Outcome<never>, { kind: 'ok' }>;

const MAX_SERVER_ERRORS = 20;
const MAX_SERVER_ERROR_LENGTH = 500;

function transient(
  reason: Extract<Failure, { kind: 'transient' }>['reason'],
  status: number | null,
  message: string,
  retryAfter: number | null = null,
): Failure {
  return { kind: 'transient', reason, status, retryAfterMs: retryAfter, message };
}

function permanent(status: number, errors: string[], message: string): Failure {
  return { kind: 'permanent', status, errors, message };
}

function clip(text: string): string {
  return text.length > MAX_SERVER_ERROR_LENGTH ? `${text.slice(0, MAX_SERVER_ERROR_LENGTH)}…` : text;
}

function errorEntryText(entry: unknown): string | null {
  if (entry === null || entry === undefined) return null;
  if (typeof entry === 'string') return entry.trim() === '' ? null : clip(entry);
  if (typeof entry === 'number' || typeof entry === 'boolean') return String(entry);
  if (isJsonObject(entry)) {
    for (const key of ['msg', 'message', 'detail', 'error', 'code']) {
      const text = entry[key];
      if (typeof text === 'string' && text.trim() !== '') return clip(text);
    }
  }
  return clip(JSON.stringify(entry));
}

/**
 * The error strings of a 4xx body. The contract says `{"errors": ["…"]}`; proxies and future versions
 * send other shapes (`{code,msg}` objects, `{field: [msgs]}`, `{"error": "…"}`), and each still becomes
 * readable text rather than a crash or "[object Object]".
 */
export function serverErrorStrings(body: string): string[] {
  const parsed = parseJsonBody(body);
  if (!parsed.ok || !isJsonObject(parsed.value)) return [];
  const json = parsed.value;
  const source = json.errors ?? json.error ?? json.message ?? json.detail;
  let entries: unknown[];
  if (Array.isArray(source)) entries = source;
  else if (isJsonObject(source)) entries = Object.values(source).flat();
  else entries = [source];
  return entries
    .map(errorEntryText)
    .filter((text): text is string => text !== null)
    .slice(0, MAX_SERVER_ERRORS);
}

/** The server's own words when it gave any, else a short excerpt so a proxy page is still recognisable. */
function statusMessage(answer: HttpAnswer, summary: string, errors: string[]): string {
  if (errors.length > 0) return `${summary}: ${errors.join('; ')}`;
  const excerpt = bodyExcerpt(answer.body);
  return excerpt === '' ? summary : `${summary}: answer starts with '${excerpt}'`;
}

/**
 * An answer bigger than the client reads: not the API's (a page of orders is a few hundred KiB), most
 * likely a proxy or a broken server. Transient like an HTML page: it may clear up, and the edit waits.
 */
export function oversizedAnswer(status: number, limitBytes: number): Failure {
  const limit = limitBytes >= 1024 * 1024 ? `${(limitBytes / (1024 * 1024)).toFixed(0)} MiB` : `${limitBytes} bytes`;
  return transient('bad_body', status, `answer is larger than ${limit} (HTTP ${status}); not read`);
}

export interface AnswerContext<T> {
  /** Checks a 2xx body and builds the value. */
  read(parsed: unknown): ShapeCheck<T>;
  /** What a 404 means for this request ("order not found", …). */
  notFound: string;
  /** The answer is about one order: a 2xx with an object in `data` means the server handled the request. */
  oneOrder?: boolean;
}

/** Any HTTP answer → Outcome. `nowMs` only serves Retry-After dates. */
export function classifyAnswer<T>(answer: HttpAnswer, context: AnswerContext<T>, nowMs: number): Outcome<T> {
  const { status } = answer;
  const retryAfter = (): number | null => retryAfterMs(answer.headers.get('retry-after'), nowMs);

  if (status >= 200 && status < 300) return classifySuccessBody(answer, context);
  if (status >= 300 && status < 400) {
    // The API never redirects; a redirect is a captive portal or a proxy login page — it may clear up.
    const location = answer.headers.get('location');
    const target = location ? ` to '${bodyExcerpt(location)}'` : '';
    return transient('bad_body', status, `answer is a redirect (HTTP ${status})${target}, not the API`);
  }
  if (status === 401 || status === 403) {
    const summary =
      status === 401 ? 'the API key was refused (HTTP 401)' : 'the API key is not allowed to do this (HTTP 403)';
    return { kind: 'auth', status, message: statusMessage(answer, summary, serverErrorStrings(answer.body)) };
  }
  // A 409 is the server saying the order is busy with another request — ours or another counter's.
  // The order itself is fine, so the same edit will go through once the other request is done.
  if (status === 409) {
    const message = statusMessage(answer, 'the order is busy (HTTP 409)', serverErrorStrings(answer.body));
    return transient('conflict', status, message);
  }
  if (status === 429) {
    return transient('rate_limited', status, 'too many requests (HTTP 429)', retryAfter());
  }
  // 408 is the server's own "you were too slow": nothing about the edit is wrong, so it is a timeout.
  if (status === 408) return transient('timeout', status, 'the server timed out waiting for the request (HTTP 408)');
  if (status >= 500 && status < 600) {
    const message = statusMessage(answer, `server error (HTTP ${status})`, serverErrorStrings(answer.body));
    return transient('server_error', status, message, retryAfter());
  }
  if (status >= 400 && status < 500) return classifyClientError(answer, context.notFound);
  return transient('bad_body', status, `unexpected HTTP status ${status}`);
}

function classifySuccessBody<T>(answer: HttpAnswer, context: AnswerContext<T>): Outcome<T> {
  const parsed = parseJsonBody(answer.body);
  if (!parsed.ok) return transient('bad_body', answer.status, parsed.problem);
  const checked = context.read(parsed.value);
  if (!checked.ok) {
    const anOrderAnswer = context.oneOrder === true && isJsonObject(parsed.value) && isJsonObject(parsed.value.data);
    return transient(anOrderAnswer ? 'unreadable_order' : 'bad_body', answer.status, checked.problem);
  }
  return { kind: 'ok', value: checked.value, promocodeErrors: checked.promocodeErrors ?? [] };
}

function classifyClientError(answer: HttpAnswer, notFound: string): Failure {
  const { status } = answer;
  const serverErrors = serverErrorStrings(answer.body);
  if (status === 404) {
    return permanent(status, serverErrors.length > 0 ? serverErrors : [notFound], `${notFound} (HTTP 404)`);
  }
  const summary = status === 400 ? 'the server rejected the request (HTTP 400)' : `request refused (HTTP ${status})`;
  const message = statusMessage(answer, summary, serverErrors);
  return permanent(status, serverErrors.length > 0 ? serverErrors : [message], message);
}

export function classifyOrderAnswer(answer: HttpAnswer, nowMs: number): Outcome<OrderResponse> {
  return classifyAnswer(answer, { read: readOrderResponse, notFound: 'order not found', oneOrder: true }, nowMs);
}

export function classifyOrderListAnswer(answer: HttpAnswer, nowMs: number): Outcome<OrderListPage> {
  return classifyAnswer(
    answer,
    { read: readOrderListResponse, notFound: 'the order list is not at this address (check the server URL)' },
    nowMs,
  );
}

// Codes Node and node-fetch give when the connection fails or breaks. Every one of them may clear up
// (server restarting, Wi-Fi back, DNS answering again), so the edit waits instead of failing.
const NETWORK_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'the server refused the connection',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed while sending',
  ENOTFOUND: 'the server name was not found',
  EAI_AGAIN: 'the server name could not be resolved right now',
  EHOSTUNREACH: 'the server cannot be reached',
  ENETUNREACH: 'the network is unreachable',
  ENETDOWN: 'the network is down',
  ECONNABORTED: 'the connection was aborted',
  ERR_STREAM_PREMATURE_CLOSE: 'the connection closed before the answer was complete',
};

function errorField(error: object, key: string): unknown {
  return (error as Record<string, unknown>)[key];
}

function errorCode(error: object): string | null {
  const own = errorField(error, 'code');
  if (typeof own === 'string') return own;
  const cause = errorField(error, 'cause');
  if (typeof cause === 'object' && cause !== null) return errorCode(cause);
  return null;
}

/**
 * A request that got no usable answer → Outcome; `undefined` when the error is not a transport failure
 * at all (a bug in our code), which the caller must let surface instead of retrying forever.
 * `timeoutMs` is set when the client's own timer aborted the request.
 */
export function classifyRequestFailure(error: unknown, timeoutMs: number | null): Failure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const name = errorField(error, 'name');
  const message = String(errorField(error, 'message') ?? '');
  if (timeoutMs !== null || name === 'AbortError') {
    const within = timeoutMs !== null ? ` within ${timeoutMs} ms` : '';
    return transient('timeout', null, `no answer from the server${within}`);
  }
  const code = errorCode(error);
  if (code === 'ETIMEDOUT') return transient('timeout', null, `the connection timed out (ETIMEDOUT): ${message}`);
  if (code !== null && code in NETWORK_CODES) {
    return transient('network', null, `${NETWORK_CODES[code]} (${code}): ${message}`);
  }
  if (/socket hang up|premature close/i.test(message)) {
    return transient('network', null, `the connection closed before the answer was complete: ${message}`);
  }
  // node-fetch marks every failure of the socket or the stream as type 'system' (TLS, odd OS codes…).
  if (name === 'FetchError' && errorField(error, 'type') === 'system') {
    return transient('network', null, `connection failed${code ? ` (${code})` : ''}: ${message}`);
  }
  return undefined;
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** The id goes into the URL path, so anything but a 24-hex ObjectId is refused before sending. */
export function invalidOrderId(orderId: unknown): Failure | null {
  if (typeof orderId === 'string' && OBJECT_ID.test(orderId)) return null;
  const shown = typeof orderId === 'string' ? `'${bodyExcerpt(orderId)}'` : describeJsonType(orderId);
  const message = `order id ${shown} is not a 24-character hexadecimal id`;
  return permanent(0, [message], message);
}
