// Deterministic 24-hex ObjectIds: 8 hex of a Unix time, 10 hex standing for the "machine" (derived
// from the seed and the kind of thing), 6 hex of a counter — the layout of a real MongoDB ObjectId, so
// ids sort roughly by creation time like the real ones do.
import { mixSeed } from './prng.ts';

export const ID_KIND = { order: 1, ticket: 2, event: 3, set: 4, venue: 5, promocode: 6, partner: 7 } as const;
export type IdKind = keyof typeof ID_KIND;

function hex(value: number, width: number): string {
  const digits = (value >>> 0).toString(16);
  if (digits.length === width) return digits;
  return digits.length < width ? digits.padStart(width, '0') : digits.slice(-width);
}

/** The 10 "machine" hex digits for one seed and kind; computed once per generator, not per id. */
export function machinePart(seed: number, kind: IdKind): string {
  return hex(mixSeed(seed, ID_KIND[kind]), 8) + hex(mixSeed(seed, ID_KIND[kind], 1), 2);
}

/** Unique per (machine, counter) while counter < 2^24; the time part separates wrapped counters. */
export function objectId(epochSeconds: number, machine: string, counter: number): string {
  return hex(epochSeconds, 8) + machine + hex(counter % 0x1000000, 6);
}

export const OBJECT_ID = /^[0-9a-f]{24}$/;
