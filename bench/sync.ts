// Benchmark of the sync engine (issue 6): how fast a pile of edits saved offline reaches the server once
// the network is back, side by side with what physics and this machine allow, in one invocation:
//
//   lower_bound = max(longest per-order chain, requests / concurrency) × latency, from the requests the
//                 engine actually sent (one order takes one request at a time: the API answers 409 else);
//   floor       = the same requests sent by the simplest client (floor-client.ts, its own process,
//                 keep-alive, same concurrency, no database, no retries);
//   global_fifo = the same edits drained one request at a time in creation order, one request per edit.
//
// Every workload gets a fresh sandbox (its own process, per-request latency fixed) and a fresh SQLite
// file; the orders are cached first (the engine only PATCHes) and the edits are saved through the outbox
// before the engine starts, as a counter that was offline would have them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { mergeIntoCache } from '../src-main/core/cache/merge.ts';
import { getCachedOrder } from '../src-main/core/cache/read.ts';
import type { Sqlite } from '../src-main/core/db/open.ts';
import { openDatabase } from '../src-main/core/db/open.ts';
import { buildPatch } from '../src-main/core/edits/build-patch.ts';
import { overlayIntents, pendingPromocodes } from '../src-main/core/edits/overlay.ts';
import type { EditIntent } from '../src-main/core/edits/schema.ts';
import { createOutbox } from '../src-main/core/outbox/outbox.ts';
import { createSyncEngine, type SyncClient } from '../src-main/core/sync/engine.ts';
import { createTicketscloudClient, type TicketscloudClient } from '../src-main/core/ticketscloud/client.ts';
import { generateDataset } from '../src-main/sandbox/generator.ts';
import { mulberry32 } from '../src-main/sandbox/prng.ts';
import { runChild } from './child.ts';
import { eventLoopProbe, round } from './measure.ts';
import type { FifoPlan, FloorPlan, PlannedRequest, PlanResult } from './plan.ts';
import { spawnSandbox, type RemoteSandbox } from './remote-sandbox.ts';
import { FULL_SCALE, planEdits, workloadSpecs, type PlannedEdit, type WorkloadScale, type WorkloadSpec } from './workloads.ts';

const SANDBOX_SEED = 6;
const EDIT_SEED = 60;
const ENGINE_SEED = 600;
const API_KEY = 'bench-key';
const OPERATOR = 'bench';
const LIST_PAGE_SIZE = 200;
/** Tries of one FIFO request before it is given up (only (d) ever repeats one). */
const FIFO_MAX_TRIES = 50;

export interface BenchSyncOptions {
  scale?: WorkloadScale;
  /** Which workloads to run (default all four); the enqueue/RSS run is skipped when this is set. */
  only?: readonly string[];
  /** Writes a CPU profile of each engine drain (and nothing else) into this folder. */
  profileDir?: string;
  /** Fixed time every API request takes at the sandbox (ms). */
  latencyMs?: number;
  concurrency?: number;
  /** Orders cached for the enqueue latency and RSS figures. */
  cachedOrders?: number;
  /** Edits saved (and then drained) in the enqueue/RSS run. */
  enqueueEdits?: number;
  log?: (line: string) => void;
}

export interface EngineRunFigures {
  makespan_ms: number;
  requests: number;
  patches: number;
  gets: number;
  requests_per_order_max: number;
  requests_per_order_mean: number;
  edits_synced: number;
  edits_failed: number;
  edits_left: number;
  overlaps: number;
  injected_5xx: number;
  max_in_flight: number;
  /** How long engine.start() ran synchronously (it reads the outbox to rebuild its queue). */
  start_ms: number;
  /** CPU time (user + system) of the engine's process per request sent: what each request costs the app. */
  cpu_ms_per_request: number;
  event_loop_block_ms: number;
  longest_block_at_ms: number;
  blocks_over_20ms: number;
  internal_errors: string[];
}

export interface WorkloadFigures {
  title: string;
  edits: number;
  orders: number;
  engine: EngineRunFigures;
  longest_chain: number;
  lower_bound_ms: number;
  floor: PlanResult;
  global_fifo: PlanResult;
  makespan_over_lower_bound: number;
  makespan_over_floor: number;
  floor_over_lower_bound: number;
  global_fifo_over_makespan: number;
}

export interface EnqueueFigures {
  cached_orders: number;
  cache_fill_orders_per_s: number;
  edits: number;
  enqueue_p50_ms: number;
  enqueue_p99_ms: number;
  enqueue_max_ms: number;
  /** The validation part of a save alone (valibot), so the commit's share is plain. */
  validate_p99_ms: number;
  /** A bare one-row durable commit on the same disk with the same pragmas: what any save must pay. */
  bare_commit_p50_ms: number;
  bare_commit_p99_ms: number;
  drain_makespan_ms: number;
  drain_requests: number;
  peak_rss_mib: number;
  rss_idle_mib: number;
  event_loop_block_ms: number;
  /** The longest blocks while saving and while draining, apart. */
  enqueue_block_ms: number;
  drain_block_ms: number;
  drain_longest_block_at_ms: number;
  /** How long engine.start() ran synchronously (it reads the outbox to rebuild its queue). */
  engine_start_ms: number;
}

export interface SyncFigures {
  latency_ms: number;
  concurrency: number;
  workloads: Record<string, WorkloadFigures>;
  enqueue: EnqueueFigures | null;
}

/**
 * The sandbox adds `latencyMs` before it looks at a request and then holds the order for
 * `processingMs` (that is what makes a second request for the same order a 409, so overlaps are seen).
 * Together they are the fixed per-request latency the lower bound counts.
 */
export function sandboxTiming(latencyMs: number): { latencyMs: number; processingMs: number } {
  const processingMs = latencyMs >= 2 ? 1 : 0;
  return { latencyMs: latencyMs - processingMs, processingMs };
}

async function inPool<T>(items: readonly T[], width: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let item = items[next++]; item !== undefined; item = items[next++]) await task(item);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

async function startWorkloadSandbox(orders: number, latencyMs: number): Promise<RemoteSandbox> {
  const timing = sandboxTiming(latencyMs);
  const sandbox = await spawnSandbox({
    orders,
    seed: SANDBOX_SEED,
    apiKey: API_KEY,
    processingMs: timing.processingMs,
    faults: { latencyMs: timing.latencyMs },
  });
  // Only executed orders take every edit (done/cancelled/expired refuse PATCH, in_progress refuses a new
  // e-mail): the bench measures sending, so every order is one the clerk may edit.
  await inPool(await sandbox.orderIds(), 16, (id) => sandbox.setOrderStatus(id, 'executed'));
  return sandbox;
}

/** The import the clerk did before going offline: every order of the sandbox, page by page. */
async function cacheAllOrders(client: TicketscloudClient, sqlite: Sqlite): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const answer = await client.listOrders({ page, page_size: LIST_PAGE_SIZE });
    if (answer.kind !== 'ok') throw new Error(`listing the sandbox's orders failed: ${answer.message}`);
    mergeIntoCache(sqlite, answer.value.data, answer.value.refs, Date.now());
    ids.push(...answer.value.data.map((order) => order.id));
    if (page * LIST_PAGE_SIZE >= answer.value.pagination.total) return ids;
  }
}

interface RecordingClient extends SyncClient {
  sent: PlannedRequest[];
}

/** The engine's client, keeping a copy of every request it sends so the floor can send the very same. */
function recording(client: TicketscloudClient): RecordingClient {
  const sent: PlannedRequest[] = [];
  return {
    sent,
    patchOrder(orderId, body) {
      sent.push({ orderId, method: 'PATCH', body });
      return client.patchOrder(orderId, body);
    },
    getOrder(orderId) {
      sent.push({ orderId, method: 'GET' });
      return client.getOrder(orderId);
    },
    probe: () => client.probe(),
    setApiKey: (key) => client.setApiKey(key),
  };
}

/** Requests grouped per order, orders in the order of their first request. */
function chainsOf(requests: readonly PlannedRequest[]): PlannedRequest[][] {
  const byOrder = new Map<string, PlannedRequest[]>();
  for (const request of requests) {
    const chain = byOrder.get(request.orderId) ?? [];
    chain.push(request);
    byOrder.set(request.orderId, chain);
  }
  return [...byOrder.values()];
}

/**
 * One request per edit, in creation order, as a queue without coalescing sends them: each body built
 * from the cached order with the order's earlier edits laid over it (so no edit undoes an earlier one).
 */
function fifoRequests(sqlite: Sqlite, planned: readonly PlannedEdit[]): PlannedRequest[] {
  const earlier = new Map<string, EditIntent[]>();
  return planned.map(({ orderId, intent }) => {
    const cached = getCachedOrder(sqlite, orderId);
    if (cached === null) throw new Error(`order ${orderId} is not cached`);
    const before = earlier.get(orderId) ?? [];
    const server = overlayIntents(cached.order, cached.refs, before);
    const added = intent.promocodes ?? [];
    const withEarlierCodes: EditIntent =
      added.length > 0 ? { ...intent, promocodes: [...pendingPromocodes(cached.order, cached.refs, before), ...added] } : intent;
    earlier.set(orderId, [...before, intent]);
    return { orderId, method: 'PATCH', body: buildPatch(server, cached.refs, withEarlierCodes) };
  });
}

function editStates(sqlite: Sqlite): Record<string, number> {
  const rows = sqlite.prepare('SELECT state, count(*) AS n FROM edits GROUP BY state').all() as { state: string; n: number }[];
  return Object.fromEntries(rows.map((row) => [row.state, row.n]));
}

async function runPlan(dir: string, name: string, plan: FloorPlan | FifoPlan): Promise<PlanResult> {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(plan));
  const result = await runChild<PlanResult>('floor-client.ts', [file]);
  return { ...result, makespan_ms: round(result.makespan_ms, 1), cpu_ms_per_request: round(result.cpu_ms_per_request, 3) };
}

interface CpuProfile {
  stop(file: string): Promise<void>;
}

/** The V8 profiler of this process, started now: profiles only the engine's drain, not the set-up. */
async function startCpuProfile(): Promise<CpuProfile> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

async function runWorkload(
  spec: WorkloadSpec,
  latencyMs: number,
  concurrency: number,
  profileDir: string | undefined,
  log: (line: string) => void,
): Promise<WorkloadFigures> {
  const dir = mkdtempSync(join(tmpdir(), `bench-sync-${spec.key}-`));
  const sandbox = await startWorkloadSandbox(spec.orders, latencyMs);
  const opened = openDatabase(join(dir, 'box-office.db'));
  const { sqlite, db } = opened;
  const client = createTicketscloudClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKey });
  try {
    const orderIds = await cacheAllOrders(client, sqlite);
    const codes = Object.values(await sandbox.promocodes());
    const planned = planEdits(spec, orderIds, codes, EDIT_SEED);

    // Offline: the clerk saves every edit; nothing is sent yet.
    const outbox = createOutbox(sqlite, db);
    for (const { orderId, intent } of planned) {
      const saved = outbox.saveEdit(orderId, intent, OPERATOR);
      if (!saved.ok) throw new Error(`the bench made an edit the outbox refuses: ${JSON.stringify(saved.errors)}`);
    }
    const fifo = fifoRequests(sqlite, planned);

    // Back online: the engine drains the outbox.
    await sandbox.resetStats();
    if (spec.rate5xx > 0) await sandbox.setFaults({ rate5xx: spec.rate5xx });
    const recorder = recording(client);
    const internalErrors: string[] = [];
    const engine = createSyncEngine({
      sqlite,
      db,
      client: recorder,
      concurrency,
      random: mulberry32(ENGINE_SEED),
      onInternalError: (error) => internalErrors.push(String(error)),
    });
    const profiler = profileDir === undefined ? null : await startCpuProfile();
    const loop = eventLoopProbe();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    engine.start();
    const startMs = performance.now() - started;
    await engine.idle();
    const makespan = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const blocks = loop.stop();
    if (profiler !== null && profileDir !== undefined) {
      const file = join(profileDir, `engine-${spec.key}.cpuprofile`);
      await profiler.stop(file);
      log(`  CPU profile of the engine's drain: ${file}`);
    }
    await engine.stop();
    const stats = await sandbox.stats();

    const chains = chainsOf(recorder.sent);
    const perOrder = chains.map((chain) => chain.length);
    const longestChain = Math.max(0, ...perOrder);
    const requests = recorder.sent.length;
    const sandboxPatches = Object.values(stats.patchesByOrder).reduce((sum, n) => sum + n, 0);
    const patches = recorder.sent.filter((request) => request.method === 'PATCH').length;
    if (sandboxPatches !== patches) log(`  warning: the engine sent ${patches} PATCHes, the sandbox received ${sandboxPatches}`);
    const lowerBound = Math.max(longestChain, requests / concurrency) * latencyMs;
    const states = editStates(sqlite);
    const engineFigures: EngineRunFigures = {
      makespan_ms: round(makespan, 1),
      requests,
      patches: sandboxPatches,
      gets: requests - patches,
      requests_per_order_max: longestChain,
      requests_per_order_mean: round(requests / Math.max(1, chains.length)),
      edits_synced: states.synced ?? 0,
      edits_failed: states.failed ?? 0,
      edits_left: (states.pending ?? 0) + (states.sending ?? 0),
      overlaps: stats.overlaps,
      injected_5xx: stats.injected5xx,
      max_in_flight: stats.maxInFlight,
      start_ms: round(startMs, 2),
      cpu_ms_per_request: round((cpu.user + cpu.system) / 1000 / Math.max(1, requests), 3),
      event_loop_block_ms: blocks.max_block_ms,
      longest_block_at_ms: blocks.longest_block_at_ms,
      blocks_over_20ms: blocks.blocks_over_20ms,
      internal_errors: internalErrors,
    };
    client.close();

    await sandbox.resetStats();
    const floor = await runPlan(dir, 'floor', { mode: 'floor', url: sandbox.url, apiKey: sandbox.apiKey, concurrency, chains });
    await sandbox.resetStats();
    const globalFifo = await runPlan(dir, 'fifo', { mode: 'fifo', url: sandbox.url, apiKey: sandbox.apiKey, requests: fifo, maxTries: FIFO_MAX_TRIES });

    return {
      title: spec.title,
      edits: spec.edits,
      orders: spec.orders,
      engine: engineFigures,
      longest_chain: longestChain,
      lower_bound_ms: round(lowerBound, 1),
      floor,
      global_fifo: globalFifo,
      makespan_over_lower_bound: round(makespan / lowerBound),
      makespan_over_floor: round(makespan / floor.makespan_ms),
      floor_over_lower_bound: round(floor.makespan_ms / lowerBound),
      global_fifo_over_makespan: round(globalFifo.makespan_ms / makespan),
    };
  } finally {
    client.close();
    opened.close();
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const CACHE_PAGE = 1_000;

/** Fills a fresh database with `count` generated orders, as an import would; returns orders/s. */
function fillCache(file: string, seed: number, count: number): number {
  const opened = openDatabase(file);
  try {
    const dataset = generateDataset({ seed, count });
    const started = performance.now();
    let page: Parameters<typeof mergeIntoCache>[1][number][] = [];
    for (const order of dataset.orders()) {
      page.push(order);
      if (page.length === CACHE_PAGE) {
        mergeIntoCache(opened.sqlite, page, dataset.refs, Date.now());
        page = [];
      }
    }
    if (page.length > 0) mergeIntoCache(opened.sqlite, page, dataset.refs, Date.now());
    return count / ((performance.now() - started) / 1000);
  } finally {
    opened.close();
  }
}

export interface EngineProcessInput {
  dbFile: string;
  url: string;
  apiKey: string;
  orderIds: string[];
  edits: number;
  concurrency: number;
  seed: number;
}

export type EngineProcessResult = Omit<EnqueueFigures, 'cached_orders' | 'cache_fill_orders_per_s'>;

/**
 * Enqueue latency and peak RSS with a big cache: the database is filled here, then a separate process
 * (engine-process.ts) opens it, saves edits one by one (each timed) and drains them with the engine,
 * sampling its own RSS. A process of its own, so its RSS is the engine's and nobody else's.
 */
async function runEnqueue(cachedOrders: number, edits: number, latencyMs: number, concurrency: number, log: (line: string) => void): Promise<EnqueueFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-enqueue-'));
  const dbFile = join(dir, 'box-office.db');
  try {
    log(`  filling a cache of ${cachedOrders} orders…`);
    const fillRate = fillCache(dbFile, SANDBOX_SEED, cachedOrders);
    // The sandbox's orders are the data set's first ones (same seed): all of them are in the cache.
    // Eight edits per order on average: the drain coalesces them, so it stays short next to the workloads.
    const sandbox = await startWorkloadSandbox(Math.min(cachedOrders, Math.ceil(edits / 8)), latencyMs);
    try {
      const input: EngineProcessInput = {
        dbFile,
        url: sandbox.url,
        apiKey: sandbox.apiKey,
        orderIds: await sandbox.orderIds(),
        edits,
        concurrency,
        seed: EDIT_SEED,
      };
      const result = await runChild<EngineProcessResult>('engine-process.ts', [JSON.stringify(input)]);
      return { cached_orders: cachedOrders, cache_fill_orders_per_s: Math.round(fillRate), ...result };
    } finally {
      await sandbox.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchSync(options: BenchSyncOptions = {}): Promise<SyncFigures> {
  const scale = options.scale ?? FULL_SCALE;
  const latencyMs = options.latencyMs ?? 20;
  const concurrency = options.concurrency ?? 4;
  const log = options.log ?? ((line: string) => console.log(line));
  const workloads: Record<string, WorkloadFigures> = {};
  for (const spec of workloadSpecs(scale).filter((s) => options.only === undefined || options.only.includes(s.key))) {
    log(`sync (${spec.key}) ${spec.title}: engine, floor, global FIFO…`);
    const figures = await runWorkload(spec, latencyMs, concurrency, options.profileDir, log);
    workloads[spec.key] = figures;
    log(
      `  makespan ${figures.engine.makespan_ms} ms, ${figures.engine.requests} requests; lower bound ${figures.lower_bound_ms} ms, ` +
        `floor ${figures.floor.makespan_ms} ms, global FIFO ${figures.global_fifo.makespan_ms} ms`,
    );
  }
  if (options.only !== undefined) return { latency_ms: latencyMs, concurrency, workloads, enqueue: null };
  log('enqueue latency and peak RSS with a big cache…');
  const enqueue = await runEnqueue(options.cachedOrders ?? 100_000, options.enqueueEdits ?? 2_000, latencyMs, concurrency, log);
  return { latency_ms: latencyMs, concurrency, workloads, enqueue };
}
