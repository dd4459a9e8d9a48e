// The engine's steps share a budget per turn of the event loop (sync/turns.ts): within the budget a step
// runs at once, past it the step waits for a later iteration of the loop, oldest first.
import { describe, expect, it } from 'vitest';
import { BUDGET_MS, createTurns } from '../../src-main/core/sync/turns.ts';

/** A clock the test moves: a step "takes" as long as it says. */
function manualClock(): { now: () => number; spend: (ms: number) => void } {
  let t = 0;
  return { now: () => t, spend: (ms) => (t += ms) };
}

/** Counts iterations of the event loop: one tick per check phase, until stopped. */
function loopIterations(): { current: () => number; stop: () => void } {
  let n = 0;
  let running = true;
  const tick = (): void => {
    n++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  return { current: () => n, stop: () => (running = false) };
}

describe('turns of the event loop', () => {
  it('runs a step at once while the turn has budget left, and gives back what it returned', async () => {
    const clock = manualClock();
    const turns = createTurns(clock.now);
    const ran: string[] = [];
    const first = turns.run(() => {
      ran.push('first');
      clock.spend(1);
      return 41;
    });
    const second = turns.run(() => ran.push('second'));
    expect(ran).toEqual(['first', 'second']); // both synchronously: 1 ms < budget
    expect(await first).toBe(41);
    expect(await second).toBe(2);
  });

  it('defers a step once the turn has spent its budget, to a later iteration, in the order asked', async () => {
    const clock = manualClock();
    const turns = createTurns(clock.now);
    const iterations = loopIterations();
    const ranAt: Record<string, number> = {};
    const step = (name: string, ms: number) => () => {
      ranAt[name] = iterations.current();
      clock.spend(ms);
    };
    const steps = [turns.run(step('a', BUDGET_MS + 1)), turns.run(step('b', BUDGET_MS + 1)), turns.run(step('c', 1)), turns.run(step('d', 1))];
    expect(Object.keys(ranAt)).toEqual(['a']);
    await Promise.all(steps);
    iterations.stop();
    expect(Object.keys(ranAt)).toEqual(['a', 'b', 'c', 'd']);
    // b spent a whole budget in its turn: c went to the next one; c and d fit in one.
    expect((ranAt.c ?? 0) > (ranAt.b ?? 0)).toBe(true);
    expect(ranAt.d).toBe(ranAt.c);
  });

  it('never runs a step ahead of one that waits, even with budget left', async () => {
    const clock = manualClock();
    const turns = createTurns(clock.now);
    const order: string[] = [];
    const waited = turns.later(() => order.push('later'));
    const asked = turns.run(() => order.push('run'));
    expect(order).toEqual([]);
    await Promise.all([waited, asked]);
    expect(order).toEqual(['later', 'run']);
  });

  it('turns a step that throws into a rejection, and goes on with the next', async () => {
    const turns = createTurns(manualClock().now);
    const failing = turns.later(() => {
      throw new Error('broken step');
    });
    const next = turns.later(() => 'next');
    await expect(failing).rejects.toThrow('broken step');
    await expect(next).resolves.toBe('next');
    await expect(
      turns.run(() => {
        throw new Error('at once');
      }),
    ).rejects.toThrow('at once');
  });
});
