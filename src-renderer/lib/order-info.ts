// Reading an order and its refs for display: names instead of ids, seats as words, applied promocodes
// with their discount. Pure functions over the contract's types; nothing here talks to the core.
import type { Order, Refs } from '../../src-main/core/contract.ts';
import type { EventRef, PromocodeRef, Ticket } from '../../src-main/core/ticketscloud/types.ts';
import { parseTime } from './times.ts';

export { ORDER_STATUSES as KNOWN_STATUSES, isOrderStatus as isKnownStatus } from '../../src-main/core/schemas/server.ts';

export function eventOf(order: Order, refs: Refs | null): EventRef | null {
  return refs?.events?.[order.event] ?? null;
}

export function eventTitle(order: Order, refs: Refs | null): string {
  return eventOf(order, refs)?.title?.text ?? order.event;
}

/** The event's start and the zone it is in, when refs say so. */
export function eventStart(order: Order, refs: Refs | null): { at: Date; zone: string } | null {
  const event = eventOf(order, refs);
  if (!event) return null;
  const lifetime = event.lifetime;
  let start: string | undefined;
  if (typeof lifetime === 'string') {
    // Ticketscloud may send an iCalendar VEVENT: DTSTART;VALUE=DATE-TIME:20261212T160000Z
    const match = /DTSTART[^:]*:(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z?/.exec(lifetime);
    if (match) start = `${match[1]}-${match[2]}-${match[3]} ${match[4]}:${match[5]}:${match[6]}`;
  } else {
    start = lifetime?.start ?? undefined;
  }
  const at = parseTime(start);
  return at ? { at, zone: typeof event.timezone === 'string' ? event.timezone : 'UTC' } : null;
}

export function setName(ticket: Ticket, refs: Refs | null): string {
  return refs?.sets?.[ticket.set]?.name ?? ticket.set;
}

export interface SeatParts {
  sector: string;
  row: string;
  number: string;
}

export function seatOf(ticket: Ticket): SeatParts | null {
  const seat = ticket.seat;
  if (!seat || (!seat.sector && !seat.row && !seat.number)) return null;
  return { sector: seat.sector ?? '—', row: seat.row ?? '—', number: seat.number ?? '—' };
}

export interface AppliedPromocode {
  id: string;
  code: string;
  discount: { kind: 'fix'; amount: string } | { kind: 'percent'; percent: string } | null;
}

function discountOf(ref: PromocodeRef | undefined): AppliedPromocode['discount'] {
  const discount = ref?.discount;
  if (!discount) return null;
  if (discount.fix !== undefined) return { kind: 'fix', amount: discount.fix };
  if (discount.percentage !== undefined) return { kind: 'percent', percent: discount.percentage };
  return null;
}

export function appliedPromocodes(order: Order, refs: Refs | null): AppliedPromocode[] {
  return order.promocodes.map((id) => {
    const ref = refs?.promocodes?.[id];
    return { id, code: ref?.code ?? id, discount: discountOf(ref) };
  });
}

/** Lower-case codes on the order, to tell an applied code from one the server refused. */
export function appliedCodeSet(order: Order | null, refs: Refs | null): Set<string> {
  if (!order) return new Set();
  return new Set(appliedPromocodes(order, refs).map((p) => p.code.toLowerCase()));
}
