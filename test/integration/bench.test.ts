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
    workloads: Record<string, { edits: number; engine: { requests: number; edits_synced: number; edits_left: number; overlaps: number; internal_errors: string[] }; floor: { requests: number }; global_fifo: { requests: number } }>;
    enqueue: Record<string, unknown>;
  };
  renderer: Record<string, unknown>;
  search: Record<string, unknown>;
  goals: { figure: string; goal: string; pass: boolean | null }[];
}

describe('npm run bench', () => {
  it(
    'runs the tiny workload to the end and prints every figure as JSON on its last line',
    async () => {
      const { stdout } = await run('npx', ['tsx', 'bench/run.ts', '--tiny'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
      const lastLine = stdout.trim().split('\n').at(-1) ?? '';
      const summary = JSON.parse(lastLine) as TinySummary;

      expect(Object.keys(summary)).toEqual(expect.arrayContaining(['command', 'machine', 'sync', 'renderer', 'search', 'goals']));
      expect(Object.keys(summary.sync.workloads)).toEqual(['a', 'b', 'c', 'd']);
      for (const workload of Object.values(summary.sync.workloads)) {
        expect(workload).toHaveProperty('lower_bound_ms');
        expect(workload).toHaveProperty('makespan_over_floor');
        expect(workload).toHaveProperty('global_fifo_over_makespan');
        // The engine drained the whole outbox, one request per order at a time, without tripping over itself.
        expect(workload.engine.edits_synced).toBe(workload.edits);
        expect(workload.engine.edits_left).toBe(0);
        expect(workload.engine.overlaps).toBe(0);
        expect(workload.engine.internal_errors).toEqual([]);
        // The yardsticks sent what they were asked to: the engine's requests, and one per edit.
        expect(workload.floor.requests).toBe(workload.engine.requests);
        expect(workload.global_fifo.requests).toBeGreaterThanOrEqual(workload.edits);
      }
      // Edits queued offline for few orders travel coalesced: fewer requests than edits.
      const fewOrders = summary.sync.workloads.b;
      expect(fewOrders?.engine.requests).toBeLessThan(fewOrders?.edits ?? 0);

      expect(summary.sync.enqueue).toHaveProperty('enqueue_p99_ms');
      expect(summary.sync.enqueue).toHaveProperty('peak_rss_mib');
      expect(summary.search).not.toBeNull();
      expect(summary.goals.map((g) => g.figure)).toEqual(
        expect.arrayContaining(['(a) makespan / floor', '(c) makespan / floor', 'enqueue p99 (ms)', 'renderer JS (kB gz)']),
      );
    },
    300_000,
  );
});
