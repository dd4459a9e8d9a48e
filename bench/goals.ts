// Every goal `npm run bench` checks, in one place: issue 14's table (a lean engine, a main process that
// never stalls) and the goals of issues 4 and 6 it did not replace. run.ts prints each figure with
// PASS/MISS against these; a figure the run did not measure (--tiny has no 1M import) prints n/a.
import type { SyncFigures } from './sync.ts';

export const GOALS = {
  /** Issue 14: CPU time of the engine's process per request sent, warm copy (PATCH only) and GET + PATCH. */
  engineCpuPerRequestMs: 1.2,
  /** Issue 14: makespan / floor of (a) cold and (a) warm, the floor sending the same GET + PATCH. */
  makespanOverFloor: 1.1,
  /** Issue 14: global FIFO / makespan of (a) at least this share of the concurrency (0.9 × 4 = 3.6). */
  fifoOverMakespanPerLane: 0.9,
  /** Issue 14: longest event-loop block (one frame) for a drain, an import page, the history export, engine start. */
  longestLoopBlockMs: 16,
  /** Issue 14: orders per second merged into the cache, index included, at 100k and at 1M. */
  importOrdersPerS: 25_000,
  /** Issue 14: search p95 at 1M orders (ms). */
  searchP95At1MMs: 5,
  /** Issue 14: a clerk's durable save (synchronous=FULL), p99 with 100k orders cached (ms). */
  enqueueP99Ms: 1,
  /** Issue 6: (c) makespan / floor. */
  makespanOverFloorC: 1.15,
  /** Issue 6: requests per order for (b) (coalesced: one batch, GET + PATCH). */
  requestsPerOrderB: 2,
  /** Issue 4: search p95 at 100k orders (ms). */
  searchP95At100kMs: 5,
  /** Issue 4: renderer JS gzipped (kB). */
  rendererJsGzipKb: 150,
} as const;

export interface Goal {
  figure: string;
  value: number | null;
  goal: string;
  pass: boolean | null;
}

function goal(figure: string, value: number | null | undefined, comparison: '<=' | '>=', limit: number): Goal {
  const known = value === undefined || value === null || Number.isNaN(value) ? null : value;
  const pass = known === null ? null : comparison === '<=' ? known <= limit : known >= limit;
  return { figure, value: known, goal: `${comparison} ${limit}`, pass };
}

/** The parts of bench/search.ts's summary the goals read (per size label: "100k", "1M"). */
interface SearchSize {
  import?: { merge_orders_per_s?: number; longest_event_loop_block_ms?: number };
  search?: { p95_ms?: number };
}

function size(search: Record<string, unknown> | null, label: string): SearchSize | undefined {
  return (search?.[label] ?? undefined) as SearchSize | undefined;
}

function maxOf(values: readonly (number | undefined)[]): number | null {
  const known = values.filter((value): value is number => value !== undefined && !Number.isNaN(value));
  return known.length === 0 ? null : Math.max(...known);
}

export function goalsOf(sync: SyncFigures | null, search: Record<string, unknown> | null, rendererJsGzipKb: number | null | undefined): Goal[] {
  const goals: Goal[] = [];
  const lane = GOALS.fifoOverMakespanPerLane * (sync?.concurrency ?? 4);
  const a = sync?.workloads.a;
  const aWarm = sync?.workloads['a-warm'];
  const drains = sync === null ? [] : [...Object.values(sync.workloads).map((w) => w.engine.event_loop_block_ms), sync.enqueue?.drain_block_ms];
  const starts = sync === null ? [] : [...Object.values(sync.workloads).map((w) => w.engine.start_ms), sync.enqueue?.engine_start_ms];
  const at100k = size(search, '100k');
  const at1M = size(search, '1M');
  const block = GOALS.longestLoopBlockMs;
  goals.push(
    goal('engine CPU/request, warm copy (ms)', aWarm?.engine.cpu_ms_per_request, '<=', GOALS.engineCpuPerRequestMs),
    goal('engine CPU/request, GET+PATCH (ms)', a?.engine.cpu_ms_per_request, '<=', GOALS.engineCpuPerRequestMs),
    goal('(a) warm makespan / floor', aWarm?.makespan_over_floor, '<=', GOALS.makespanOverFloor),
    goal('(a) cold makespan / floor', a?.makespan_over_floor, '<=', GOALS.makespanOverFloor),
    goal('(a) global FIFO / makespan', a?.global_fifo_over_makespan, '>=', Math.round(lane * 100) / 100),
    goal('loop block, drain (ms)', maxOf(drains), '<=', block),
    goal('loop block, import 100k (ms)', at100k?.import?.longest_event_loop_block_ms, '<=', block),
    goal('loop block, import 1M (ms)', at1M?.import?.longest_event_loop_block_ms, '<=', block),
    goal('loop block, history export (ms)', sync?.enqueue?.history_export_block_ms, '<=', block),
    goal('loop block, engine start (ms)', maxOf(starts), '<=', block),
    goal('import 100k (orders/s)', at100k?.import?.merge_orders_per_s, '>=', GOALS.importOrdersPerS),
    goal('import 1M (orders/s)', at1M?.import?.merge_orders_per_s, '>=', GOALS.importOrdersPerS),
    goal('search p95 at 1M (ms)', at1M?.search?.p95_ms, '<=', GOALS.searchP95At1MMs),
    goal(`enqueue p99, ${sync?.enqueue?.cached_orders ?? 100_000} cached (ms)`, sync?.enqueue?.enqueue_p99_ms, '<=', GOALS.enqueueP99Ms),
    // Issues 4 and 6, still held.
    goal('(c) makespan / floor', sync?.workloads.c?.makespan_over_floor, '<=', GOALS.makespanOverFloorC),
    goal('(b) requests per order (most)', sync?.workloads.b?.engine.requests_per_order_max, '<=', GOALS.requestsPerOrderB),
    goal('search p95 at 100k (ms)', at100k?.search?.p95_ms, '<=', GOALS.searchP95At100kMs),
    goal('renderer JS (kB gz)', rendererJsGzipKb, '<=', GOALS.rendererJsGzipKb),
  );
  return goals;
}
