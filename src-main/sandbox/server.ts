// The Ticketscloud sandbox: a real HTTP server on 127.0.0.1 speaking the part of API v2 the box office
// uses (../../../shared/ticketscloud-api.md), with seeded data, the per-order 409 rule, and fault knobs
// for tests, benchmarks and the demo mode.
//
//   PATCH /v2/resources/orders/:id   GET /v2/resources/orders/:id   GET /v2/resources/orders?…
//   /__sandbox/…                      test tooling, no API key, never faulty (see control.ts)
//
// One API request goes through, in this order: latency → proxy HTML page → key (401) → forbidden (403)
// → route (404/405) → unknown order (404) → order already in flight (409, counted as an overlap: the
// client's fault) → order held by another counter (409, counted as foreign409) → injected 5xx → 429 →
// the order is in flight for `processingMs` while the request is done → answer (or, for an applied
// PATCH, a dropped connection).
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ORDER_STATUSES, type Order, type OrderPatch, type OrderStatus } from '../core/ticketscloud/types.ts';
import { type Catalog, SANDBOX_PROMOCODES, sandboxCatalog } from './catalog.ts';
import { handleControl } from './control.ts';
import { DEFAULT_FAULTS, FaultDice, type SandboxFaults, checkFaults } from './faults.ts';
import { type Reply, htmlReply, jsonReply, readBody, send } from './http.ts';
import { checkListQuery } from './list-query.ts';
import { applyPatch, checkPatchBody } from './patch.ts';
import { type SandboxStats, StatsRecorder } from './stats.ts';
import { withStatus } from './status.ts';
import { OrderStore } from './store.ts';

export type { SandboxFaults } from './faults.ts';
export type { SandboxStats } from './stats.ts';

export interface SandboxOptions {
  /** 0 (the default) = a free port chosen by the system. */
  port?: number;
  /** How many orders to generate; default 200. */
  orders?: number;
  seed?: number;
  /** Default 'sandbox-key'. */
  apiKey?: string;
  /** How long one request holds its order (ms); default 5. */
  processingMs?: number;
  faults?: Partial<SandboxFaults>;
  /** Seed of the fault dice; default 1. */
  faultSeed?: number;
}

export interface Sandbox {
  /** http://127.0.0.1:PORT */
  url: string;
  apiKey: string;
  setApiKey(key: string): void;
  setFaults(faults: Partial<SandboxFaults>): void;
  stats(): SandboxStats;
  resetStats(): void;
  /** Bodies of the PATCHes applied to the order since start (or the last resetStats), oldest first. */
  appliedPatches(orderId: string): OrderPatch[];
  /** The order as the server holds it now (a copy). */
  getOrderState(id: string): Order | undefined;
  /** Every order id, oldest order first. */
  orderIds(): string[];
  /** Moves an order to a status, e.g. `done` so that a PATCH gets 400. Throws on an unknown id or status. */
  setOrderStatus(id: string, status: string): void;
  /** role → code to type: fixed, percent, singleUse, minTickets, otherEvent. */
  promocodes: Record<string, string>;
  stop(): Promise<void>;
}

const DEFAULTS = { port: 0, orders: 200, seed: 1, apiKey: 'sandbox-key', processingMs: 5, faultSeed: 1 };
const ORDERS_PATH = '/v2/resources/orders';
const ORDER_PATH = /^\/v2\/resources\/orders\/([^/]+)$/;

/** The API key from `Authorization: key <api-key>`, or null when the header has another shape. */
function presentedKey(req: IncomingMessage): string | null {
  const match = /^key\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1] ?? null;
}

/** The sandbox's state and request handling; `startSandbox` wraps it in the public `Sandbox` shape. */
export class SandboxCore {
  readonly store: OrderStore;
  readonly stats = new StatsRecorder();
  apiKey: string;
  faults: SandboxFaults;
  readonly processingMs: number;
  readonly #dice: FaultDice;
  readonly #catalog: Catalog;
  /** Orders a request of ours is being processed for right now. */
  readonly #inFlight = new Set<string>();
  /** Order id → until when (Date.now() ms) the simulated other counter holds it. */
  readonly #foreignHolds = new Map<string, number>();
  readonly #stopping = new AbortController();
  /** Set by stop(): requests still waiting are abandoned, not answered. */
  stopped = false;

  constructor(options: SandboxOptions) {
    const seed = options.seed ?? DEFAULTS.seed;
    this.#catalog = sandboxCatalog(seed);
    this.store = new OrderStore(seed, options.orders ?? DEFAULTS.orders, this.#catalog);
    this.apiKey = options.apiKey ?? DEFAULTS.apiKey;
    this.processingMs = options.processingMs ?? DEFAULTS.processingMs;
    this.faults = { ...DEFAULT_FAULTS };
    if (options.faults) this.setFaults(options.faults);
    this.#dice = new FaultDice(options.faultSeed ?? DEFAULTS.faultSeed);
  }

  setFaults(faults: Partial<SandboxFaults>): void {
    const checked = checkFaults(faults);
    if (!checked.ok) throw new Error(`bad sandbox faults: ${checked.errors.join('; ')}`);
    this.faults = { ...this.faults, ...checked.faults };
  }

  setOrderStatus(id: string, status: string): Order {
    if (!(ORDER_STATUSES as readonly string[]).includes(status)) throw new Error(`unknown order status "${status}" (known: ${ORDER_STATUSES.join(', ')})`);
    const order = this.store.get(id);
    if (!order) throw new Error(`no order ${id} in the sandbox`);
    const changed = withStatus(order, status as OrderStatus, Math.floor(Date.now() / 1000));
    this.store.put(changed);
    return changed;
  }

  /** Aborts every pending wait (latency, processing) so stop() does not wait for them. */
  abortWaits(): void {
    this.#stopping.abort();
  }

  async #wait(ms: number): Promise<void> {
    if (ms > 0) await sleep(ms, undefined, { signal: this.#stopping.signal });
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    if (url.pathname.startsWith('/__sandbox/')) {
      send(res, await handleControl(this, req, url));
      return;
    }
    const method = req.method ?? 'GET';
    this.stats.requestStarted(method);
    res.once('close', () => this.stats.requestEnded());
    const roll = this.#dice.roll(this.faults);
    const orderId = ORDER_PATH.exec(url.pathname)?.[1];
    if (method === 'PATCH' && orderId !== undefined) this.stats.patchReceived(orderId);
    const body = await readBody(req);
    await this.#wait(this.faults.latencyMs);
    if (body === null) {
      send(res, jsonReply(413, { errors: ['Request body too large'] }));
      return;
    }

    if (roll.html) {
      this.stats.count('injectedHtml');
      send(res, htmlReply(502, PROXY_PAGE));
      return;
    }
    const key = presentedKey(req);
    if (key === null) {
      send(res, jsonReply(401, { errors: ['Authorization required: send the header "Authorization: key <api-key>"'] }));
      return;
    }
    if (key !== this.apiKey) {
      send(res, jsonReply(401, { errors: ['Invalid API key'] }));
      return;
    }
    if (this.faults.forbidden) {
      send(res, jsonReply(403, { errors: ['Access denied: this API key may not use orders'] }));
      return;
    }

    if (url.pathname === ORDERS_PATH || url.pathname === `${ORDERS_PATH}/`) {
      if (method !== 'GET') {
        send(res, jsonReply(405, { errors: [`Method ${method} not allowed here`] }, { allow: 'GET' }));
        return;
      }
      const injected = this.#injectedFailure(roll);
      send(res, injected ?? this.#list(url));
      return;
    }
    if (orderId === undefined) {
      send(res, jsonReply(404, { errors: [`Not found: ${url.pathname}`] }));
      return;
    }
    if (method !== 'GET' && method !== 'PATCH') {
      send(res, jsonReply(405, { errors: [`Method ${method} not allowed here`] }, { allow: 'GET, PATCH' }));
      return;
    }
    if (!this.store.has(orderId)) {
      send(res, jsonReply(404, { errors: [`Order ${orderId} not found`] }));
      return;
    }
    if (this.#inFlight.has(orderId)) {
      this.stats.count('overlaps');
      send(res, jsonReply(409, { errors: [`Order ${orderId} is being changed by another request, retry later`] }));
      return;
    }
    if (this.#heldByForeignWriter(orderId, roll.foreignWriter)) {
      this.stats.count('foreign409');
      send(res, jsonReply(409, { errors: [`Order ${orderId} is being changed by another request, retry later`] }));
      return;
    }
    const injected = this.#injectedFailure(roll);
    if (injected) {
      send(res, injected);
      return;
    }

    this.#inFlight.add(orderId);
    let reply: Reply;
    let applied = false;
    try {
      await this.#wait(this.processingMs);
      if (method === 'GET') {
        reply = this.#getOne(orderId);
      } else {
        const result = this.#patch(orderId, body);
        reply = result.reply;
        applied = result.applied;
      }
    } finally {
      this.#inFlight.delete(orderId);
    }
    if (applied && roll.dropAfterApply) {
      this.stats.count('dropped');
      req.socket.destroy();
      return;
    }
    send(res, reply);
  }

  #heldByForeignWriter(orderId: string, rolledForeignWriter: boolean): boolean {
    const now = Date.now();
    const heldUntil = this.#foreignHolds.get(orderId);
    if (heldUntil !== undefined && heldUntil > now) return true;
    if (heldUntil !== undefined) this.#foreignHolds.delete(orderId);
    if (!rolledForeignWriter) return false;
    this.#foreignHolds.set(orderId, now + this.faults.foreignHoldMs);
    return true;
  }

  #injectedFailure(roll: { serverError: number | null; tooManyRequests: boolean }): Reply | null {
    if (roll.serverError !== null) {
      this.stats.count('injected5xx');
      const text = roll.serverError === 500 ? 'Internal Server Error' : roll.serverError === 502 ? 'Bad Gateway' : 'Service Unavailable';
      return jsonReply(roll.serverError, { errors: [text] });
    }
    if (roll.tooManyRequests) {
      this.stats.count('injected429');
      return jsonReply(429, { errors: ['Too many requests'] }, { 'retry-after': String(this.faults.retryAfterSec) });
    }
    return null;
  }

  #list(url: URL): Reply {
    const query = checkListQuery(url.searchParams);
    if (!query.ok) return jsonReply(400, { errors: query.errors });
    const { orders, total } = this.store.list(query.filter, query.page, query.pageSize);
    return jsonReply(200, {
      data: orders,
      refs: this.store.refsFor(orders),
      pagination: { page: query.page, page_size: query.pageSize, total },
    });
  }

  #getOne(orderId: string): Reply {
    const order = this.store.get(orderId);
    if (!order) return jsonReply(404, { errors: [`Order ${orderId} not found`] });
    return jsonReply(200, { data: order, refs: this.store.refsFor([order]) });
  }

  #patch(orderId: string, body: Buffer): { reply: Reply; applied: boolean } {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return { reply: jsonReply(400, { errors: ['Request body is not valid JSON'] }), applied: false };
    }
    const checked = checkPatchBody(parsed);
    if (!checked.ok) return { reply: jsonReply(400, { errors: checked.errors }), applied: false };
    const order = this.store.get(orderId);
    if (!order) return { reply: jsonReply(404, { errors: [`Order ${orderId} not found`] }), applied: false };

    const result = applyPatch(order, checked.patch, {
      catalog: this.#catalog,
      singleUse: { holderOf: (id) => this.store.singleUseHolder(id) },
    });
    if (!result.ok) return { reply: jsonReply(400, { errors: result.errors }), applied: false };
    this.store.put(result.order);
    for (const id of result.released) this.store.releaseSingleUse(id, orderId);
    for (const id of result.claimed) this.store.claimSingleUse(id, orderId);
    this.stats.patchApplied(orderId, checked.patch);
    const answer: Record<string, unknown> = { data: result.order, refs: this.store.refsFor([result.order]) };
    if (result.errors.length > 0) answer.errors = result.errors;
    return { reply: jsonReply(200, answer), applied: true };
  }
}

const PROXY_PAGE = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
`;

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const core = new SandboxCore(options);
  const server = createServer((req, res) => {
    core.handle(req, res).catch((error: unknown) => {
      if (core.stopped) return;
      // A bug in the sandbox, not an injected fault: say so plainly.
      const message = error instanceof Error ? error.message : String(error);
      send(res, jsonReply(500, { errors: [`sandbox bug: ${message}`] }));
    });
  });
  const port = await listen(server, options.port ?? DEFAULTS.port);

  const sandbox: Sandbox = {
    url: `http://127.0.0.1:${port}`,
    get apiKey() {
      return core.apiKey;
    },
    setApiKey: (key) => {
      core.apiKey = key;
    },
    setFaults: (faults) => core.setFaults(faults),
    stats: () => core.stats.snapshot(),
    resetStats: () => core.stats.reset(),
    appliedPatches: (orderId) => core.stats.appliedPatches(orderId),
    getOrderState: (id) => core.store.get(id),
    orderIds: () => core.store.ids(),
    setOrderStatus: (id, status) => {
      core.setOrderStatus(id, status);
    },
    promocodes: { ...SANDBOX_PROMOCODES },
    stop: async () => {
      if (core.stopped) return;
      core.stopped = true;
      core.abortWaits();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
  return sandbox;
}
