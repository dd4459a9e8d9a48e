// Waiting for something that happens on its own time (a drain, a socket closing, a child's output), in
// every test the same way: vitest's `vi.waitFor`, polling a probe until it gives a value. No fixed sleeps;
// the timeout only bounds a test that is failing anyway, and the failure names what never came.
import { vi } from 'vitest';

/** What a probe gives while the awaited thing has not happened yet. */
type NotYet = undefined | null | false;

export interface WaitOptions {
  /** How long before the test fails (ms). Generous: the machines are shared and noisy. */
  timeoutMs?: number;
  intervalMs?: number;
  /** More to say when it fails (a child process's output, the last value seen). */
  detail?: () => string;
}

/** Resolves with the first value `probe` gives that is not undefined, null or false; a probe that throws is tried again. */
export async function waitUntil<T>(what: string, probe: () => T | Promise<T>, options: WaitOptions = {}): Promise<Exclude<T, NotYet>> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  return vi.waitFor(
    async () => {
      const value = await probe();
      if (value === undefined || value === null || value === false) {
        const detail = options.detail?.() ?? '';
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail === '' ? '' : `\n${detail}`}`);
      }
      return value as Exclude<T, NotYet>;
    },
    { timeout: timeoutMs, interval: options.intervalMs ?? 10 },
  );
}
