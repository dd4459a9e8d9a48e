// What Ticketscloud lets anyone change, and when ("What can be changed when" in
// ../shared/ticketscloud-api.md): only a reserved (`executed`) order, until its `expired_after`; the
// customer's email only then. `done`, `cancelled` and `expired` are final. The outbox refuses at save an
// edit the server is known to refuse, and the order screen shows such an order read-only with the same
// reason. The server stays the judge: an order the cache thinks editable can still be refused, and an
// unknown status is left to the server.
//
// Node-free and pure: the core and the renderer both call it, with their own clock.
import type { FieldError } from '../contract.ts';
import { fieldError, type MessageParams } from '../messages/catalog.ts';
import { isOrderStatus } from '../schemas/server.ts';
import type { Order } from '../ticketscloud/types.ts';
import type { EditIntent, StatusChange } from './schema.ts';

const FINAL_STATUSES: readonly string[] = ['done', 'cancelled', 'expired'];

/** "2026-11-28 19:30:00" as Ticketscloud sends it (no zone, read as UTC) → epoch ms; null if unreadable. */
export function serverTimeMs(text: string | null | undefined): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text ?? '');
  if (!match) return null;
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = match.slice(1).map((part) => Number(part ?? 0));
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  return Number.isNaN(ms) ? null : ms;
}

/** Why no change to this order can be accepted now, or null when Ticketscloud may still take one. */
export type NotEditable = { reason: 'final'; status: string } | { reason: 'reservation_ended'; endedAtMs: number };

export function whyNotEditable(order: Pick<Order, 'status' | 'expired_after'>, nowMs: number): NotEditable | null {
  if (FINAL_STATUSES.includes(order.status)) return { reason: 'final', status: order.status };
  if (order.status === 'executed') {
    const endsAt = serverTimeMs(order.expired_after);
    if (endsAt !== null && endsAt <= nowMs) return { reason: 'reservation_ended', endedAtMs: endsAt };
  }
  return null;
}

/** "2026-12-02 18:05 UTC": the zone is always said (the renderer shows its own local form next to it). */
export function utcMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The order's number and its status in the clerk's words ("Paid"), or as the server spelt an unknown one. */
function orderParams(order: Pick<Order, 'number' | 'status'>): MessageParams {
  return { number: order.number, status: isOrderStatus(order.status) ? { message: `status.${order.status}` } : order.status };
}

/** The error an edit of a not-editable order gets (path '': the whole edit). */
export function notEditableError(order: Pick<Order, 'number' | 'status'>, why: NotEditable): FieldError {
  if (why.reason === 'final') return fieldError('', 'order_not_editable', orderParams(order));
  return fieldError('', 'reservation_ended', { number: order.number, time: utcMinute(why.endedAtMs) });
}

/**
 * What refuses this edit of this cached order at save; empty when the server may accept it.
 * `queuedStatusChange`: a finish or cancel of the order already waiting to be sent — nothing may follow it.
 */
export function editRefusals(
  order: Pick<Order, 'number' | 'status' | 'expired_after'>,
  intent: EditIntent,
  nowMs: number,
  queuedStatusChange: StatusChange | null,
): FieldError[] {
  const why = whyNotEditable(order, nowMs);
  if (why !== null) return [notEditableError(order, why)];
  if (queuedStatusChange !== null) {
    return [fieldError('', 'status_change_queued', { number: order.number, change: { message: `statusChange.${queuedStatusChange}` } })];
  }
  if (intent.settings?.customer?.email !== undefined && order.status !== 'executed') {
    return [fieldError('settings.customer.email', 'email_not_editable', orderParams(order))];
  }
  return [];
}
