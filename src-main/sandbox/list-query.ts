// The query of GET /v2/resources/orders: `created_at=<from>,<to>` (ISO 8601, either side may be empty,
// both inclusive, no zone = UTC), `status` and `events` as comma-separated lists or repeated
// parameters, `only_with_customer`, `page` (from 1) and `page_size` (1..200, default 50).
// Unknown parameters are ignored, as web APIs usually do; a known one with a bad value is a 400.
import { ORDER_STATUSES } from '../core/ticketscloud/types.ts';
import { isoToServerDate, parseServerDate } from './dates.ts';
import { OBJECT_ID } from './ids.ts';
import type { OrderFilter } from './store.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export type ListQueryCheck = { ok: true; filter: OrderFilter; page: number; pageSize: number } | { ok: false; errors: string[] };

function listValues(params: URLSearchParams, name: string): string[] | undefined {
  const raw = params.getAll(name);
  if (raw.length === 0) return undefined;
  return raw.flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== '');
}

function positiveInteger(text: string): number | null {
  return /^\d{1,9}$/.test(text) ? Number(text) : null;
}

export function checkListQuery(params: URLSearchParams): ListQueryCheck {
  const errors: string[] = [];
  const filter: OrderFilter = {};

  const createdAt = params.get('created_at');
  if (createdAt !== null) {
    const parts = createdAt.split(',');
    if (parts.length !== 2) {
      errors.push('created_at: expected "<from>,<to>" in ISO 8601, e.g. 2000-07-28T13:00:00,2000-07-29T13:00:00');
    } else {
      const [from = '', to = ''] = parts.map((part) => part.trim());
      if (from !== '') {
        const date = isoToServerDate(from);
        if (date === null) errors.push(`created_at: "${from}" is not an ISO 8601 date`);
        else filter.createdFrom = parseServerDate(date);
      }
      if (to !== '') {
        const date = isoToServerDate(to);
        if (date === null) errors.push(`created_at: "${to}" is not an ISO 8601 date`);
        else filter.createdTo = parseServerDate(date);
      }
    }
  }

  const statuses = listValues(params, 'status');
  if (statuses !== undefined) {
    const unknown = statuses.filter((status) => !(ORDER_STATUSES as readonly string[]).includes(status));
    if (unknown.length > 0) errors.push(`status: unknown status ${unknown.join(', ')} (known: ${ORDER_STATUSES.join(', ')})`);
    else filter.statuses = statuses;
  }

  const events = listValues(params, 'events');
  if (events !== undefined) {
    const malformed = events.filter((id) => !OBJECT_ID.test(id));
    if (malformed.length > 0) errors.push(`events: not an event id: ${malformed.join(', ')}`);
    else filter.eventIds = events;
  }

  const onlyWithCustomer = params.get('only_with_customer');
  if (onlyWithCustomer !== null) {
    const value = onlyWithCustomer.trim().toLowerCase();
    if (value === 'true' || value === '1') filter.onlyWithCustomer = true;
    else if (value === 'false' || value === '0' || value === '') filter.onlyWithCustomer = false;
    else errors.push('only_with_customer: value should be true or false');
  }

  let page = 1;
  const pageText = params.get('page');
  if (pageText !== null) {
    const value = positiveInteger(pageText.trim());
    if (value === null || value < 1) errors.push('page: must be a whole number ≥ 1');
    else page = value;
  }

  let pageSize = DEFAULT_PAGE_SIZE;
  const pageSizeText = params.get('page_size');
  if (pageSizeText !== null) {
    const value = positiveInteger(pageSizeText.trim());
    if (value === null || value < 1 || value > MAX_PAGE_SIZE) errors.push(`page_size: must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
    else pageSize = value;
  }

  return errors.length > 0 ? { ok: false, errors } : { ok: true, filter, page, pageSize };
}
