// Benchmark of the sync engine (issues 6, 10 and 14): how fast a pile of edits saved offline reaches the
// server once the network is back, side by side with what physics and this machine allow, in one
// invocation:
//
//   lower_bound = max(longest per-order chain, requests / concurrency) × latency, from the requests the
//                 engine actually sent — GETs included: every PATCH is built on a fresh copy, fetched by
//                 the same lane right before it unless the lane's own answer is fresh (issue 10);
//   floor       = the same requests (the same GET + PATCH per order) sent by the simplest client
//                 (floor-client.ts, its own process, keep-alive, same concurrency, no database, no retries);
//   global_fifo = the same edits drained one request at a time in creation order, one PATCH per edit,
//                 each preceded by a GET under the engine's own rule (no answer about the order within
//                 the fresh-copy window).
//
// (a) is the cold case: the orders were imported a while ago, so each order's PATCH needs a GET first.
// (a-warm) is the warm case: the same engine, right after (a), gets a second edit for every order and
// builds each PATCH on its lane's own previous answer (no GET) — what a request costs when the copy is
// warm. (b) and (c) mix both: an order's first batch is cold, its later batches warm.
//
// Every workload gets a fresh sandbox (its own process, per-request latency fixed) and a fresh SQLite
// file; the orders are imported first and the edits are saved through the outbox before the engine
// starts, as a counter that was offline would have them. The sandbox counts GETs and PATCHes itself
// (stats().byMethod): the figures are checked against what it received.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { askCopySequence } from '../src-main/core/cache/copy-sequence.ts';
import { mergeIntoCache } from '../src-main/core/cache/merge.ts';
import { getCachedOrder } from '../src-main/core/cache/read.ts';
import { openDatabase, type OpenedDatabase, type Sqlite } from '../src-main/core/db/open.ts';
import { buildPatch } from '../src-main/core/edits/build-patch.ts';
import { overlayIntents, pendingPromocodes } from '../src-main/core/edits/overlay.ts';
import type { EditIntent } from '../src-main/core/edits/schema.ts';
import { createOutbox } from '../src-main/core/outbox/outbox.ts';
import { createSyncEngine, type SyncClient } from '../src-main/core/sync/engine.ts';
import { DEFAULT_POLICY } from '../src-main/core/sync/policy.ts';
import { createTicketscloudClient, type TicketscloudClient } from '../src-main/core/ticketscloud/client.ts';
import { generateDataset } from '../src-main/sandbox/generator.ts';
import { mulberry32 } from '../src-main/sandbox/prng.ts';
import { withStatus } from '../src-main/sandbox/status.ts';
import { runChild } from './child.ts';
import { eventLoopProbe, round, startCpuProfile } from './measure.ts';
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
  /** The history export (outbox.historyCsv) of this run's edits: how long it ran synchronously. */
  history_export_edits: number;
  history_export_kb: number;
  history_export_ms: number;
  history_export_block_ms: number;
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
    const askedSeq = askCopySequence(sqlite);
    const answer = await client.listOrders({ page, page_size: LIST_PAGE_SIZE });
    if (answer.kind !== 'ok') throw new Error(`listing the sandbox's orders failed: ${answer.message}`);
    mergeIntoCache(sqlite, answer.value.data, answer.value.refs, askedSeq);
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

/** How many of the edits numbered `firstEditId` and up are in each state. */
function editStates(sqlite: Sqlite, firstEditId: number): Record<string, number> {
  const rows = sqlite.prepare('SELECT state, count(*) AS n FROM edits WHERE id >= ? GROUP BY state').all(firstEditId) as { state: string; n: number }[];
  return Object.fromEntries(rows.map((row) => [row.state, row.n]));
}

async function runPlan(dir: string, name: string, plan: FloorPlan | FifoPlan): Promise<PlanResult> {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(plan));
  const result = await runChild<PlanResult>('floor-client.ts', [file]);
  return { ...result, makespan_ms: round(result.makespan_ms, 1), cpu_ms_per_request: round(result.cpu_ms_per_request, 3) };
}

/** What one drain of the engine sent and cost (a round: the edits saved before it, all of them sent). */
interface Round {
  figures: EngineRunFigures;
  chains: PlannedRequest[][];
  lowerBoundMs: number;
}

interface RoundContext {
  spec: WorkloadSpec;
  sqlite: Sqlite;
  sandbox: RemoteSandbox;
  recorder: RecordingClient;
  internalErrors: string[];
  latencyMs: number;
  concurrency: number;
  profileDir: string | undefined;
  log: (line: string) => void;
}

/**
 * Runs one drain: `begin` starts the engine (or kicks it), the drain ends when the engine is idle. Every
 * figure is of this drain alone: the requests it sent (GETs and PATCHes, counted by the sandbox too), its
 * CPU, its event-loop blocks, and the lower bound of exactly those requests.
 */
async function drainRound(context: RoundContext, name: string, firstEditId: number, begin: () => void, idle: () => Promise<void>): Promise<Round> {
  const { sqlite, sandbox, recorder, latencyMs, concurrency, profileDir, log } = context;
  await sandbox.resetStats();
  recorder.sent.length = 0;
  const errorsBefore = context.internalErrors.length;
  const profiler = profileDir === undefined ? null : await startCpuProfile();
  const loop = eventLoopProbe();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  begin();
  const startMs = performance.now() - started;
  await idle();
  const makespan = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const blocks = loop.stop();
  if (profiler !== null && profileDir !== undefined) {
    const file = join(profileDir, `engine-${name}.cpuprofile`);
    await profiler.stop(file);
    log(`  CPU profile of the engine's drain: ${file}`);
  }
  const stats = await sandbox.stats();

  const sent = [...recorder.sent];
  const chains = chainsOf(sent);
  const longestChain = Math.max(0, ...chains.map((chain) => chain.length));
  const requests = sent.length;
  const patches = sent.filter((request) => request.method === 'PATCH').length;
  const gets = requests - patches;
  const sandboxPatches = stats.byMethod.PATCH ?? 0;
  const sandboxGets = stats.byMethod.GET ?? 0;
  if (sandboxPatches !== patches || sandboxGets !== gets) {
    log(`  warning: the engine sent ${patches} PATCH + ${gets} GET, the sandbox received ${sandboxPatches} PATCH + ${sandboxGets} GET`);
  }
  // Every request of the drain counts, GETs included: one order's chain is sequential, the lanes share `concurrency`.
  const lowerBound = Math.max(longestChain, requests / concurrency) * latencyMs;
  const states = editStates(sqlite, firstEditId);
  const figures: EngineRunFigures = {
    makespan_ms: round(makespan, 1),
    requests,
    patches: sandboxPatches,
    gets: sandboxGets,
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
    internal_errors: context.internalErrors.slice(errorsBefore),
  };
  return { figures, chains, lowerBoundMs: lowerBound };
}

/** Saves the edits through the outbox as the clerk would (offline: nothing is sent yet); returns the first edit's id. */
function saveAll(sqlite: Sqlite, db: OpenedDatabase['db'], planned: readonly PlannedEdit[]): number {
  const outbox = createOutbox(sqlite, db);
  let first = Number.POSITIVE_INFINITY;
  for (const { orderId, intent } of planned) {
    const saved = outbox.saveEdit(orderId, intent, OPERATOR);
    if (!saved.ok) throw new Error(`the bench made an edit the outbox refuses: ${JSON.stringify(saved.errors)}`);
    first = Math.min(first, saved.value.id);
  }
  return first;
}

async function compareRound(
  context: RoundContext,
  dir: string,
  name: string,
  title: string,
  round_: Round,
  fifo: PlannedRequest[],
  fifoCopies: { windowMs: number; warmAtStart: boolean },
): Promise<WorkloadFigures> {
  const { sandbox, concurrency } = context;
  await sandbox.resetStats();
  const floor = await runPlan(dir, `floor-${name}`, { mode: 'floor', url: sandbox.url, apiKey: sandbox.apiKey, concurrency, chains: round_.chains });
  await sandbox.resetStats();
  const globalFifo = await runPlan(dir, `fifo-${name}`, {
    mode: 'fifo',
    url: sandbox.url,
    apiKey: sandbox.apiKey,
    requests: fifo,
    maxTries: FIFO_MAX_TRIES,
    freshCopyWindowMs: fifoCopies.windowMs,
    warmAtStart: fifoCopies.warmAtStart,
  });
  const makespan = round_.figures.makespan_ms;
  const lowerBound = round_.lowerBoundMs;
  return {
    title,
    edits: fifo.length,
    orders: round_.chains.length,
    engine: round_.figures,
    longest_chain: round_.figures.requests_per_order_max,
    lower_bound_ms: round(lowerBound, 1),
    floor,
    global_fifo: globalFifo,
    makespan_over_lower_bound: round(makespan / lowerBound),
    makespan_over_floor: round(makespan / floor.makespan_ms),
    floor_over_lower_bound: round(floor.makespan_ms / lowerBound),
    global_fifo_over_makespan: round(globalFifo.makespan_ms / makespan),
  };
}

/**
 * How long a merged answer counts as a fresh copy in the warm run. The app's window is 1 s (policy.ts):
 * a lane's own previous answer, when the clerk edits one order again at once. The warm run saves a
 * second edit for each of 1 000 orders after the first drain, so the window is widened to cover that
 * whole round: every PATCH is built on the lane's own previous answer, no GET — what one request costs
 * when the copy is warm.
 */
const WARM_WINDOW_MS = 10 * 60_000;

/** Figures of a workload, and for (a) also of its warm run (key `a-warm`). */
async function runWorkload(
  spec: WorkloadSpec,
  latencyMs: number,
  concurrency: number,
  profileDir: string | undefined,
  log: (line: string) => void,
): Promise<Record<string, WorkloadFigures>> {
  const dir = mkdtempSync(join(tmpdir(), `bench-sync-${spec.key}-`));
  const sandbox = await startWorkloadSandbox(spec.orders, latencyMs);
  const opened = openDatabase(join(dir, 'box-office.db'));
  const { sqlite, db } = opened;
  const client = createTicketscloudClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKey });
  try {
    const orderIds = await cacheAllOrders(client, sqlite);
    const codes = Object.values(await sandbox.promocodes());
    const planned = planEdits(spec, orderIds, codes, EDIT_SEED);

    // Offline: the clerk saves every edit; nothing is sent yet. The import was a while ago (this engine
    // merged no answer about these orders), so each order's first PATCH needs a GET: the cold case.
    const firstEdit = saveAll(sqlite, db, planned);
    const fifo = fifoRequests(sqlite, planned);

    // Back online: the engine drains the outbox.
    if (spec.rate5xx > 0) await sandbox.setFaults({ rate5xx: spec.rate5xx });
    const recorder = recording(client);
    const internalErrors: string[] = [];
    const windowMs = spec.warmRun ? WARM_WINDOW_MS : DEFAULT_POLICY.freshCopyWindowMs;
    const engine = createSyncEngine({
      sqlite,
      db,
      client: recorder,
      concurrency,
      random: mulberry32(ENGINE_SEED),
      policy: { freshCopyWindowMs: windowMs },
      onInternalError: (error) => internalErrors.push(String(error)),
    });
    const context: RoundContext = { spec, sqlite, sandbox, recorder, internalErrors, latencyMs, concurrency, profileDir, log };
    const cold = await drainRound(context, spec.key, firstEdit, () => engine.start(), () => engine.idle());

    // The warm run: the same engine, a second edit for every order saved after the drain; every lane's own
    // last answer is the copy it builds on (window above).
    let warm: { round: Round; fifo: PlannedRequest[] } | null = null;
    if (spec.warmRun) {
      const again = planEdits(spec, orderIds, codes, EDIT_SEED + 1);
      const firstAgain = saveAll(sqlite, db, again);
      const fifoAgain = fifoRequests(sqlite, again);
      const warmRound = await drainRound(context, `${spec.key}-warm`, firstAgain, () => engine.kick(), () => engine.idle());
      warm = { round: warmRound, fifo: fifoAgain };
    }
    await engine.stop();
    client.close();

    const results: Record<string, WorkloadFigures> = {};
    results[spec.key] = await compareRound(context, dir, spec.key, spec.title, cold, fifo, { windowMs, warmAtStart: false });
    if (warm !== null) {
      results[`${spec.key}-warm`] = await compareRound(context, dir, `${spec.key}-warm`, `${spec.title}, again, copies warm`, warm.round, warm.fifo, {
        windowMs,
        warmAtStart: true,
      });
    }
    return results;
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
    // As the workload sandbox makes them (startWorkloadSandbox): reserved and editable, so the clerk's
    // save is measured, not the refusal the outbox gives a paid or expired order.
    const nowSeconds = Math.floor(Date.now() / 1000);
    const started = performance.now();
    let page: Parameters<typeof mergeIntoCache>[1][number][] = [];
    for (const order of dataset.orders()) {
      page.push(withStatus(order, 'executed', nowSeconds));
      if (page.length === CACHE_PAGE) {
        mergeIntoCache(opened.sqlite, page, dataset.refs, askCopySequence(opened.sqlite));
        page = [];
      }
    }
    if (page.length > 0) mergeIntoCache(opened.sqlite, page, dataset.refs, askCopySequence(opened.sqlite));
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
  /** Where to write a CPU profile of the drain (bench --profile), if anywhere. */
  profileFile?: string;
}

export type EngineProcessResult = Omit<EnqueueFigures, 'cached_orders' | 'cache_fill_orders_per_s'>;

/**
 * Enqueue latency and peak RSS with a big cache: the database is filled here, then a separate process
 * (engine-process.ts) opens it, saves edits one by one (each timed) and drains them with the engine,
 * sampling its own RSS. A process of its own, so its RSS is the engine's and nobody else's.
 */
async function runEnqueue(
  cachedOrders: number,
  edits: number,
  latencyMs: number,
  concurrency: number,
  profileDir: string | undefined,
  log: (line: string) => void,
): Promise<EnqueueFigures> {
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
        ...(profileDir === undefined ? {} : { profileFile: join(profileDir, 'engine-enqueue-drain.cpuprofile') }),
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
    for (const [key, figures] of Object.entries(await runWorkload(spec, latencyMs, concurrency, options.profileDir, log))) {
      workloads[key] = figures;
      log(
        `  (${key}) makespan ${figures.engine.makespan_ms} ms, ${figures.engine.gets} GET + ${figures.engine.patches} PATCH; lower bound ${figures.lower_bound_ms} ms, ` +
          `floor ${figures.floor.makespan_ms} ms, global FIFO ${figures.global_fifo.makespan_ms} ms`,
      );
    }
  }
  if (options.only !== undefined) return { latency_ms: latencyMs, concurrency, workloads, enqueue: null };
  log('enqueue latency and peak RSS with a big cache…');
  const enqueue = await runEnqueue(options.cachedOrders ?? 100_000, options.enqueueEdits ?? 2_000, latencyMs, concurrency, options.profileDir, log);
  return { latency_ms: latencyMs, concurrency, workloads, enqueue };
}
