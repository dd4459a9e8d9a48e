// The minimum an order from the server must have before the cache takes it. The server is untrusted:
// a proxy, a half-written answer or a changed API may send anything. An order without an id or a
// number is refused (reported, not stored) rather than stored half-broken; everything else the order
// carries is kept as sent, and its other columns fall back to "unknown" when missing.
import type { ServerDateTime } from '../ticketscloud/types.ts';

/** The columns of `orders` the app filters and sorts on, read from the server's JSON. */
export interface OrderColumns {
  id: string;
  number: number;
  status: string;
  eventId: string;
  createdAt: ServerDateTime;
  expiredAfter: ServerDateTime | null;
}

export type CheckedOrder = { ok: true; columns: OrderColumns } | { ok: false; id: string | null; reason: string };

/** Longer than any ObjectId by far; an id past this is not one. */
const MAX_ID_LENGTH = 64;

export function checkServerOrder(value: unknown): CheckedOrder {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, id: null, reason: `an order must be a JSON object, got ${describe(value)}` };
  }
  const order = value as Record<string, unknown>;
  const { id, number } = order;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) {
    return { ok: false, id: null, reason: `order.id must be a non-empty string, got ${describe(id)}` };
  }
  if (typeof number !== 'number' || !Number.isSafeInteger(number)) {
    return { ok: false, id, reason: `order ${id}: number must be an integer, got ${describe(number)}` };
  }
  return {
    ok: true,
    columns: {
      id,
      number,
      status: stringOr(order.status, ''),
      eventId: stringOr(order.event, ''),
      createdAt: stringOr(order.created_at, ''),
      expiredAfter: stringOr(order.expired_after, null),
    },
  };
}

function stringOr<T>(value: unknown, fallback: T): string | T {
  return typeof value === 'string' ? value : fallback;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
