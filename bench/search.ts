// Benchmark of the local cache and offline search (issue 4): orders/s merged into the cache (search
// index included), search latency percentiles over a fixed query mix, and the longest event-loop
// block while importing and searching — at 100k orders and at 1M, plus an import over real HTTP from
// the sandbox. `bench/run.ts` calls benchSearch(); `npx tsx bench/search.ts [--no-million]` runs it
// alone and prints a JSON summary as its last line. Wall-clock figures are what a clerk would see; the
// CPU-time figures beside them stay meaningful on a machine busy with other work (see the load average).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { askCopySequence } from '../src-main/core/cache/copy-sequence.ts';
import { mergeIntoCache } from '../src-main/core/cache/merge.ts';
import { openDatabase, type OpenedDatabase } from '../src-main/core/db/open.ts';
import { importOrders } from '../src-main/core/import/import.ts';
import { paceImport } from '../src-main/core/import/page-pacing.ts';
import { searchOrders } from '../src-main/core/search/search.ts';
import { createTicketscloudClient } from '../src-main/core/ticketscloud/client.ts';
import type { Order } from '../src-main/core/ticketscloud/types.ts';
import { generateDataset, generateOrder } from '../src-main/sandbox/generator.ts';
import { startSandbox } from '../src-main/sandbox/server.ts';

const SEED = 4;
const PAGE_SIZE = 200;
/** Every query of the mix runs this many times (after one warm-up round) to give stable percentiles. */
const SEARCH_ROUNDS = 20;

export interface BenchSearchOptions {
  orders?: number;
  alsoMillion?: boolean;
  /** Orders imported through the sandbox over HTTP (importOrders → client → sandbox). */
  httpOrders?: number;
  log?: (line: string) => void;
}

export async function benchSearch({
  orders = 100_000,
  alsoMillion = true,
  httpOrders = 20_000,
  log = (line: string) => console.log(line),
}: BenchSearchOptions = {}): Promise<Record<string, unknown>> {
  // On a busy machine wall-clock figures include time the process waited for a CPU; the CPU-time
  // figures next to them do not, and the load average says how busy the machine was.
  const summary: Record<string, unknown> = { load_average_1m_at_start: round(loadavg()[0] ?? 0) };
  const sizes = alsoMillion && orders < 1_000_000 ? [orders, 1_000_000] : [orders];
  for (const size of sizes) {
    const figures = await withTempDatabase((db) => benchInProcess(db, size, log));
    summary[sizeLabel(size)] = figures;
  }
  if (httpOrders > 0) summary.http_import = await withTempDatabase((db) => benchHttpImport(db, httpOrders, log));
  summary.load_average_1m_at_end = round(loadavg()[0] ?? 0);
  return summary;
}

async function benchInProcess(opened: OpenedDatabase, count: number, log: (line: string) => void): Promise<Record<string, unknown>> {
  const { sqlite } = opened;
  const label = sizeLabel(count);
  const dataset = generateDataset({ seed: SEED, count });
  const loop = eventLoopProbe();

  // Import: generated pages merged the way importOrders merges server pages (one transaction per page,
  // paced by the same paceImport: checkpoints on the worker, the index's merges in steps between pages).
  // Generation is timed apart: it stands for the network, so a checkpoint after a page runs while the
  // next one is generated, as it runs while the next one is fetched; what is left of it when the next
  // page is ready is waited for, and counted. The merge steps are cache work and counted too.
  const merging = { ms: 0, cpuMs: 0, slowestMs: 0, slowestCpuMs: 0, checkpointWaitMs: 0, indexMergeMs: 0 };
  const pacing = paceImport(sqlite);
  const timed = async (into: 'checkpointWaitMs' | 'indexMergeMs', work: () => Promise<void>): Promise<void> => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await work();
    merging[into] += performance.now() - t0;
    if (into === 'indexMergeMs') merging.cpuMs += cpuMsSince(cpu0);
  };
  const mergeTimed = async (page: Order[]): Promise<void> => {
    await timed('checkpointWaitMs', () => pacing.beforeWrite());
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    mergeIntoCache(sqlite, page, dataset.refs, askCopySequence(sqlite));
    const ms = performance.now() - t0;
    const cpuMs = cpuMsSince(cpu0);
    merging.ms += ms;
    merging.cpuMs += cpuMs;
    merging.slowestMs = Math.max(merging.slowestMs, ms);
    merging.slowestCpuMs = Math.max(merging.slowestCpuMs, cpuMs);
    await timed('indexMergeMs', () => pacing.afterPage(page.length));
  };
  const started = performance.now();
  let page: Order[] = [];
  try {
    for (const order of dataset.orders()) {
      page.push(order);
      if (page.length === PAGE_SIZE) {
        await mergeTimed(page);
        page = [];
        await yieldToEventLoop();
      }
    }
    if (page.length > 0) await mergeTimed(page);
    await timed('indexMergeMs', () => pacing.finish());
  } finally {
    pacing.release();
  }
  const wallMs = performance.now() - started;
  const importLoop = loop.take();
  const importFigures = {
    orders: count,
    merge_orders_per_s: Math.round(count / ((merging.ms + merging.indexMergeMs + merging.checkpointWaitMs) / 1000)),
    index_merge_steps_s: round(merging.indexMergeMs / 1000),
    checkpoint_wait_s: round(merging.checkpointWaitMs / 1000),
    merge_orders_per_cpu_s: Math.round(count / (merging.cpuMs / 1000)),
    wall_orders_per_s_with_generation: Math.round(count / (wallMs / 1000)),
    merge_s: round(merging.ms / 1000),
    slowest_page_of_200_ms: round(merging.slowestMs),
    slowest_page_of_200_cpu_ms: round(merging.slowestCpuMs),
    longest_event_loop_block_ms: importLoop,
    db_mb: round(fileSizeMb(sqlite.name)),
  };
  log(`[${label}] import: ${importFigures.merge_orders_per_s} orders/s into the cache (index included; ${importFigures.merge_orders_per_cpu_s} per CPU-second), slowest page of 200 ${importFigures.slowest_page_of_200_ms} ms (CPU ${importFigures.slowest_page_of_200_cpu_ms} ms), longest event-loop block ${importLoop} ms, index merge steps ${importFigures.index_merge_steps_s} s, waited ${importFigures.checkpoint_wait_s} s for checkpoints, db ${importFigures.db_mb} MB`);

  // Search: a fixed mix drawn from known orders of the data set, each query run SEARCH_ROUNDS times.
  const mix = queryMix(count);
  for (const query of mix) searchOrders(sqlite, query); // warm-up: first-use statement compile, page cache
  loop.take();
  const timings: number[] = [];
  const cpuTimings: number[] = [];
  const byKind = new Map<string, number[]>();
  const expectedButEmpty: string[] = [];
  for (let round = 0; round < SEARCH_ROUNDS; round++) {
    for (const query of mix) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const answer = searchOrders(sqlite, query);
      const ms = performance.now() - t0;
      cpuTimings.push(cpuMsSince(cpu0));
      timings.push(ms);
      const kindTimings = byKind.get(query.kind) ?? [];
      kindTimings.push(cpuTimings.at(-1) ?? 0);
      byKind.set(query.kind, kindTimings);
      if (round === 0 && answer.results.length === 0 && query.kind !== 'miss' && query.kind !== 'hostile') expectedButEmpty.push(query.q);
      await yieldToEventLoop();
    }
  }
  const searchLoop = loop.take();
  loop.stop();
  const searchFigures = {
    queries: timings.length,
    distinct_queries: mix.length,
    p50_ms: percentile(timings, 50),
    p95_ms: percentile(timings, 95),
    p99_ms: percentile(timings, 99),
    max_ms: percentile(timings, 100),
    cpu_p50_ms: percentile(cpuTimings, 50),
    cpu_p95_ms: percentile(cpuTimings, 95),
    cpu_p99_ms: percentile(cpuTimings, 99),
    cpu_p95_ms_by_kind: Object.fromEntries([...byKind].map(([kind, values]) => [kind, percentile(values, 95)])),
    queries_expected_to_find_but_empty: expectedButEmpty,
    longest_event_loop_block_ms: searchLoop,
  };
  log(`[${label}] search: p50 ${searchFigures.p50_ms} ms, p95 ${searchFigures.p95_ms} ms, p99 ${searchFigures.p99_ms} ms over ${timings.length} queries (CPU time p95 ${searchFigures.cpu_p95_ms} ms); longest event-loop block ${searchLoop} ms`);
  log(`[${label}] search CPU-time p95 by kind: ${JSON.stringify(searchFigures.cpu_p95_ms_by_kind)}`);
  return { import: importFigures, search: searchFigures };
}

async function benchHttpImport(opened: OpenedDatabase, count: number, log: (line: string) => void): Promise<Record<string, unknown>> {
  const sandbox = await startSandbox({ port: 0, orders: count, seed: SEED });
  const client = createTicketscloudClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKey });
  try {
    const loop = eventLoopProbe();
    const started = performance.now();
    const result = await importOrders({ sqlite: opened.sqlite, client, filter: {}, pageSize: PAGE_SIZE });
    const seconds = (performance.now() - started) / 1000;
    const block = loop.take();
    loop.stop();
    if (!result.ok) throw new Error(`HTTP import failed: ${JSON.stringify(result.errors)}`);
    const figures = {
      orders: result.value.imported,
      pages: result.value.pages,
      orders_per_s: Math.round(result.value.imported / seconds),
      seconds: round(seconds),
      longest_event_loop_block_ms: block,
      note: 'sandbox and importer share one process and its event loop, so the figure includes the server side',
    };
    log(`[http] import of ${figures.orders} orders from the sandbox over HTTP: ${figures.orders_per_s} orders/s, ${figures.pages} pages, longest event-loop block ${block} ms`);
    return figures;
  } finally {
    client.close();
    await sandbox.stop();
  }
}

/** CPU time of this process (user + system) since `start`: what the work cost, without the waits for a CPU. */
function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

interface MixQuery {
  kind: string;
  q: string;
  status?: 'done';
  limit?: number;
}

/** The queries a clerk types, built from orders known to be in a data set of `count` orders. */
function queryMix(count: number): MixQuery[] {
  const mix: MixQuery[] = [
    { kind: 'name_prefix_cyrillic', q: 'ив' },
    { kind: 'name_prefix_cyrillic', q: 'алё' },
    { kind: 'name_prefix_cyrillic', q: 'алена' },
    { kind: 'name_prefix_cyrillic', q: 'Соловь' },
    { kind: 'name_prefix_cyrillic', q: 'федор' },
    { kind: 'name_prefix_latin', q: 'oli' },
    { kind: 'name_prefix_latin', q: 'MULL' },
    { kind: 'name_prefix_latin', q: 'chloe' },
    { kind: 'two_words', q: 'иван смир' },
    { kind: 'two_words', q: 'анна кор' },
    { kind: 'filtered', q: 'ив', status: 'done' },
    { kind: 'miss', q: 'zzqxj' },
    { kind: 'hostile', q: '"); DROP TABLE orders; -- NEAR( * ' },
  ];
  const step = Math.max(1, Math.floor(count / 12));
  for (let index = 7; index < count; index += step) {
    const order = generateOrder(SEED, index);
    mix.push({ kind: 'order_number', q: String(order.number) });
    const ticket = order.tickets[0];
    if (ticket) mix.push({ kind: 'ticket_number', q: String(ticket.number) });
    const barcode = order.tickets.find((t) => t.barcode)?.barcode;
    if (barcode) mix.push({ kind: 'barcode', q: barcode });
    const customer = order.settings.customer;
    if (customer?.email) {
      mix.push({ kind: 'email', q: customer.email });
      mix.push({ kind: 'email_prefix', q: customer.email.slice(0, 6) });
    }
    if (customer?.phone) {
      const digits = customer.phone.replace(/\D/g, '');
      const tail = digits.slice(-7);
      mix.push({ kind: 'phone', q: `${tail.slice(0, 3)}-${tail.slice(3, 5)}-${tail.slice(5)}` });
      mix.push({ kind: 'phone', q: digits.slice(-10) });
      mix.push({ kind: 'phone', q: `+7 ${digits.slice(-10, -7)} ${tail.slice(0, 3)} ${tail.slice(3, 5)} ${tail.slice(5)}` });
    }
    if (order.vendor_data.order_id) mix.push({ kind: 'vendor_order_id', q: order.vendor_data.order_id });
  }
  mix.push({ kind: 'promocode', q: 'promo100' });
  return mix;
}

/** Longest event-loop block (ms) since the last take(), from perf_hooks' delay histogram. */
function eventLoopProbe(): { take(): number; stop(): void } {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  return {
    take() {
      const maxMs = histogram.max / 1e6;
      histogram.reset();
      return round(maxMs);
    },
    stop() {
      histogram.disable();
    },
  };
}

async function withTempDatabase<T>(run: (db: OpenedDatabase) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'tcbo-bench-search-'));
  const opened = openDatabase(join(dir, 'bench.sqlite'));
  try {
    return await run(opened);
  } finally {
    opened.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return round(sorted[index] ?? 0);
}

function fileSizeMb(file: string): number {
  let bytes = 0;
  for (const suffix of ['', '-wal']) {
    try {
      bytes += statSync(file + suffix).size;
    } catch {
      // no WAL file: nothing to add
    }
  }
  return bytes / 1024 / 1024;
}

function sizeLabel(count: number): string {
  return count >= 1_000_000 && count % 1_000_000 === 0 ? `${count / 1_000_000}M` : `${Math.round(count / 1000)}k`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const million = !process.argv.includes('--no-million');
  const summary = await benchSearch({ alsoMillion: million });
  console.log(JSON.stringify({ search: summary }));
}
