// Plain data the tests of several layers share: one edit object as the contract describes it.
import type { EditDto, EditIntent } from '../../src-main/core/contract.ts';

export const SAMPLE_ORDER_ID = '5f2a0c9e1b2c3d4e5f607182';

let nextEditId = 1;

/** An edit as the core would answer it: pending, never tried; every field can be overridden. */
export function sampleEdit(body: EditIntent, overrides: Partial<EditDto> = {}): EditDto {
  return {
    id: nextEditId++,
    order_id: SAMPLE_ORDER_ID,
    body,
    operator: 'anna',
    state: 'pending',
    attempts: 0,
    created_at: '2026-11-28T19:04:05.123Z',
    synced_at: null,
    next_attempt_at: null,
    error: null,
    promocode_errors: [],
    discarded_at: null,
    conflicts: [],
    ...overrides,
  };
}
