// Small measuring tools shared by the bench parts: percentiles, the event-loop block probe, RSS peaks.
import { monitorEventLoopDelay } from 'node:perf_hooks';

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

export interface EventLoopProbe {
  /** Longest stretch (ms) the event loop could not run a timer since the probe started. */
  stop(): { max_block_ms: number; p99_delay_ms: number };
}

/**
 * Longest event-loop block while the probe runs. perf_hooks samples the loop every `resolutionMs`; the
 * histogram's maximum is the longest delay of such a sample, i.e. the longest time a clerk's click (or
 * an IPC answer) would have waited behind synchronous work.
 */
export function eventLoopProbe(resolutionMs = 1): EventLoopProbe {
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  return {
    stop() {
      histogram.disable();
      return { max_block_ms: round(histogram.max / 1e6), p99_delay_ms: round(histogram.percentile(99) / 1e6) };
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
