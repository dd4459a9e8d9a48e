// Moving an order to another status — by the API (`PATCH {status: "done" | "cancelled"}`), by the clock
// (a reservation that ends) or by test tooling (`setOrderStatus`) — with what the real service does
// alongside: a paid (`done`) order gets barcodes and a done_at, a cancelled or expired one gives its
// tickets back to sale.
import type { Order, OrderStatus } from '../core/ticketscloud/types.ts';
import { formatServerDate, parseServerDate } from './dates.ts';

/** The statuses a PATCH may ask for ("Finishing and cancelling" in the API notes). */
export const REQUESTABLE_STATUSES = ['done', 'cancelled'] as const;
export type RequestedStatus = (typeof REQUESTABLE_STATUSES)[number];

/** The service's texts, exactly (the "с" of "сontact" is Cyrillic on the real service too). */
export const NOT_ENOUGH_MONEY = 'Not enough money, \u0441ontact to TicketsCloud manager';
export const NO_TICKETS = 'there is no tickets in order';
export const incorrectStatus = (status: string): string => `Incorrect status ${status} for this operation`;
export const notCancellable = (orderId: string): string => `Order ${orderId} is not cancellable`;

/** How long a reservation set by test tooling lasts at least: longer than any test or benchmark run. */
const RENEWED_RESERVATION_SECONDS = 24 * 3600;

export interface StatusChangeContext {
  nowSeconds: number;
  /** The "not enough money" knob: the distributor's balance does not cover the order. */
  notEnoughMoney: boolean;
}

/**
 * `PATCH {status}` on `order`, or the service's 400 texts. Where the API notes are silent, decided so:
 * - `done` (the counter took the money) only from `executed`; otherwise "Incorrect status <its status>".
 *   Then an order with no ticket is refused, then a balance the knob says is too low.
 * - `cancelled` only from `executed`. A `done` order is "not cancellable" (it is paid: money goes back by
 *   a refund, not a cancel), so is an `in_progress` one (the payment system is taking the money right
 *   now); `cancelled` and `expired` orders get "Incorrect status".
 */
export function changeStatus(
  order: Order,
  requested: RequestedStatus,
  context: StatusChangeContext,
): { ok: true; order: Order } | { ok: false; error: string } {
  if (requested === 'done') {
    if (order.status !== 'executed') return { ok: false, error: incorrectStatus(order.status) };
    if (order.tickets.length === 0) return { ok: false, error: NO_TICKETS };
    if (context.notEnoughMoney) return { ok: false, error: NOT_ENOUGH_MONEY };
    return { ok: true, order: withStatus(order, 'done', context.nowSeconds) };
  }
  if (order.status === 'done' || order.status === 'in_progress') return { ok: false, error: notCancellable(order.id) };
  if (order.status !== 'executed') return { ok: false, error: incorrectStatus(order.status) };
  return { ok: true, order: withStatus(order, 'cancelled', context.nowSeconds) };
}

/** A deterministic 13-digit barcode from the ticket number: the same ticket always scans the same. */
function barcodeFor(ticketNumber: number): string {
  return String(2_000_000_000_000 + (ticketNumber % 1_000_000_000_000));
}

export function withStatus(order: Order, status: OrderStatus, nowSeconds: number): Order {
  const next = structuredClone(order);
  next.status = status;
  if (status === 'done') {
    next.done_at ??= formatServerDate(nowSeconds);
    for (const ticket of next.tickets) {
      ticket.barcode ??= barcodeFor(ticket.number);
      ticket.status = 'sold';
    }
  } else if (status === 'executed' || status === 'in_progress') {
    next.done_at = null;
    // Tooling that makes an order reserved wants it editable for the whole test or benchmark: a
    // reservation ending sooner than a day from now (or already ended) is extended to a day.
    const renewedUntil = nowSeconds + RENEWED_RESERVATION_SECONDS;
    if (!(parseServerDate(next.expired_after ?? '') >= renewedUntil)) next.expired_after = formatServerDate(renewedUntil);
    for (const ticket of next.tickets) {
      ticket.barcode = null;
      ticket.status = 'reserved';
    }
  } else {
    for (const ticket of next.tickets) ticket.status = 'vacant';
  }
  return next;
}
