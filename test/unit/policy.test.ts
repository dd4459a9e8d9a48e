import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  DEFAULT_POLICY,
  meansUnreachable,
  nextAction,
  permanentErrorText,
  probeDelayMs,
  type NextAction,
} from '../../src-main/core/sync/policy.ts';
import type { Outcome, TransientReason } from '../../src-main/core/ticketscloud/outcome.ts';

const lowest = () => 0;
const highest = () => 0.999999;
const NOW = 1_000_000;

function transient(reason: TransientReason, status: number | null, retryAfterMs: number | null = null): Outcome<unknown> {
  return { kind: 'transient', reason, status, retryAfterMs, message: `${reason} ${status ?? ''}`.trim() };
}

describe('what an outcome does to the edits that carried it', () => {
  const table: { name: string; outcome: Outcome<unknown>; expected: NextAction['kind'] }[] = [
    { name: '200 → synced', outcome: { kind: 'ok', value: {}, promocodeErrors: [] }, expected: 'synced' },
    {
      name: '200 with promocode errors → synced (the errors are final, not retried)',
      outcome: { kind: 'ok', value: {}, promocodeErrors: [{ code: 'promocode_not_found', msg: 'Promocode not found' }] },
      expected: 'synced',
    },
    { name: '409 (the order is busy) → retry', outcome: transient('conflict', 409), expected: 'retry' },
    { name: '429 → retry', outcome: transient('rate_limited', 429, 3_000), expected: 'retry' },
    { name: '503 → retry', outcome: transient('server_error', 503), expected: 'retry' },
    { name: 'timeout → retry', outcome: transient('timeout', null), expected: 'retry' },
    { name: 'connection refused → retry', outcome: transient('network', null), expected: 'retry' },
    { name: "a proxy's HTML page → retry", outcome: transient('bad_body', 200), expected: 'retry' },
    {
      name: '400 → fail',
      outcome: { kind: 'permanent', status: 400, errors: ['Not allow to update order in status done'], message: 'HTTP 400' },
      expected: 'fail',
    },
    { name: '404 → fail', outcome: { kind: 'permanent', status: 404, errors: [], message: 'Order not found' }, expected: 'fail' },
    { name: '401 → pause the engine', outcome: { kind: 'auth', status: 401, message: 'bad key' }, expected: 'pause_auth' },
    { name: '403 → pause the engine', outcome: { kind: 'auth', status: 403, message: 'forbidden' }, expected: 'pause_auth' },
  ];
  it.each(table)('$name', ({ outcome, expected }) => {
    expect(nextAction({ outcome, attempts: 1, now: NOW, random: lowest }).kind).toBe(expected);
  });

  it('a failed edit carries the server text, not a made-up one', () => {
    const action = nextAction({
      outcome: { kind: 'permanent', status: 400, errors: ['Not allow to update order in status done'], message: 'HTTP 400' },
      attempts: 1,
      now: NOW,
      random: lowest,
    });
    expect(action).toEqual({ kind: 'fail', error: 'Not allow to update order in status done' });
  });

  it('a retry is scheduled in the future and keeps the error text for the clerk', () => {
    const action = nextAction({ outcome: transient('server_error', 502), attempts: 1, now: NOW, random: lowest });
    expect(action.kind).toBe('retry');
    if (action.kind !== 'retry') return;
    expect(action.retryAt).toBeGreaterThan(NOW);
    expect(action.error).toBe('server_error 502');
  });
});

describe('permanent error text', () => {
  it.each([
    { errors: ['Not allow to update order in status done'], message: 'HTTP 400', text: 'Not allow to update order in status done' },
    { errors: ['first', 'second'], message: 'HTTP 400', text: 'first; second' },
    { errors: [], message: 'Order not found (404)', text: 'Order not found (404)' },
    { errors: ['  ', ''], message: 'HTTP 400', text: 'HTTP 400' },
  ])('$errors with "$message" → "$text"', ({ errors, message, text }) => {
    expect(permanentErrorText(errors, message)).toBe(text);
  });
});

describe('backoff between tries of one edit', () => {
  const policy = DEFAULT_POLICY;
  it.each([
    { attempt: 1, min: 500, max: 1_000 },
    { attempt: 2, min: 1_000, max: 2_000 },
    { attempt: 3, min: 2_000, max: 4_000 },
    { attempt: 8, min: 64_000, max: 128_000 },
    { attempt: 9, min: 128_000, max: 256_000 },
    { attempt: 10, min: 150_000, max: 300_000 },
    { attempt: 50, min: 150_000, max: 300_000 },
    { attempt: 10_000, min: 150_000, max: 300_000 },
  ])('try $attempt waits between $min and $max ms', ({ attempt, min, max }) => {
    expect(backoffMs(attempt, lowest, null, policy)).toBe(min);
    expect(backoffMs(attempt, highest, null, policy)).toBe(max);
    const sample = backoffMs(attempt, Math.random, null, policy);
    expect(sample).toBeGreaterThanOrEqual(min);
    expect(sample).toBeLessThanOrEqual(max);
  });

  it('never waits more than 5 minutes on its own', () => {
    for (let attempt = 1; attempt < 100; attempt++) expect(backoffMs(attempt, highest)).toBeLessThanOrEqual(300_000);
  });

  it.each([
    { name: 'a Retry-After longer than our backoff is obeyed', attempt: 1, retryAfter: 30_000, expected: 30_000 },
    { name: 'a Retry-After shorter than our backoff does not make us come back sooner', attempt: 5, retryAfter: 1_000, expected: 8_000 },
    { name: 'Retry-After: 0 changes nothing', attempt: 1, retryAfter: 0, expected: 500 },
    { name: 'a day-long Retry-After is cut to the ceiling (one hour)', attempt: 1, retryAfter: 86_400_000, expected: 3_600_000 },
    { name: 'a negative Retry-After is ignored', attempt: 1, retryAfter: -5_000, expected: 500 },
  ])('$name', ({ attempt, retryAfter, expected }) => {
    expect(backoffMs(attempt, lowest, retryAfter)).toBe(expected);
  });

  it('a 429 with Retry-After schedules the retry no sooner than asked', () => {
    const action = nextAction({ outcome: transient('rate_limited', 429, 7_000), attempts: 1, now: NOW, random: lowest });
    expect(action).toMatchObject({ kind: 'retry', retryAt: NOW + 7_000 });
  });

  it('takes its delays from the policy (tests and the bench use milliseconds)', () => {
    const fast = { ...DEFAULT_POLICY, retryBaseMs: 20, retryCapMs: 200 };
    expect(backoffMs(1, highest, null, fast)).toBe(20);
    expect(backoffMs(20, highest, null, fast)).toBe(200);
  });
});

describe('probing while the server does not answer', () => {
  it.each([
    { failedProbes: 0, min: 500, max: 1_000 },
    { failedProbes: 1, min: 1_000, max: 2_000 },
    { failedProbes: 4, min: 8_000, max: 16_000 },
    { failedProbes: 5, min: 15_000, max: 30_000 },
    { failedProbes: 1_000, min: 15_000, max: 30_000 },
  ])('after $failedProbes failed probes the next comes in $min…$max ms', ({ failedProbes, min, max }) => {
    expect(probeDelayMs(failedProbes, lowest)).toBe(min);
    expect(probeDelayMs(failedProbes, highest)).toBe(max);
  });
});

describe('which outcomes mean the server is unreachable', () => {
  it.each([
    { outcome: transient('network', null), unreachable: true },
    { outcome: transient('timeout', null), unreachable: true },
    { outcome: transient('server_error', 500), unreachable: false },
    { outcome: transient('rate_limited', 429), unreachable: false },
    { outcome: transient('conflict', 409), unreachable: false },
    { outcome: transient('bad_body', 502), unreachable: false },
    { outcome: { kind: 'auth', status: 401, message: '' } as Outcome<unknown>, unreachable: false },
    { outcome: { kind: 'ok', value: null, promocodeErrors: [] } as Outcome<unknown>, unreachable: false },
  ])('$outcome.kind $outcome.reason → unreachable: $unreachable', ({ outcome, unreachable }) => {
    expect(meansUnreachable(outcome)).toBe(unreachable);
  });
});
