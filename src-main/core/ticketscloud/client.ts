// The only code that talks HTTP to Ticketscloud. Every call resolves to an Outcome (errors as values):
// HTTP and network trouble never throw, so the sync engine can apply one policy to every result.
// Nothing here logs — the API key must never reach a log, and the outcome messages carry what matters.
import http from 'node:http';
import https from 'node:https';
import fetch, { type RequestInit, type Response } from 'node-fetch';
import {
  classifyOrderAnswer,
  classifyOrderListAnswer,
  classifyRequestFailure,
  invalidOrderId,
  oversizedAnswer,
  type Failure,
  type HttpAnswer,
} from './classify.ts';
import type { Outcome } from './outcome.ts';
import type { OrderListPage } from './response-shape.ts';
import type { OrderListQuery, OrderPatch, OrderResponse } from './types.ts';

export interface TicketscloudClient {
  patchOrder(orderId: string, body: OrderPatch): Promise<Outcome<OrderResponse>>;
  getOrder(orderId: string): Promise<Outcome<OrderResponse>>;
  /** A page whose envelope is sound is `ok`; orders in it that are malformed are left out and listed in `rejected`. */
  listOrders(query: OrderListQuery): Promise<Outcome<OrderListPage>>;
  /** A cheap request that tells whether the server answers at all (any HTTP answer = reachable). */
  probe(): Promise<'reachable' | 'unreachable'>;
  setApiKey(key: string): void;
  /** Destroys the sockets of the agent the client made (an agent passed in stays the caller's). */
  close(): void;
}

export interface TicketscloudClientOptions {
  /** `https://ticketscloud.com`, or the sandbox's `http://127.0.0.1:PORT`. May carry a path prefix. */
  baseUrl: string;
  apiKey: string;
  /** Whole exchange, connect to last body byte. */
  timeoutMs?: number;
  /** The probe only asks "is anyone there?", so it gives up sooner than a real request. */
  probeTimeoutMs?: number;
  /** Keep-alive sockets kept per host; sized for the engine's parallel lanes. */
  maxSockets?: number;
  agent?: http.Agent;
  /**
   * The largest answer body read (bytes). A page of 200 orders is well under 1 MiB; anything far bigger
   * is a broken proxy or a hostile server, and reading it whole once cost 1.2 GiB of memory.
   */
  maxBodyBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_PROBE_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_SOCKETS = 16;
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
const ORDERS_PATH = '/v2/resources/orders';

type Exchange = { answer: HttpAnswer } | { failure: Failure; status: number | null };

/** The list filters as the API spells them: ranges `from,to`, lists comma-separated. */
export function orderListSearchParams(query: OrderListQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.created_from !== undefined || query.created_to !== undefined) {
    params.set('created_at', `${query.created_from ?? ''},${query.created_to ?? ''}`);
  }
  if (query.status && query.status.length > 0) params.set('status', query.status.join(','));
  if (query.events && query.events.length > 0) params.set('events', query.events.join(','));
  if (query.only_with_customer !== undefined) params.set('only_with_customer', String(query.only_with_customer));
  params.set('page', String(query.page));
  params.set('page_size', String(query.page_size));
  return params;
}

function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`Ticketscloud base URL '${baseUrl}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`Ticketscloud base URL '${baseUrl}' must start with http:// or https://`);
  }
  return url;
}

// Keep-alive spares a TCP (and TLS) handshake per edit; the engine's lanes share these sockets.
function keepAliveAgent(base: URL, maxSockets: number): http.Agent {
  const options: http.AgentOptions = { keepAlive: true, maxSockets };
  return base.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
}

/**
 * An answer about another order than the one asked for (a misrouting proxy or cache) is never success:
 * caching it would replace another order's copy, and building a PATCH on it would send that order's
 * customer. It is a bad answer like an HTML page: the edit stays queued and is tried again.
 */
export function answerAbout(orderId: string, outcome: Outcome<OrderResponse>): Outcome<OrderResponse> {
  if (outcome.kind !== 'ok') return outcome;
  const answeredId: unknown = outcome.value.data.id;
  if (typeof answeredId === 'string' && answeredId.toLowerCase() === orderId.toLowerCase()) return outcome;
  return {
    kind: 'transient',
    reason: 'bad_body',
    status: 200,
    retryAfterMs: null,
    message: `Ticketscloud answered about order ${JSON.stringify(answeredId)} when asked about ${orderId}; nothing of it was stored`,
  };
}

/**
 * The body as text, or null as soon as it is known to be over `maxBytes`: from Content-Length before
 * reading anything, else from a running count of the bytes that arrived (a chunked answer has no length).
 */
async function readCappedBody(response: Response, maxBytes: number): Promise<string | null> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) return null;
  const body = response.body;
  if (body === null) return '';
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of body) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
    received += bytes.length;
    if (received > maxBytes) return null;
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, received).toString('utf8');
}

/** Throws only for a base URL that is not http(s) — a configuration bug, caught before any edit is sent. */
export function createTicketscloudClient(options: TicketscloudClientOptions): TicketscloudClient {
  const base = parseBaseUrl(options.baseUrl);
  const root = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const probeTimeoutMs = Math.min(options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS, timeoutMs);
  const ownsAgent = options.agent === undefined;
  const agent = options.agent ?? keepAliveAgent(base, options.maxSockets ?? DEFAULT_MAX_SOCKETS);
  let apiKey = options.apiKey;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  async function exchange(method: 'GET' | 'PATCH', path: string, body: unknown, limitMs: number): Promise<Exchange> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, limitMs);
    const init: RequestInit = {
      method,
      agent,
      signal: controller.signal,
      // The API never redirects; following one would turn a PATCH into a GET of some login page.
      redirect: 'manual',
      headers: {
        Authorization: `key ${apiKey}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    };
    let status: number | null = null;
    try {
      const response = await fetch(`${root}${path}`, init);
      status = response.status;
      // Read inside the timer too: a server that sends headers and then stalls is still a timeout.
      const text = await readCappedBody(response, maxBodyBytes);
      if (text === null) {
        // Stop the transfer: the socket is dropped rather than drained, so the rest is never downloaded.
        controller.abort();
        return { failure: oversizedAnswer(response.status, maxBodyBytes), status };
      }
      return { answer: { status: response.status, headers: response.headers, body: text } };
    } catch (error) {
      const failure = classifyRequestFailure(error, timedOut ? limitMs : null);
      if (failure === undefined) throw error;
      return { failure, status };
    } finally {
      clearTimeout(timer);
    }
  }

  async function orderRequest(
    method: 'GET' | 'PATCH',
    orderId: string,
    body: OrderPatch | undefined,
  ): Promise<Outcome<OrderResponse>> {
    const refused = invalidOrderId(orderId);
    if (refused) return refused;
    const result = await exchange(method, `${ORDERS_PATH}/${orderId}`, body, timeoutMs);
    return 'failure' in result ? result.failure : answerAbout(orderId, classifyOrderAnswer(result.answer, Date.now()));
  }

  return {
    patchOrder: (orderId, body) => orderRequest('PATCH', orderId, body),
    getOrder: (orderId) => orderRequest('GET', orderId, undefined),

    async listOrders(query) {
      const path = `${ORDERS_PATH}?${orderListSearchParams(query).toString()}`;
      const result = await exchange('GET', path, undefined, timeoutMs);
      return 'failure' in result ? result.failure : classifyOrderListAnswer(result.answer, Date.now());
    },

    async probe() {
      const result = await exchange('GET', `${ORDERS_PATH}?page_size=1`, undefined, probeTimeoutMs);
      // Headers that arrived count even if the body then broke off: someone answered.
      return 'answer' in result || result.status !== null ? 'reachable' : 'unreachable';
    },

    setApiKey(key) {
      apiKey = key;
    },

    close() {
      if (ownsAgent) agent.destroy();
    },
  };
}
