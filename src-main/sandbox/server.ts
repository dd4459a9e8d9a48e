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
import { ORDER_STATUSES, type Order, type OrderStatus } from '../core/ticketscloud/types.ts';
import { type Catalog, SANDBOX_PROMOCODES, sandboxCatalog } from './catalog.ts';
import { handleControl } from './control.ts';
import { DEFAULT_FAULTS, FaultDice, type FaultRoll, type SandboxFaults, checkFaults } from './faults.ts';
import { type Reply, htmlReply, jsonReply, readBody, send } from './http.ts';
import { checkListQuery } from './list-query.ts';
import { applyPatch, checkPatchBody, type SandboxPatch } from './patch.ts';
import { type SandboxStats, StatsRecorder } from './stats.ts';
import { changeStatus, withStatus } from './status.ts';
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
  /**
   * The sandbox's clock (epoch ms). Reservations end by it (an `executed` order whose `expired_after` has
   * passed is `expired`), and done_at is taken from it. A test moves time forward by handing in a clock
   * it controls. Default: real time, counted from `startedAt`.
   */
  now?: () => number;
  /**
   * The moment the data set starts (epoch ms): every generated date is an offset from it. Default `now()`
   * when the sandbox starts. A test that needs the same dates on every run fixes it; without `now` the
   * clock then starts there and runs at real speed, so reservations still end minutes to weeks later.
   */
  startedAt?: number;
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
  appliedPatches(orderId: string): SandboxPatch[];
  /** The data set's start (epoch ms): every generated date is an offset from it. */
  startedAt: number;
  /** The order as the server holds it now (a copy). */
  getOrderState(id: string): Order | undefined;
  /** Every order id, oldest order first. */
  orderIds(): string[];
  /** Moves an order to a status, e.g. `done` so that a PATCH gets 400. Throws on an unknown id or status. */
  setOrderStatus(id: string, status: string): void;
  /**
   * Changes an order as ANOTHER writer would (the web shop, another counter, the organiser): the same
   * PATCH rules, but not counted in stats or appliedPatches and never refused as busy. Returns the order
   * as it is then; throws with the server's reasons when the body is refused.
   */
  changeAsOtherWriter(id: string, patch: unknown): Order;
  /** role → code to type: fixed, percent, singleUse, minTickets, otherEvent. */
  promocodes: Record<string, string>;
  stop(): Promise<void>;
}

const DEFAULTS = { port: 0, orders: 200, seed: 1, apiKey: 'sandbox-key', processingMs: 5, faultSeed: 1 };
const ORDERS_PATH = '/v2/resources/orders';
const ORDER_PATH = /^\/v2\/resources\/orders\/([^/]+)$/;

type Route = { kind: 'list' } | { kind: 'order'; orderId: string } | { kind: 'refused'; reply: Reply };

/** Which API resource a request is for, or its 404/405 when there is none or the method does not fit. */
function routeOf(method: string, pathname: string): Route {
  const notAllowed = (allow: string): Route => ({
    kind: 'refused',
    reply: jsonReply(405, { errors: [`Method ${method} not allowed here`] }, { allow }),
  });
  if (pathname === ORDERS_PATH || pathname === `${ORDERS_PATH}/`) return method === 'GET' ? { kind: 'list' } : notAllowed('GET');
  const orderId = ORDER_PATH.exec(pathname)?.[1];
  if (orderId === undefined) return { kind: 'refused', reply: jsonReply(404, { errors: [`Not found: ${pathname}`] }) };
  return method === 'GET' || method === 'PATCH' ? { kind: 'order', orderId } : notAllowed('GET, PATCH');
}

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
  readonly now: () => number;
  readonly startedAt: number;
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
    this.now = options.now ?? clockFrom(options.startedAt ?? Date.now());
    this.startedAt = options.startedAt ?? this.now();
    this.#catalog = sandboxCatalog(seed, this.startedAt);
    this.store = new OrderStore(seed, options.orders ?? DEFAULTS.orders, this.#catalog, this.startedAt, this.now);
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
    const changed = withStatus(order, status as OrderStatus, Math.floor(this.now() / 1000));
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
    // Drawn on arrival, before any wait, so the dice follow the order requests come in.
    const roll = this.#dice.roll(this.faults);
    const route = routeOf(method, url.pathname);
    if (route.kind === 'order' && method === 'PATCH') this.stats.patchReceived(route.orderId);
    const body = await readBody(req);
    await this.#wait(this.faults.latencyMs);

    const refusal = (body === null ? jsonReply(413, { errors: ['Request body too large'] }) : null) ?? this.#refuseAtTheDoor(req, roll);
    if (refusal) {
      send(res, refusal);
      return;
    }
    if (route.kind === 'refused') {
      send(res, route.reply);
      return;
    }
    if (route.kind === 'list') {
      const reply = this.#injectedFailure(roll) ?? this.#list(url);
      await this.#wait(this.faults.listLatencyMs);
      send(res, reply);
      return;
    }
    const busy = this.#refuseBusyOrder(route.orderId, roll) ?? this.#injectedFailure(roll);
    if (busy) {
      send(res, busy);
      return;
    }

    const { reply, applied } = await this.#process(method, route.orderId, body ?? Buffer.alloc(0));
    if (applied && roll.dropAfterApply) {
      this.stats.count('dropped');
      req.socket.destroy();
      return;
    }
    send(res, this.#broken(method, this.#misrouted(method, route.orderId, reply)));
  }

  /** With `unreadablePatchAnswers` / `deepPatchAnswers` set, an applied PATCH's 200 answer is spoilt. */
  #broken(method: string, reply: Reply): Reply {
    if (method !== 'PATCH' || reply.status !== 200) return reply;
    const knob = this.faults.unreadablePatchAnswers > 0 ? 'unreadablePatchAnswers' : this.faults.deepPatchAnswers > 0 ? 'deepPatchAnswers' : null;
    if (knob === null) return reply;
    this.faults = { ...this.faults, [knob]: this.faults[knob] - 1 };
    const answer = JSON.parse(reply.body) as { data: Record<string, unknown> };
    if (knob === 'unreadablePatchAnswers') {
      delete answer.data.vendor_data;
      return jsonReply(200, answer);
    }
    // Built as text: the value is too deep for JSON.stringify, which is exactly what the client meets.
    const depth = 200_000;
    const deep = `${'{"x":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const placeholder = 'nested-value-placeholder';
    const body = JSON.stringify({ ...answer, data: { ...answer.data, nested: placeholder } }).replace(`"${placeholder}"`, deep);
    return { ...reply, body };
  }

  /** With `wrongGetAnswers` / `wrongPatchAnswers` set, a 200 about one order is swapped for the same answer about another. */
  #misrouted(method: string, orderId: string, reply: Reply): Reply {
    const knob = method === 'PATCH' ? 'wrongPatchAnswers' : 'wrongGetAnswers';
    if (this.faults[knob] <= 0 || reply.status !== 200) return reply;
    const otherId = this.store.ids().find((id) => id !== orderId);
    const other = otherId === undefined ? undefined : this.store.get(otherId);
    if (other === undefined) return reply;
    this.faults = { ...this.faults, [knob]: this.faults[knob] - 1 };
    this.stats.count('wrongOrderAnswers');
    return jsonReply(200, { data: other, refs: this.store.refsFor([other]) });
  }

  changeAsOtherWriter(orderId: string, body: unknown): Order {
    const checked = checkPatchBody(body);
    if (!checked.ok) throw new Error(checked.errors.join('; '));
    const result = this.#apply(orderId, checked.patch);
    if (!result.ok) throw new Error(result.errors.join('; '));
    return result.order;
  }

  /** Applies a checked PATCH to the store: the one path our PATCHes and the other writers' take. */
  #apply(orderId: string, patch: SandboxPatch): ReturnType<typeof applyPatch> {
    const order = this.store.get(orderId);
    if (!order) return { ok: false, errors: [`Order ${orderId} not found`] } as ReturnType<typeof applyPatch>;
    const result = applyPatch(order, patch, {
      catalog: this.#catalog,
      singleUse: { holderOf: (id) => this.store.singleUseHolder(id) },
    });
    if (!result.ok) return result;
    this.store.put(result.order);
    for (const id of result.released) this.store.releaseSingleUse(id, orderId);
    for (const id of result.claimed) this.store.claimSingleUse(id, orderId);
    return result;
  }

  /** What a proxy or the gateway answers before the API sees the request: an HTML page, 401, 403. */
  #refuseAtTheDoor(req: IncomingMessage, roll: FaultRoll): Reply | null {
    if (roll.html) {
      this.stats.count('injectedHtml');
      return htmlReply(502, PROXY_PAGE);
    }
    const key = presentedKey(req);
    if (key === null) return jsonReply(401, { errors: ['Authorization required: send the header "Authorization: key <api-key>"'] });
    if (key !== this.apiKey) return jsonReply(401, { errors: ['Invalid API key'] });
    if (this.faults.forbidden) return jsonReply(403, { errors: ['Access denied: this API key may not use orders'] });
    return null;
  }

  /** 404 for an unknown order; 409 while the order is in flight (ours: an overlap) or held by another counter. */
  #refuseBusyOrder(orderId: string, roll: FaultRoll): Reply | null {
    if (!this.store.has(orderId)) return jsonReply(404, { errors: [`Order ${orderId} not found`] });
    const conflict = jsonReply(409, { errors: [`Order ${orderId} is being changed by another request, retry later`] });
    if (this.#inFlight.has(orderId)) {
      this.stats.count('overlaps');
      return conflict;
    }
    if (this.#heldByForeignWriter(orderId, roll.foreignWriter)) {
      this.stats.count('foreign409');
      return conflict;
    }
    return null;
  }

  /** The order is in flight from here until its answer is ready. */
  async #process(method: string, orderId: string, body: Buffer): Promise<{ reply: Reply; applied: boolean }> {
    this.#inFlight.add(orderId);
    try {
      await this.#wait(this.processingMs);
      return method === 'PATCH' ? this.#patch(orderId, body) : { reply: this.#getOne(orderId), applied: false };
    } finally {
      this.#inFlight.delete(orderId);
    }
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

  #injectedFailure(roll: FaultRoll): Reply | null {
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
    const broken = new Set(this.faults.listOrdersWithoutVendorData);
    return jsonReply(200, {
      data: broken.size === 0 ? orders : orders.map((order) => (broken.has(order.id) ? withoutVendorData(order) : order)),
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
    const { status } = checked.patch;
    if (status !== undefined) return this.#changeStatus(order, { status });
    const result = this.#apply(orderId, checked.patch);
    if (!result.ok) return { reply: jsonReply(400, { errors: result.errors }), applied: false };
    this.stats.patchApplied(orderId, checked.patch);
    const answer: Record<string, unknown> = { data: result.order, refs: this.store.refsFor([result.order]) };
    if (result.errors.length > 0) answer.errors = result.errors;
    return { reply: jsonReply(200, answer), applied: true };
  }

  #changeStatus(order: Order, patch: Required<Pick<SandboxPatch, 'status'>>): { reply: Reply; applied: boolean } {
    const result = changeStatus(order, patch.status, {
      nowSeconds: Math.floor(this.now() / 1000),
      notEnoughMoney: this.faults.notEnoughMoney,
    });
    if (!result.ok) return { reply: jsonReply(400, { errors: [result.error] }), applied: false };
    this.store.put(result.order);
    // A cancelled order's tickets go back on sale, and so does a single-use code it held.
    if (result.order.status === 'cancelled') for (const id of order.promocodes) this.store.releaseSingleUse(id, order.id);
    this.stats.patchApplied(order.id, patch);
    return { reply: jsonReply(200, { data: result.order, refs: this.store.refsFor([result.order]) }), applied: true };
  }
}

function withoutVendorData(order: Order): Omit<Order, 'vendor_data'> {
  const { vendor_data: _dropped, ...rest } = order;
  return rest;
}

const PROXY_PAGE = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
`;

/** Real time, but starting at `startedAt`: a data set fixed in the past still lives through the test. */
function clockFrom(startedAt: number): () => number {
  const offset = startedAt - Date.now();
  return () => Date.now() + offset;
}

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
  // Longer than Node's 5 s default: a client's keep-alive socket closed under it mid-request reads as a
  // network error, a fault tests should only meet when they ask for one.
  server.keepAliveTimeout = 30_000;
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
    startedAt: core.startedAt,
    getOrderState: (id) => core.store.get(id),
    orderIds: () => core.store.ids(),
    setOrderStatus: (id, status) => {
      core.setOrderStatus(id, status);
    },
    changeAsOtherWriter: (id, patch) => core.changeAsOtherWriter(id, patch),
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
