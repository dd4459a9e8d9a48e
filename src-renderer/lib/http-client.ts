// The browser-mode transport: BoxOfficeApi over the headless bridge's HTTP + Server-Sent Events
// (docs/bridge-api.md). Result-returning methods map every non-2xx answer to `{ok: false, status,
// errors}` exactly like the contract; the others throw a BridgeError, which the UI shows as a state
// ("no connection to the core"), never as a crash.
import * as v from 'valibot';
import type { ApiEvent, BoxOfficeApi, FieldError, LocalizedText, Result } from '../../src-main/core/contract.ts';
import { ANSWER_SCHEMAS, ApiEventSchema } from '../../src-main/core/schemas/answers.ts';
import { CONTRACT_METHODS, HTTP_ROUTES, httpRequestFor, type ContractMethod, type HttpRoute } from '../../src-main/core/transport-routes.ts';
import type { Reachability } from './connection.svelte.ts';

export type BridgeErrorKind = 'unreachable' | 'unauthorized' | 'http' | 'protocol';

export class BridgeError extends Error {
  constructor(
    readonly kind: BridgeErrorKind,
    readonly status: number,
    readonly errors: FieldError[],
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}

export interface HttpClientOptions {
  /** '' = the page's own origin (browser mode serves the renderer from the bridge). */
  baseUrl: string;
  token: string | null;
  fetch?: typeof fetch;
  createEventSource?: (url: string) => EventSource;
  onReachability?: (state: Reachability) => void;
  /** Delay before reopening an event stream the server closed, by attempt (0-based). */
  reconnectDelayMs?: (attempt: number) => number;
}

interface Answer {
  status: number;
  body: unknown;
}

/** EventSource.CLOSED, spelt out so this module also loads where EventSource is missing (tests). */
const EVENT_SOURCE_CLOSED = 2;

const defaultReconnectDelay = (attempt: number): number => Math.min(15_000, 500 * 2 ** attempt);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asLocalized(message: unknown, fallback: string): LocalizedText {
  if (typeof message === 'string') return { en: message, ru: message };
  if (isRecord(message) && typeof message.en === 'string' && typeof message.ru === 'string') {
    return { en: message.en, ru: message.ru };
  }
  return { en: fallback, ru: fallback };
}

/** The bridge's `{errors: [{path, code, message}]}`, tolerating plain strings from something in between. */
export function readFieldErrors(body: unknown, status: number): FieldError[] {
  const raw = isRecord(body) && Array.isArray(body.errors) ? body.errors : [];
  const errors = raw.map((item): FieldError => {
    if (typeof item === 'string') return { path: '', code: `http_${status}`, message: asLocalized(item, item) };
    const record = isRecord(item) ? item : {};
    const code = typeof record.code === 'string' ? record.code : `http_${status}`;
    return {
      path: typeof record.path === 'string' ? record.path : '',
      code,
      message: asLocalized(record.message, code),
    };
  });
  if (errors.length > 0) return errors;
  const text = `HTTP ${status}`;
  return [{ path: '', code: `http_${status}`, message: { en: text, ru: text } }];
}

/**
 * The answer's value as the transport table says it is sent (under its key, `{"edit": …}`, or as the
 * whole body), checked against the contract's answer schema: a body of another shape came from something
 * else than the bridge, or from a bridge of another version, and must not reach the screens as if it
 * were an order. The problem names the first field that is wrong.
 */
function answerValue(method: ContractMethod, body: unknown): { ok: true; value: unknown } | { ok: false; problem: string } {
  const route: HttpRoute = HTTP_ROUTES[method];
  const wrapped = route.answerKey === undefined ? body : isRecord(body) ? body[route.answerKey] : undefined;
  const parsed = v.safeParse(ANSWER_SCHEMAS[method], wrapped, { abortEarly: true });
  if (parsed.success) return { ok: true, value: parsed.output };
  const issue = parsed.issues[0];
  const path = [route.answerKey, ...(issue.path ?? []).map((item) => String(item.key))].filter((key) => key !== undefined).join('.');
  return { ok: false, problem: `${path === '' ? 'the answer' : `\`${path}\``}: ${issue.message}` };
}

export function createHttpClient(options: HttpClientOptions): BoxOfficeApi {
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const openEventSource = options.createEventSource ?? ((url: string) => new EventSource(url));
  const reconnectDelay = options.reconnectDelayMs ?? defaultReconnectDelay;
  const report = (state: Reachability): void => options.onReachability?.(state);

  async function send(method: string, path: string, payload?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (payload !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetchFn(options.baseUrl + path, {
        method,
        headers,
        body: payload === undefined ? undefined : JSON.stringify(payload),
      });
    } catch {
      report('unreachable');
      throw new BridgeError('unreachable', 0, [], 'The box office core does not answer');
    }
    if (response.status === 401) {
      report('unauthorized');
      throw new BridgeError('unauthorized', 401, [], 'No valid access token for the box office core');
    }
    report('ok');
    return response;
  }

  async function readBody(response: Response): Promise<string> {
    try {
      return await response.text();
    } catch {
      report('unreachable');
      throw new BridgeError('unreachable', 0, [], 'The connection to the box office core broke off');
    }
  }

  async function call(method: string, path: string, payload?: unknown): Promise<Answer> {
    const response = await send(method, path, payload);
    const text = await readBody(response);
    try {
      return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
    } catch {
      // An HTML page from something between us and the bridge: say what happened, keep running.
      throw new BridgeError('protocol', response.status, [], `Not JSON from ${path} (HTTP ${response.status})`);
    }
  }

  function ok(status: number): boolean {
    return status >= 200 && status < 300;
  }

  /** A 2xx answer's value in the contract's shape, or a protocol error that says what was wrong. */
  function valueOf(method: ContractMethod, answer: Answer, path: string): unknown {
    const value = answerValue(method, answer.body);
    if (!value.ok) throw new BridgeError('protocol', answer.status, [], `Unexpected answer from ${path}: ${value.problem}`);
    return value.value;
  }

  /** Plain answers: a non-2xx is an error the caller shows, never a value. */
  function expect(method: ContractMethod, answer: Answer, path: string): unknown {
    if (!ok(answer.status)) {
      const errors = readFieldErrors(answer.body, answer.status);
      throw new BridgeError('http', answer.status, errors, errors.map((e) => e.message.en).join('; '));
    }
    return valueOf(method, answer, path);
  }

  function toResult(method: ContractMethod, answer: Answer, path: string): Result<unknown> {
    if (!ok(answer.status)) return { ok: false, status: answer.status, errors: readFieldErrors(answer.body, answer.status) };
    return { ok: true, value: valueOf(method, answer, path) };
  }

  const listeners = new Set<(event: ApiEvent) => void>();
  let source: EventSource | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let reconnectAttempt = 0;

  function dispatch(event: ApiEvent): void {
    for (const listener of [...listeners]) listener(event);
  }

  function openStream(): void {
    if (source || listeners.size === 0 || !options.token) return;
    const stream = openEventSource(`${options.baseUrl}/api/events?token=${encodeURIComponent(options.token)}`);
    source = stream;
    stream.onopen = () => {
      reconnectAttempt = 0;
      report('ok');
    };
    stream.onmessage = (message: MessageEvent<string>) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(message.data);
      } catch {
        return; // A malformed line is skipped; the next engine event brings the state back.
      }
      const event = v.safeParse(ApiEventSchema, parsed);
      if (event.success) dispatch(event.output);
    };
    stream.onerror = () => {
      // Find out why (bridge gone, or token refused) through an ordinary request, which reports it.
      api.status().catch(() => undefined);
      if (stream.readyState !== EVENT_SOURCE_CLOSED) return; // the browser is already retrying
      stream.close();
      source = null;
      reconnectTimer = setTimeout(() => {
        reconnectTimer = null;
        openStream();
      }, reconnectDelay(reconnectAttempt++));
    };
  }

  function closeStream(): void {
    if (reconnectTimer) clearTimeout(reconnectTimer);
    reconnectTimer = null;
    source?.close();
    source = null;
  }

  /** One contract call over HTTP, as the transport table (src-main/core/transport-routes.ts) says. */
  async function callMethod(method: ContractMethod, args: readonly unknown[]): Promise<unknown> {
    const route: HttpRoute = HTTP_ROUTES[method];
    const request = httpRequestFor(method, args);
    if (route.answer === 'csv') return csvText(request.url);
    const answer = await call(request.verb, request.url, request.body);
    return route.answer === 'result' ? toResult(method, answer, request.url) : expect(method, answer, request.url);
  }

  async function csvText(url: string): Promise<string> {
    const response = await send('GET', url);
    const text = await readBody(response);
    if (!ok(response.status)) {
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: the status alone says enough
      }
      const errors = readFieldErrors(body, response.status);
      throw new BridgeError('http', response.status, errors, errors.map((e) => e.message.en).join('; '));
    }
    return text;
  }

  // Each value was parsed with its method's answer schema (answerValue), which the contract's types are
  // inferred from; TypeScript cannot follow that through a table built at run time, hence the one cast.
  const methods = Object.fromEntries(
    CONTRACT_METHODS.map((method) => [method, (...args: unknown[]) => callMethod(method, args)]),
  ) as unknown as Omit<BoxOfficeApi, 'subscribe'>;

  const api: BoxOfficeApi = {
    ...methods,

    subscribe(listener) {
      listeners.add(listener);
      openStream();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) closeStream();
      };
    },
  };
  return api;
}
