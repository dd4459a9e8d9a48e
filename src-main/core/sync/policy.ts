// The sync engine's rules as data and pure functions: what an outcome means for the edits that
// carried it, how long to wait before the next try, how often to probe a server that does not answer.
// The engine only applies these; the table-driven tests in test/unit/policy.test.ts pin them down.
import type { Outcome, TransientReason } from '../ticketscloud/outcome.ts';

export interface SyncPolicy {
  /** First retry delay after a transient failure. */
  retryBaseMs: number;
  /** Longest wait between two tries of one edit. */
  retryCapMs: number;
  /**
   * Longest Retry-After the engine obeys. A proxy that answers "Retry-After: 86400" must not park a
   * clerk's edit for a day: past this ceiling the engine tries again anyway (and backs off if refused).
   */
  retryAfterCapMs: number;
  /** First probe delay once the server stopped answering. */
  probeBaseMs: number;
  /** Longest wait between two probes while offline: bounds how late the engine notices the server is back. */
  probeCapMs: number;
  /**
   * A PATCH is built from a copy fetched just before it (GET), unless the cached copy came from a
   * Ticketscloud answer received at most this long ago (typically the lane's own previous answer). Every
   * millisecond here is a window in which another writer's change could be reverted; the contract allows 1 s.
   */
  freshCopyWindowMs: number;
}

export const DEFAULT_POLICY: SyncPolicy = {
  retryBaseMs: 1_000,
  retryCapMs: 5 * 60_000,
  retryAfterCapMs: 60 * 60_000,
  probeBaseMs: 1_000,
  probeCapMs: 30_000,
  freshCopyWindowMs: 1_000,
};

/** A number in [0, 1), like Math.random; injected so tests and the bench are reproducible. */
export type Random = () => number;

/**
 * Exponential backoff with "equal jitter": the n-th wait is drawn from [d/2, d] where d = base·2^(n-1)
 * capped. Half of the delay is certain (the server gets its breathing room), the other half spreads the
 * retries of many orders that failed together (a 503 burst) so they do not come back as one wave.
 */
export function jitteredExponentialMs(attempt: number, random: Random, baseMs: number, capMs: number): number {
  const exponent = Math.max(0, Math.min(attempt, 64) - 1);
  const ceiling = Math.min(capMs, baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * How long to wait before the next try of an edit that has been tried `attempt` times (1 after the first
 * failure). A server's Retry-After is a floor: we never come back sooner than it asked, but the jitter
 * still applies when our own backoff is already longer.
 */
export function backoffMs(
  attempt: number,
  random: Random,
  retryAfterMs: number | null = null,
  policy: SyncPolicy = DEFAULT_POLICY,
): number {
  const ours = jitteredExponentialMs(attempt, random, policy.retryBaseMs, policy.retryCapMs);
  const asked = retryAfterMs === null ? 0 : Math.min(Math.max(0, retryAfterMs), policy.retryAfterCapMs);
  return Math.max(ours, asked);
}

/**
 * When a retry stored in the database (wall-clock ms, as the clerk reads "next try at") falls due on the
 * engine's steady clock (one the wall clock cannot move: performance.now). The stored time is only read
 * when the engine does not remember scheduling it itself (a restart, an edit saved or retried by the
 * clerk). A wall clock moved back would otherwise park an edit for as long as the clock moved, so the
 * wait is never longer than the backoff cap; a time already past is due now.
 */
export function steadyDueTime(storedDueAt: number, wallNow: number, steadyNow: number, policy: SyncPolicy = DEFAULT_POLICY): number {
  return steadyNow + Math.min(Math.max(0, storedDueAt - wallNow), policy.retryCapMs);
}

/** Wait before probe number `failedProbes + 1` while the server does not answer. */
export function probeDelayMs(failedProbes: number, random: Random, policy: SyncPolicy = DEFAULT_POLICY): number {
  return jitteredExponentialMs(failedProbes + 1, random, policy.probeBaseMs, policy.probeCapMs);
}

/**
 * Which failures say "the server is not there" (as opposed to "the server answered, but not yes").
 * A 5xx, a 429, a 409 or a proxy's HTML page all prove something answers: the engine stays online and
 * backs off per order. Only a refused/dropped connection or silence switches to probing.
 */
const UNREACHABLE_REASONS: ReadonlySet<TransientReason> = new Set(['network', 'timeout']);

export function meansUnreachable(outcome: Outcome<unknown>): boolean {
  return outcome.kind === 'transient' && UNREACHABLE_REASONS.has(outcome.reason);
}

/** What the engine does with the edits of one request, given its outcome. */
export type NextAction =
  | { kind: 'synced' }
  /**
   * The server applied the PATCH but its answer cannot be stored (an order with a field missing, a value
   * nested too deep to store): `synced`, with the reason kept. Sending it again would apply it again, and
   * the same answer would come back for ever.
   */
  | { kind: 'synced_unstored'; note: string }
  /** Back to `pending`, tried again at `retryAt`. Covers 409 too: another counter or the web shop may hold the order. */
  | { kind: 'retry'; retryAt: number; error: string }
  /** `failed` for good (until the clerk retries): the server refused this change. */
  | { kind: 'fail'; error: string }
  /** Back to `pending` without counting the attempt, and the whole engine pauses until a new key is set. */
  | { kind: 'pause_auth'; error: string };

export interface DecideInput {
  outcome: Outcome<unknown>;
  /** The outcome is the answer to the PATCH (not to the GET before it): a 2xx then means it was applied. */
  patchAnswered?: boolean;
  /** How many times the batch's most-tried edit has been sent, this try included. */
  attempts: number;
  now: number;
  random: Random;
  policy?: SyncPolicy;
}

export function nextAction({ outcome, patchAnswered = false, attempts, now, random, policy = DEFAULT_POLICY }: DecideInput): NextAction {
  switch (outcome.kind) {
    case 'ok':
      return { kind: 'synced' };
    case 'transient':
      if (patchAnswered && outcome.reason === 'unreadable_order') {
        return { kind: 'synced_unstored', note: `applied by Ticketscloud, but its answer could not be stored: ${outcome.message}` };
      }
      return {
        kind: 'retry',
        retryAt: now + backoffMs(attempts, random, outcome.retryAfterMs, policy),
        error: outcome.message,
      };
    case 'permanent':
      return { kind: 'fail', error: permanentErrorText(outcome.errors, outcome.message) };
    case 'auth':
      return { kind: 'pause_auth', error: outcome.message };
  }
}

/** The server's own words when it gave any ("Not allow to update order in status done"), else our message. */
export function permanentErrorText(serverErrors: readonly string[], message: string): string {
  const texts = serverErrors.map((text) => text.trim()).filter((text) => text !== '');
  return texts.length > 0 ? texts.join('; ') : message;
}
