// What the floor client and the global FIFO are asked to send (written by sync.ts, read by
// floor-client.ts in another process): plain requests, no database, no intents.
import type { OrderPatch } from '../src-main/core/ticketscloud/types.ts';

export interface PlannedRequest {
  orderId: string;
  method: 'PATCH' | 'GET';
  body?: OrderPatch;
}

export interface FloorPlan {
  mode: 'floor';
  url: string;
  apiKey: string;
  concurrency: number;
  /** Per order, its requests in the order they must be made (one after another, never two at once). */
  chains: PlannedRequest[][];
}

export interface FifoPlan {
  mode: 'fifo';
  url: string;
  apiKey: string;
  /** One PATCH per edit, in the order the edits were made; sent one at a time. */
  requests: PlannedRequest[];
  /**
   * A PATCH is preceded by a GET of its order unless the FIFO got an answer about that order at most this
   * long ago — the engine's own fresh-copy rule, so both pay for the same copies.
   */
  freshCopyWindowMs: number;
  /** Every order counts as answered when the FIFO starts (the warm run: the engine's copies were warm too). */
  warmAtStart: boolean;
  /** A failed head is sent again at once (no backoff) until it succeeds or this many tries were made. */
  maxTries: number;
}

export type Plan = FloorPlan | FifoPlan;

export interface PlanResult {
  mode: Plan['mode'];
  makespan_ms: number;
  requests: number;
  /** HTTP status (or "network") → how many answers had it. */
  statuses: Record<string, number>;
  /** FIFO only: requests sent again after a failed try. */
  repeats: number;
  /** CPU time (user + system) of the client process per request. */
  cpu_ms_per_request: number;
}
