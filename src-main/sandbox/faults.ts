// Fault injection: what can go wrong between a box office and Ticketscloud, as knobs tests turn.
// Every decision comes from a seeded PRNG, one fixed set of draws per request, so the same requests in
// the same order meet the same faults on every run.
import { type Random, mulberry32 } from './prng.ts';

export interface SandboxFaults {
  /** Added before every API answer (ms). */
  latencyMs: number;
  /** Share of API requests (0..1) answered 500/502/503 without doing anything. */
  rate5xx: number;
  /** Share of API requests answered 429 with `Retry-After: retryAfterSec`. */
  rate429: number;
  retryAfterSec: number;
  /** Share of PATCHes applied and then left unanswered: the socket is destroyed. */
  rateDropAfterApply: number;
  /** Share of API requests answered by a "proxy" with a 502 HTML page. */
  rateHtml: number;
  /** Share of order requests that find the order held by another counter for `foreignHoldMs` (409). */
  foreignWriterRate: number;
  foreignHoldMs: number;
  /** Every API request gets 403. */
  forbidden: boolean;
  /**
   * Added to a list answer AFTER its page was read from the store (ms): a slow page that arrives after
   * answers to requests sent later, still holding what the orders were when it was asked for.
   */
  listLatencyMs: number;
  /**
   * The next N answers to a GET of one order carry ANOTHER order's data: a misrouting proxy or cache.
   * Counters, not dice rates, so they do not shift the dice of the other knobs.
   */
  wrongGetAnswers: number;
  /** The same for the next N PATCH answers; the PATCH itself is still applied to the order asked for. */
  wrongPatchAnswers: number;
  /** The next N PATCHes are applied, but their answer's order lacks `vendor_data` (a field the cache needs). */
  unreadablePatchAnswers: number;
  /** The next N PATCHes are applied, but their answer carries a value nested 200 000 levels deep. */
  deepPatchAnswers: number;
  /** Finishing an order (`PATCH {status: "done"}`) gets 400 "Not enough money, сontact to TicketsCloud manager". */
  notEnoughMoney: boolean;
  /** Ids of orders sent without `vendor_data` in list answers: one malformed order on a page. */
  listOrdersWithoutVendorData: readonly string[];
}

export const DEFAULT_FAULTS: Readonly<SandboxFaults> = Object.freeze({
  latencyMs: 0,
  rate5xx: 0,
  rate429: 0,
  retryAfterSec: 1,
  rateDropAfterApply: 0,
  rateHtml: 0,
  foreignWriterRate: 0,
  foreignHoldMs: 100,
  forbidden: false,
  listLatencyMs: 0,
  wrongGetAnswers: 0,
  wrongPatchAnswers: 0,
  unreadablePatchAnswers: 0,
  deepPatchAnswers: 0,
  notEnoughMoney: false,
  listOrdersWithoutVendorData: Object.freeze([]),
});

const RATES = ['rate5xx', 'rate429', 'rateDropAfterApply', 'rateHtml', 'foreignWriterRate'] as const;
const DURATIONS = ['latencyMs', 'retryAfterSec', 'foreignHoldMs', 'listLatencyMs'] as const;
const COUNTS = ['wrongGetAnswers', 'wrongPatchAnswers', 'unreadablePatchAnswers', 'deepPatchAnswers'] as const;

/** Checks a fault change from a test or the control endpoint; unknown knobs are errors, not ignored. */
export function checkFaults(input: unknown): { ok: true; faults: Partial<SandboxFaults> } | { ok: false; errors: string[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, errors: ['faults must be a JSON object'] };
  const errors: string[] = [];
  const faults: Partial<SandboxFaults> = {};
  for (const [key, value] of Object.entries(input)) {
    if ((RATES as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) errors.push(`${key}: must be a number from 0 to 1`);
      else faults[key as (typeof RATES)[number]] = value;
    } else if ((DURATIONS as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) errors.push(`${key}: must be a number ≥ 0`);
      else faults[key as (typeof DURATIONS)[number]] = value;
    } else if ((COUNTS as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) errors.push(`${key}: must be a whole number ≥ 0`);
      else faults[key as (typeof COUNTS)[number]] = value;
    } else if (key === 'listOrdersWithoutVendorData') {
      if (!Array.isArray(value) || !value.every((id) => typeof id === 'string')) errors.push(`${key}: must be a list of order ids`);
      else faults.listOrdersWithoutVendorData = [...(value as string[])];
    } else if (key === 'forbidden' || key === 'notEnoughMoney') {
      if (typeof value !== 'boolean') errors.push(`${key}: must be true or false`);
      else faults[key] = value;
    } else {
      errors.push(`${key}: unknown fault`);
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, faults };
}

export type InjectedStatus = 500 | 502 | 503;

/** The faults one request meets, drawn when it arrives. */
export interface FaultRoll {
  html: boolean;
  serverError: InjectedStatus | null;
  tooManyRequests: boolean;
  foreignWriter: boolean;
  dropAfterApply: boolean;
}

const SERVER_ERRORS: readonly InjectedStatus[] = [500, 502, 503];

export class FaultDice {
  readonly #random: Random;

  constructor(seed: number) {
    this.#random = mulberry32(seed);
  }

  roll(faults: SandboxFaults): FaultRoll {
    // Always six draws, whatever the knobs: changing one rate does not shift the others' sequence.
    const html = this.#random() < faults.rateHtml;
    const serverError = this.#random() < faults.rate5xx;
    const kind = SERVER_ERRORS[Math.floor(this.#random() * SERVER_ERRORS.length)] ?? 500;
    const tooManyRequests = this.#random() < faults.rate429;
    const foreignWriter = this.#random() < faults.foreignWriterRate;
    const dropAfterApply = this.#random() < faults.rateDropAfterApply;
    return { html, serverError: serverError ? kind : null, tooManyRequests, foreignWriter, dropAfterApply };
  }
}
