// `npm run bench` — every performance figure of the project in one run: the sync engine against its lower
// bound, the floor client and a global FIFO (issue 6), its GETs + PATCHes cold and warm (issue 10), the cache import and search (issue 4), enqueue
// latency, peak RSS, event-loop blocks and the renderer's size. Human-readable figures first, each goal
// with PASS/MISS; the LAST line is the JSON summary of everything.
//
//   npm run bench -- [--tiny] [--only sync|search] [--latency MS] [--concurrency N] [--workloads a,c]
//   --tiny: a few edits and orders, latency 2 ms, no 1M search, no renderer build (the test runs this).
//   --workloads: only these sync workloads, nothing else (for profiling one of them).
//   --profile DIR: a CPU profile of each engine drain (only the drain) in DIR, for `node --cpu-prof`-style
//   analysis (open it in Chrome DevTools or VS Code).
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { optionsOrExit } from '../src-main/sandbox/command-line.ts';
import { goalsOf, type Goal } from './goals.ts';
import { measureRendererSize, type RendererSize } from './renderer-size.ts';
import { benchSearch } from './search.ts';
import { benchSync, type SyncFigures } from './sync.ts';
import { FULL_SCALE, TINY_SCALE } from './workloads.ts';

const USAGE = 'usage: npm run bench -- [--tiny] [--only sync|search] [--latency MS] [--concurrency N] [--workloads a,b,c,d] [--profile DIR]';

interface RunOptions {
  tiny: boolean;
  only: 'sync' | 'search' | null;
  latencyMs: number;
  concurrency: number;
  workloads: string[] | null;
  profileDir: string | null;
}

function positiveInteger(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new Error(`--${name} must be a whole number ≥ 1, got "${text}"`);
  return Number(text);
}

function parseOptions(args: string[]): RunOptions {
  const { values } = parseArgs({
    args,
    options: {
      tiny: { type: 'boolean', default: false },
      only: { type: 'string' },
      latency: { type: 'string' },
      concurrency: { type: 'string' },
      workloads: { type: 'string' },
      profile: { type: 'string' },
    },
    strict: true,
  });
  if (values.only !== undefined && values.only !== 'sync' && values.only !== 'search') {
    throw new Error(`--only takes sync or search, got "${values.only}"`);
  }
  const workloads = values.workloads?.split(',').map((key) => key.trim()) ?? null;
  const unknown = workloads?.filter((key) => !['a', 'b', 'c', 'd'].includes(key)) ?? [];
  if (unknown.length > 0) throw new Error(`--workloads takes a comma-separated list of a, b, c, d; got "${unknown.join(', ')}"`);
  return {
    tiny: values.tiny,
    only: workloads !== null ? 'sync' : (values.only ?? null),
    workloads,
    profileDir: values.profile === undefined ? null : resolve(values.profile),
    latencyMs: positiveInteger('latency', values.latency, values.tiny ? 2 : 20),
    concurrency: positiveInteger('concurrency', values.concurrency, 4),
  };
}

function pad(text: string | number, width: number): string {
  return String(text).padStart(width);
}

function printSync(sync: SyncFigures): void {
  console.log('');
  console.log(`Sync engine — latency ${sync.latency_ms} ms per request, concurrency ${sync.concurrency} (times in ms)`);
  const header = ['workload', 'makespan', 'GET+PATCH', 'req/order', 'lower bd', 'floor', 'fifo', 'mk/lb', 'mk/floor', 'floor/lb', 'fifo/mk', 'loop blk', 'CPU/req'];
  const widths = [8, 9, 11, 10, 9, 9, 9, 6, 9, 9, 8, 9, 8];
  console.log(header.map((h, i) => (i === 0 ? h.padEnd(widths[i] ?? 0) : pad(h, widths[i] ?? 0))).join(' '));
  for (const [key, w] of Object.entries(sync.workloads)) {
    const row = [
      `(${key})`.padEnd(widths[0] ?? 0),
      w.engine.makespan_ms,
      `${w.engine.gets}+${w.engine.patches}`,
      `${w.engine.requests_per_order_mean}/${w.engine.requests_per_order_max}`,
      w.lower_bound_ms,
      w.floor.makespan_ms,
      w.global_fifo.makespan_ms,
      w.makespan_over_lower_bound,
      w.makespan_over_floor,
      w.floor_over_lower_bound,
      w.global_fifo_over_makespan,
      w.engine.event_loop_block_ms,
      w.engine.cpu_ms_per_request,
    ];
    console.log(row.map((cell, i) => (i === 0 ? String(cell) : pad(cell, widths[i] ?? 0))).join(' '));
  }
  for (const [key, w] of Object.entries(sync.workloads)) {
    const e = w.engine;
    console.log(
      `(${key}) ${w.title}: synced ${e.edits_synced}, failed ${e.edits_failed}, left ${e.edits_left}; ${e.patches} PATCH + ${e.gets} GET; ` +
        `overlaps ${e.overlaps}, injected 5xx ${e.injected_5xx}; floor sent ${w.floor.requests}, FIFO sent ${w.global_fifo.requests}` +
        `; CPU per request: engine ${e.cpu_ms_per_request} ms, floor ${w.floor.cpu_ms_per_request} ms` +
        `; start() ${e.start_ms} ms; ${e.blocks_over_20ms} loop blocks > 20 ms, longest at +${e.longest_block_at_ms} ms` +
        (w.global_fifo.repeats > 0 ? ` (${w.global_fifo.repeats} repeats)` : '') +
        (e.internal_errors.length > 0 ? `; ENGINE ERRORS: ${e.internal_errors.join(' | ')}` : ''),
    );
  }
  const q = sync.enqueue;
  if (q === null) return;
  console.log(
    `Enqueue with ${q.cached_orders} cached orders (filled at ${q.cache_fill_orders_per_s} orders/s): ${q.edits} saves, ` +
      `p50 ${q.enqueue_p50_ms} ms, p99 ${q.enqueue_p99_ms} ms, max ${q.enqueue_max_ms} ms ` +
      `(validation alone p99 ${q.validate_p99_ms} ms; a bare durable commit on this disk p50 ${q.bare_commit_p50_ms} ms, p99 ${q.bare_commit_p99_ms} ms); ` +
      `drain ${q.drain_requests} requests in ${q.drain_makespan_ms} ms; peak RSS ${q.peak_rss_mib} MiB (${q.rss_idle_mib} MiB before draining); ` +
      `event-loop block ${q.enqueue_block_ms} ms while saving, ${q.drain_block_ms} ms while draining (at +${q.drain_longest_block_at_ms} ms; start() ${q.engine_start_ms} ms); ` +
      `history export of ${q.history_export_edits} edits (${q.history_export_kb} kB CSV) ${q.history_export_ms} ms`,
  );
}

function loadAverage(): string {
  return os.loadavg().map((value) => value.toFixed(2)).join(' ');
}

function printGoals(goals: readonly Goal[], load: { start: string; end: string }): void {
  console.log('');
  console.log(`Goals (bench/goals.ts; load average at start ${load.start}, at end ${load.end} on ${os.cpus().length} cores)`);
  for (const g of goals) {
    const verdict = g.pass === null ? 'n/a ' : g.pass ? 'PASS' : 'MISS';
    console.log(`  ${verdict}  ${g.figure.padEnd(36)} ${pad(g.value ?? '—', 9)}   goal ${g.goal}`);
  }
}

async function main(): Promise<void> {
  const options = optionsOrExit(parseOptions, USAGE);
  if (options.profileDir !== null) mkdirSync(options.profileDir, { recursive: true });
  const started = Date.now();
  const loadAtStart = loadAverage();
  const log = (line: string): void => console.log(line);

  let sync: SyncFigures | null = null;
  let renderer: RendererSize | null = null;
  let search: Record<string, unknown> | null = null;
  if (options.only !== 'search') {
    sync = await benchSync({
      scale: options.tiny ? TINY_SCALE : FULL_SCALE,
      latencyMs: options.latencyMs,
      concurrency: options.concurrency,
      cachedOrders: options.tiny ? 1_000 : 100_000,
      enqueueEdits: options.tiny ? 200 : 2_000,
      ...(options.workloads === null ? {} : { only: options.workloads }),
      ...(options.profileDir === null ? {} : { profileDir: options.profileDir }),
      log,
    });
    if (options.workloads === null) renderer = measureRendererSize(!options.tiny, log);
  }
  if (options.only !== 'sync') {
    log('');
    log('Cache import and search');
    search = await benchSearch(options.tiny ? { orders: 1_000, alsoMillion: false, httpOrders: 200, log } : { orders: 100_000, alsoMillion: true, log });
  }

  if (sync !== null) printSync(sync);
  if (renderer !== null) {
    console.log('');
    console.log(
      'js_gzip_kb' in renderer
        ? `Renderer JS: ${renderer.js_files} files, ${renderer.js_raw_kb} kB raw, ${renderer.js_gzip_kb} kB gzipped${renderer.rebuilt ? ' (rebuilt)' : ''}`
        : `Renderer JS: not measured — ${renderer.skipped}`,
    );
  }
  const goals = goalsOf(sync, search, renderer !== null && 'js_gzip_kb' in renderer ? renderer.js_gzip_kb : null);
  const load = { start: loadAtStart, end: loadAverage() };
  printGoals(goals, load);

  const summary = {
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    date: new Date().toISOString(),
    machine: { node: process.version, platform: `${os.platform()} ${os.arch()}`, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown' },
    load_average: load,
    tiny: options.tiny,
    seconds: Math.round((Date.now() - started) / 1000),
    sync,
    renderer,
    search,
    goals,
  };
  console.log(JSON.stringify(summary));
}

await main();
