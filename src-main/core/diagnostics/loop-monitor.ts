// How long the event loop could not run, measured in the app itself. In the desktop app that loop is the
// Electron main process: every IPC answer, window event and keystroke round-trip waits behind a
// synchronous stretch (a big SQLite commit, a checkpoint, a history export), so a block the clerk feels
// must show up in production diagnostics, not only in `npm run bench`.
//
// Two probes: perf_hooks' delay histogram samples the loop natively and gives the longest block
// (maxBlockMs, what the bench and diagnostics read); a light timer (every `checkEveryMs`) sees each block
// as the gap between two of its ticks and reports the ones over `reportOverMs`. (Reading and resetting
// the histogram per interval instead loses a block whenever the reset lands between the block and the
// histogram's own next sample.) A report names only the delay and when it was seen: nothing about
// orders, customers or the API key can end up in the log line.
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';

export interface LoopBlock {
  /** The longest delay of the event loop in the last interval (ms). */
  blockedMs: number;
  /** Wall-clock time of the check that saw it (ms since the epoch). */
  seenAt: number;
}

export interface LoopMonitorOptions {
  /** Blocks longer than this are reported (default 50 ms: long enough that a clerk notices). */
  reportOverMs?: number;
  /** How often the reporting timer ticks (default 20 ms). */
  checkEveryMs?: number;
  /** Where reports go; defaults to one console.warn line. */
  onBlock?: (block: LoopBlock) => void;
}

export interface LoopMonitor {
  /** The longest event-loop block (ms) since the monitor started or since resetMax(). */
  maxBlockMs(): number;
  resetMax(): void;
  stop(): void;
}

export const DEFAULT_REPORT_OVER_MS = 50;
const DEFAULT_CHECK_EVERY_MS = 20;
// The histogram's sampling step (ms): a block is seen to within this much.
const RESOLUTION_MS = 1;

export function logLoopBlock(block: LoopBlock): void {
  console.warn(`event loop blocked for ${block.blockedMs.toFixed(1)} ms (seen at ${new Date(block.seenAt).toISOString()})`);
}

export function startLoopMonitor(options: LoopMonitorOptions = {}): LoopMonitor {
  const reportOverMs = options.reportOverMs ?? DEFAULT_REPORT_OVER_MS;
  const checkEveryMs = options.checkEveryMs ?? DEFAULT_CHECK_EVERY_MS;
  const onBlock = options.onBlock ?? logLoopBlock;
  const histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let driftMaxMs = 0;
  let last = performance.now();

  const tick = (): void => {
    const at = performance.now();
    const blockedMs = Math.max(0, at - last - checkEveryMs);
    last = at;
    driftMaxMs = Math.max(driftMaxMs, blockedMs);
    if (blockedMs > reportOverMs) {
      try {
        onBlock({ blockedMs, seenAt: Date.now() });
      } catch {
        // A broken log sink must not take the monitor (or the process) down.
      }
    }
  };
  const timer = setInterval(tick, checkEveryMs);
  timer.unref(); // never keeps a headless process alive by itself

  // The histogram's max includes its sampling step itself; what the clerk waited is the rest.
  const histogramMaxMs = (): number => (histogram.count === 0 ? 0 : Math.max(0, histogram.max / 1e6 - RESOLUTION_MS));

  return {
    maxBlockMs() {
      return Math.max(histogramMaxMs(), driftMaxMs);
    },
    resetMax() {
      histogram.reset();
      driftMaxMs = 0;
    },
    stop() {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
