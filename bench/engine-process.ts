// The engine process with a big cache (run by sync.ts in a process of its own, so the RSS it reports is
// the engine's alone): opens a database already holding the cached orders, saves edits one at a time
// through the outbox — each timed: validation + one durable commit, what the clerk waits for after
// "Save" — then drains them with the sync engine while sampling RSS and the event loop.
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src-main/core/db/open.ts';
import { validateEdit } from '../src-main/core/edits/schema.ts';
import { createOutbox } from '../src-main/core/outbox/outbox.ts';
import { createSyncEngine } from '../src-main/core/sync/engine.ts';
import { createTicketscloudClient } from '../src-main/core/ticketscloud/client.ts';
import { mulberry32 } from '../src-main/sandbox/prng.ts';
import { MIB, eventLoopProbe, percentile, round, rssSampler, startCpuProfile } from './measure.ts';
import type { EngineProcessInput, EngineProcessResult } from './sync.ts';
import { planEdits } from './workloads.ts';

const input = JSON.parse(process.argv[2] ?? '') as EngineProcessInput;
const rss = rssSampler();
const opened = openDatabase(input.dbFile);
const { sqlite, db } = opened;
const outbox = createOutbox(sqlite, db);
const planned = planEdits(
  { key: 'a', title: 'enqueue', edits: input.edits, orders: input.orderIds.length, promocodeShare: 0, rate5xx: 0 },
  input.orderIds,
  [],
  input.seed,
);

const enqueueLoop = eventLoopProbe();
const latencies: number[] = [];
const validations: number[] = [];
for (const { orderId, intent } of planned) {
  const validating = performance.now();
  validateEdit(intent);
  validations.push(performance.now() - validating);
  const started = performance.now();
  const saved = outbox.saveEdit(orderId, intent, 'bench');
  latencies.push(performance.now() - started);
  if (!saved.ok) throw new Error(`the outbox refused a bench edit: ${JSON.stringify(saved.errors)}`);
}
const enqueueBlock = enqueueLoop.stop();
rss.sample();

// The same disk's price of one durable commit, with nothing else in it: one small row of a table without
// secondary indexes (an import-progress row of this bench's own database), bound parameters.
const commits: number[] = [];
const upsertRow = sqlite.prepare(
  'INSERT INTO imports (filter_key, started_at) VALUES (?, ?) ON CONFLICT (filter_key) DO UPDATE SET started_at = excluded.started_at',
);
const commitOne = sqlite.transaction((n: number) => upsertRow.run('bench.commit-floor', n));
for (let n = 0; n < input.edits; n++) {
  const started = performance.now();
  commitOne(n);
  commits.push(performance.now() - started);
}

const rssIdle = process.memoryUsage.rss();

const client = createTicketscloudClient({ baseUrl: input.url, apiKey: input.apiKey });
let requests = 0;
const engine = createSyncEngine({
  sqlite,
  db,
  client: {
    patchOrder: (orderId, body) => {
      requests++;
      return client.patchOrder(orderId, body);
    },
    getOrder: (orderId) => {
      requests++;
      return client.getOrder(orderId);
    },
    probe: () => client.probe(),
    setApiKey: (key) => client.setApiKey(key),
  },
  concurrency: input.concurrency,
  random: mulberry32(input.seed),
});
const profiler = input.profileFile === undefined ? null : await startCpuProfile();
const drainLoop = eventLoopProbe();
const started = performance.now();
engine.start();
const startMs = performance.now() - started;
await engine.idle();
const makespan = performance.now() - started;
const drainBlock = drainLoop.stop();
if (profiler !== null && input.profileFile !== undefined) await profiler.stop(input.profileFile);
await engine.stop();
client.close();

// The clerk exports the history (every edit and its fate) while the app runs: read and built in chunks that
// yield to the loop (outbox.historyCsvChunks), so the figure that matters is the longest block in between.
const exportLoop = eventLoopProbe();
const exportStarted = performance.now();
const csv = await outbox.historyCsv();
const exportMs = performance.now() - exportStarted;
await new Promise((resolve) => setImmediate(resolve));
const exportBlock = exportLoop.stop();
const peaks = rss.stop();
opened.close();

const result: EngineProcessResult = {
  edits: input.edits,
  enqueue_p50_ms: round(percentile(latencies, 50), 3),
  enqueue_p99_ms: round(percentile(latencies, 99), 3),
  enqueue_max_ms: round(Math.max(...latencies), 3),
  validate_p99_ms: round(percentile(validations, 99), 3),
  bare_commit_p50_ms: round(percentile(commits, 50), 3),
  bare_commit_p99_ms: round(percentile(commits, 99), 3),
  drain_makespan_ms: round(makespan, 1),
  drain_requests: requests,
  peak_rss_mib: Math.max(peaks.sampled_peak_rss_mib, peaks.max_rss_mib),
  rss_idle_mib: round(rssIdle / MIB, 1),
  event_loop_block_ms: Math.max(enqueueBlock.max_block_ms, drainBlock.max_block_ms),
  enqueue_block_ms: enqueueBlock.max_block_ms,
  drain_block_ms: drainBlock.max_block_ms,
  drain_longest_block_at_ms: drainBlock.longest_block_at_ms,
  engine_start_ms: round(startMs, 2),
  history_export_edits: planned.length,
  history_export_kb: round(Buffer.byteLength(csv) / 1024, 1),
  history_export_ms: round(exportMs, 2),
  history_export_block_ms: round(exportBlock.max_block_ms, 2),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
