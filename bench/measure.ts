// Small measuring tools shared by the bench parts: percentiles, the event-loop block probe, RSS peaks.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { startLoopMonitor } from '../src-main/core/diagnostics/loop-monitor.ts';

/** The p-th percentile (0..100) of the samples, nearest-rank; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export const MIB = 1024 * 1024;

export interface EventLoopFigures {
  /** Longest stretch (ms) the event loop could not run a timer. */
  max_block_ms: number;
  /** When the longest block began, ms after the probe started (tells start-up work from steady state). */
  longest_block_at_ms: number;
  /** How many times the loop was blocked longer than 20 ms. */
  blocks_over_20ms: number;
}

export interface EventLoopProbe {
  stop(): EventLoopFigures;
}

const DRIFT_TICK_MS = 2;
const LONG_BLOCK_MS = 20;

/**
 * Longest event-loop block while the probe runs, i.e. the longest time a clerk's click (or an IPC
 * answer) would have waited behind synchronous work. The app's own monitor (core/diagnostics/
 * loop-monitor.ts, the one the service runs in production) gives the maximum; a timer ticking every
 * 2 ms alongside says when the long blocks happened and how many there were.
 */
export function eventLoopProbe(): EventLoopProbe {
  const monitor = startLoopMonitor({ reportOverMs: Number.POSITIVE_INFINITY });
  const started = performance.now();
  let last = started;
  let longest = { ms: 0, at: 0 };
  let longBlocks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const blocked = now - last - DRIFT_TICK_MS;
    if (blocked > longest.ms) longest = { ms: blocked, at: last - started };
    if (blocked > LONG_BLOCK_MS) longBlocks++;
    last = now;
  }, DRIFT_TICK_MS);
  return {
    stop() {
      clearInterval(timer);
      const monitored = monitor.maxBlockMs();
      monitor.stop();
      return {
        max_block_ms: round(Math.max(monitored, longest.ms)),
        longest_block_at_ms: round(longest.at, 1),
        blocks_over_20ms: longBlocks,
      };
    },
  };
}

export interface RssSampler {
  sample(): void;
  /** Highest RSS seen by the sampler (MiB), and the kernel's own peak for the process (maxRSS). */
  stop(): { sampled_peak_rss_mib: number; max_rss_mib: number };
}

export function rssSampler(everyMs = 5): RssSampler {
  let peak = 0;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  const timer = setInterval(sample, everyMs);
  timer.unref();
  sample();
  return {
    sample,
    stop() {
      clearInterval(timer);
      sample();
      return {
        sampled_peak_rss_mib: round(peak / MIB, 1),
        // resourceUsage().maxRSS is in KiB.
        max_rss_mib: round((process.resourceUsage().maxRSS * 1024) / MIB, 1),
      };
    },
  };
}

export interface CpuProfile {
  stop(file: string): Promise<void>;
}

/** The V8 profiler of this process, started now: its callers start it around the engine's drain only, not the set-up. */
export async function startCpuProfile(): Promise<CpuProfile> {
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
