// The benchmark must not rot: `npm run bench` is how the project's performance claims are checked, so
// its tiny workload runs here end to end (real sandbox processes, real SQLite, the floor client and the
// FIFO). Nothing here is timed: the figures belong to the bench's own output.
import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = dirname(dirname(import.meta.dirname));
const run = promisify(execFile);

interface TinySummary {
  sync: {
    workloads: Record<
      string,
      {
        edits: number;
        orders: number;
        engine: { requests: number; gets: number; patches: number; cpu_ms_per_request: number; edits_synced: number; edits_left: number; overlaps: number; internal_errors: string[] };
        floor: { requests: number };
        global_fifo: { requests: number };
      }
    >;
    enqueue: Record<string, unknown>;
  };
  renderer: Record<string, unknown>;
  search: Record<string, unknown>;
  goals: { figure: string; goal: string; pass: boolean | null }[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('npm run bench', () => {
  it(
    'runs the tiny workload to the end and prints every figure as JSON on its last line',
    async () => {
      const { stdout } = await run('npx', ['tsx', 'bench/run.ts', '--tiny'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
      const lastLine = stdout.trim().split('\n').at(-1) ?? '';
      const summary = JSON.parse(lastLine) as TinySummary;

      expect(Object.keys(summary)).toEqual(expect.arrayContaining(['command', 'machine', 'sync', 'renderer', 'search', 'goals']));
      expect(Object.keys(summary.sync.workloads)).toEqual(['a', 'a-warm', 'b', 'c', 'd']);
      for (const workload of Object.values(summary.sync.workloads)) {
        expect(workload).toHaveProperty('lower_bound_ms');
        expect(workload).toHaveProperty('makespan_over_floor');
        expect(workload).toHaveProperty('global_fifo_over_makespan');
        // The engine drained the whole outbox, one request per order at a time, without tripping over itself.
        expect(workload.engine.edits_synced).toBe(workload.edits);
        expect(workload.engine.edits_left).toBe(0);
        expect(workload.engine.overlaps).toBe(0);
        expect(workload.engine.internal_errors).toEqual([]);
        // GETs and PATCHes are both counted (by the sandbox), and the floor sent the very same ones.
        expect(workload.engine).toHaveProperty('cpu_ms_per_request');
        expect(workload.engine.gets + workload.engine.patches).toBe(workload.engine.requests);
        // The yardsticks sent what they were asked to: the engine's requests, and at least one per edit.
        expect(workload.floor.requests).toBe(workload.engine.requests);
        expect(workload.global_fifo.requests).toBeGreaterThanOrEqual(workload.edits);
      }
      // Cold: every order's PATCH needed a fresh copy first. Warm: each PATCH was built on the lane's own answer.
      const cold = summary.sync.workloads.a;
      const warm = summary.sync.workloads['a-warm'];
      expect(cold?.engine.gets).toBe(cold?.orders);
      expect(warm?.engine.gets).toBe(0);
      expect(warm?.engine.patches).toBe(warm?.edits);
      // Edits queued offline for few orders travel coalesced: fewer requests than edits.
      const fewOrders = summary.sync.workloads.b;
      expect(fewOrders?.engine.requests).toBeLessThan(fewOrders?.edits ?? 0);

      expect(summary.sync.enqueue).toHaveProperty('enqueue_p99_ms');
      expect(summary.sync.enqueue).toHaveProperty('peak_rss_mib');
      expect(summary.search).not.toBeNull();
      expect(summary.sync.enqueue).toHaveProperty('history_export_ms');
      // Every figure of issue 14's goal table (and the older goals) is printed with its verdict, measured or not.
      const figures = summary.goals.map((g) => g.figure);
      expect(figures).toEqual(
        expect.arrayContaining([
          'engine CPU/request, warm copy (ms)',
          'engine CPU/request, GET+PATCH (ms)',
          '(a) warm makespan / floor',
          '(a) cold makespan / floor',
          '(a) global FIFO / makespan',
          'loop block, drain (ms)',
          'loop block, import 100k (ms)',
          'loop block, import 1M (ms)',
          'loop block, history export (ms)',
          'loop block, engine start (ms)',
          'import 100k (orders/s)',
          'import 1M (orders/s)',
          'search p95 at 1M (ms)',
          'enqueue p99, 1000 cached (ms)',
          '(c) makespan / floor',
          'renderer JS (kB gz)',
        ]),
      );
      for (const figure of figures) expect(stdout).toMatch(new RegExp(`^  (PASS|MISS|n/a ) {2}${escapeRegExp(figure)} `, 'm'));
      // What the tiny run measures gets a verdict; only what it skips (100k/1M, the renderer build) is n/a.
      for (const measured of ['engine CPU/request, warm copy (ms)', 'engine CPU/request, GET+PATCH (ms)', '(a) cold makespan / floor', 'loop block, drain (ms)', 'loop block, history export (ms)']) {
        expect(summary.goals.find((g) => g.figure === measured)?.pass).toEqual(expect.any(Boolean));
      }
    },
    300_000,
  );
});
