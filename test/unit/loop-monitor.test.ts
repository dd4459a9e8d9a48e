// The app's own event-loop monitor: a synchronous stretch that holds the loop (a big commit, an export)
// is reported once it is over the threshold, and its length is what the bench and diagnostics read.
import { afterEach, describe, expect, it } from 'vitest';
import { startLoopMonitor, type LoopBlock, type LoopMonitor } from '../../src-main/core/diagnostics/loop-monitor.ts';

/** Holds the event loop for `ms` of wall-clock time, as a long synchronous SQLite call would. */
function holdTheLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy on purpose: nothing else may run
  }
}

/**
 * perf_hooks' histogram takes its first tick as its baseline and measures from there: a block in the
 * very first milliseconds after start is not seen. Let it tick a few times (not a wait for a result).
 */
async function letTheMonitorTick(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 20));
}

let monitor: LoopMonitor | null = null;
afterEach(() => {
  monitor?.stop();
  monitor = null;
});

describe('event-loop monitor', () => {
  it('reports a block longer than the threshold, with its length and nothing else', async () => {
    const blocks: LoopBlock[] = [];
    monitor = startLoopMonitor({ reportOverMs: 40, checkEveryMs: 10, onBlock: (block) => blocks.push(block) });
    await letTheMonitorTick();
    holdTheLoop(120);
    await expect.poll(() => blocks.length).toBeGreaterThan(0);
    expect(blocks[0]?.blockedMs).toBeGreaterThanOrEqual(100);
    expect(Object.keys(blocks[0] ?? {}).sort()).toEqual(['blockedMs', 'seenAt']);
    expect(monitor.maxBlockMs()).toBeGreaterThanOrEqual(100);
  });

  it('forgets the longest block on resetMax, and a broken report sink does not stop it', async () => {
    let reports = 0;
    monitor = startLoopMonitor({
      reportOverMs: 40,
      checkEveryMs: 10,
      onBlock: () => {
        reports++;
        throw new Error('log sink is gone');
      },
    });
    await letTheMonitorTick();
    holdTheLoop(80);
    await expect.poll(() => reports).toBe(1);
    monitor.resetMax();
    expect(monitor.maxBlockMs()).toBeLessThan(80);
    holdTheLoop(80);
    await expect.poll(() => reports).toBe(2);
  });
});
