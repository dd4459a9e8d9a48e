// What the sandbox saw: the figures tests assert on (0 overlaps, one PATCH per order…) and the log of
// applied PATCH bodies that lets a test compare what the engine sent with what the clerk asked for.
import type { SandboxPatch } from './patch.ts';

export interface SandboxStats {
  /** API requests (control endpoints under /__sandbox/ are not counted). */
  requests: number;
  byMethod: Record<string, number>;
  /** PATCH requests received per order id, whatever their answer. */
  patchesByOrder: Record<string, number>;
  /** 409s caused by the client itself: a request for an order while another one for it was in flight. */
  overlaps: number;
  /** 409s caused by the simulated other counter (`foreignWriterRate`): not the client's fault. */
  foreign409: number;
  injected5xx: number;
  injected429: number;
  injectedHtml: number;
  /** PATCHes applied and then left unanswered (`rateDropAfterApply`). */
  dropped: number;
  /** Answers about one order that carried another order's data (`wrongOrderAnswers`). */
  wrongOrderAnswers: number;
  /** Most API requests being handled at the same moment. */
  maxInFlight: number;
}

export class StatsRecorder {
  #stats: SandboxStats = StatsRecorder.#empty();
  #applied = new Map<string, SandboxPatch[]>();
  #inFlight = 0;

  static #empty(): SandboxStats {
    return {
      requests: 0,
      byMethod: {},
      patchesByOrder: {},
      overlaps: 0,
      foreign409: 0,
      injected5xx: 0,
      injected429: 0,
      injectedHtml: 0,
      dropped: 0,
      wrongOrderAnswers: 0,
      maxInFlight: 0,
    };
  }

  requestStarted(method: string): void {
    this.#stats.requests += 1;
    this.#stats.byMethod[method] = (this.#stats.byMethod[method] ?? 0) + 1;
    this.#inFlight += 1;
    if (this.#inFlight > this.#stats.maxInFlight) this.#stats.maxInFlight = this.#inFlight;
  }

  requestEnded(): void {
    this.#inFlight -= 1;
  }

  patchReceived(orderId: string): void {
    this.#stats.patchesByOrder[orderId] = (this.#stats.patchesByOrder[orderId] ?? 0) + 1;
  }

  patchApplied(orderId: string, patch: SandboxPatch): void {
    const log = this.#applied.get(orderId) ?? [];
    log.push(structuredClone(patch));
    this.#applied.set(orderId, log);
  }

  count(counter: 'overlaps' | 'foreign409' | 'injected5xx' | 'injected429' | 'injectedHtml' | 'dropped' | 'wrongOrderAnswers'): void {
    this.#stats[counter] += 1;
  }

  snapshot(): SandboxStats {
    return structuredClone(this.#stats);
  }

  appliedPatches(orderId: string): SandboxPatch[] {
    return structuredClone(this.#applied.get(orderId) ?? []);
  }

  /** Zeroes every figure and forgets the applied bodies; requests still in flight stay counted as in flight. */
  reset(): void {
    this.#stats = StatsRecorder.#empty();
    this.#applied = new Map();
    this.#stats.maxInFlight = this.#inFlight;
  }
}
