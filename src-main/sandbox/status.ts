// Moving an order to another status from test tooling (`setOrderStatus`), with what the real service
// does alongside: a paid (`done`) order gets barcodes and a done_at, a cancelled or expired one gives
// its tickets back to sale.
import type { Order, OrderStatus } from '../core/ticketscloud/types.ts';
import { formatServerDate } from './dates.ts';

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
    for (const ticket of next.tickets) {
      ticket.barcode = null;
      ticket.status = 'reserved';
    }
  } else {
    for (const ticket of next.tickets) ticket.status = 'vacant';
  }
  return next;
}
