// Promocodes on an order: which codes of a wanted list can be applied (with the seed's error codes for
// those that cannot), and the ticket and order values they produce. All maths in integer cents.
//
// One promocode per set: when several applied codes cover the same set, the one giving the larger
// discount on a ticket of that set wins; on a tie, the code that sorts first alphabetically. The rule
// depends only on the SET of codes, never on the order the client listed them in, so sending the same
// codes in another order gives the same prices. A code that wins no set stays on the order (it is
// applied, just not the best one) and gives no discount.
import type { Order, PromocodeError, SetValues, Ticket } from '../core/ticketscloud/types.ts';
import type { Catalog, PromocodeRule } from './catalog.ts';
import { type Cents, formatMoney, parseMoney, parsePercentage, percentageOf } from './money.ts';

export const PROMOCODE_ERROR_MESSAGES = {
  promocode_not_found: 'Promocode not found',
  promocode_already_used: 'Promocode already used',
  promocode_limit_min_tickets: 'Minimum count of tickets in order for promocode activation is {}',
  promocode_apply_info: 'Cant apply promocode by some reason',
} as const;

/** The discount a code gives on one ticket of `priceCents`; never more than the price. */
export function ticketDiscount(rule: PromocodeRule, priceCents: Cents): Cents {
  const discount = rule.ref.discount;
  const cents =
    discount.fix !== undefined ? parseMoney(discount.fix) : percentageOf(priceCents, parsePercentage(discount.percentage ?? '0%'));
  return Math.min(cents, priceCents);
}

/** Who holds each single-use code. Read-only here: the caller commits claims once the PATCH is applied. */
export interface SingleUseHolders {
  holderOf(promocodeId: string): string | undefined;
}

export interface PromocodeResolution {
  /** Ids of the codes the order ends up with, in the order they were asked for. */
  promocodeIds: string[];
  errors: PromocodeError[];
  /** Single-use codes this order now takes / lets go of. */
  claimed: string[];
  released: string[];
}

/**
 * The order's promocodes after a PATCH carrying `wantedCodes`: the FULL list wanted (strict reading of
 * the contract), so a code left out is removed. Codes match case-insensitively. A code already on the
 * order is kept without being checked again; a new code that fails is reported and not applied.
 */
export function resolvePromocodes(
  order: Order,
  wantedCodes: readonly string[],
  catalog: Catalog,
  singleUse: SingleUseHolders,
): PromocodeResolution {
  const current = new Set(order.promocodes);
  const promocodeIds: string[] = [];
  const errors: PromocodeError[] = [];
  const seen = new Set<string>();

  for (const rawCode of wantedCodes) {
    const code = rawCode.trim().toLowerCase();
    if (seen.has(code)) continue;
    seen.add(code);
    const rule = catalog.promocodesByCode.get(code);
    if (!rule) {
      errors.push(promocodeError('promocode_not_found'));
      continue;
    }
    if (current.has(rule.ref.id)) {
      promocodeIds.push(rule.ref.id);
      continue;
    }
    const refusal = refusalFor(rule, order, singleUse);
    if (refusal) {
      errors.push(refusal);
      continue;
    }
    promocodeIds.push(rule.ref.id);
  }

  const kept = new Set(promocodeIds);
  const isSingleUse = (id: string): boolean => catalog.promocodesById.get(id)?.singleUse === true;
  return {
    promocodeIds,
    errors,
    claimed: promocodeIds.filter((id) => !current.has(id) && isSingleUse(id)),
    released: order.promocodes.filter((id) => !kept.has(id) && isSingleUse(id)),
  };
}

function refusalFor(rule: PromocodeRule, order: Order, singleUse: SingleUseHolders): PromocodeError | null {
  if (rule.eventId !== null && rule.eventId !== order.event) return promocodeError('promocode_apply_info');
  if (rule.singleUse) {
    const holder = singleUse.holderOf(rule.ref.id);
    if (holder !== undefined && holder !== order.id) return promocodeError('promocode_already_used');
  }
  if (order.tickets.length < rule.minTickets) {
    return {
      code: 'promocode_limit_min_tickets',
      msg: PROMOCODE_ERROR_MESSAGES.promocode_limit_min_tickets.replace('{}', String(rule.minTickets)),
    };
  }
  return null;
}

function promocodeError(code: Exclude<keyof typeof PROMOCODE_ERROR_MESSAGES, 'promocode_limit_min_tickets'>): PromocodeError {
  return { code, msg: PROMOCODE_ERROR_MESSAGES[code] };
}

/** The code that prices tickets of a set of `priceCents`, or null when none of `rules` gives a discount. */
function winnerFor(rules: readonly PromocodeRule[], priceCents: Cents): PromocodeRule | null {
  let best: PromocodeRule | null = null;
  let bestDiscount = 0;
  for (const rule of rules) {
    const discount = ticketDiscount(rule, priceCents);
    if (discount <= 0) continue;
    const better = best === null || discount > bestDiscount || (discount === bestDiscount && rule.ref.code < best.ref.code);
    if (better) {
      best = rule;
      bestDiscount = discount;
    }
  }
  return best;
}

/**
 * Recomputes every ticket's discount, nominal and full and the order's `values` from the order's
 * promocodes. `extra` (the service fee) is left as it is: a promocode does not change it.
 * `values.sets_values` follows the seed example: one entry for EVERY set of the event with the price
 * of ONE ticket of that set and the discount the winning code gives on it, whether or not the order
 * holds a ticket of that set.
 */
export function priceOrder(order: Order, catalog: Catalog): void {
  const event = catalog.eventsById.get(order.event);
  if (!event) throw new Error(`order ${order.id} is for event ${order.event}, which the catalogue does not have`);
  const rules: PromocodeRule[] = [];
  for (const id of order.promocodes) {
    const rule = catalog.promocodesById.get(id);
    if (rule) rules.push(rule);
  }

  const winners = new Map<string, PromocodeRule | null>();
  const setsValues: Record<string, SetValues> = {};
  for (const set of event.sets) {
    const price = parseMoney(set.price);
    const winner = winnerFor(rules, price);
    const discount = winner ? ticketDiscount(winner, price) : 0;
    winners.set(set.id, winner);
    setsValues[set.id] = {
      id: set.id,
      price: set.price,
      discount: formatMoney(discount),
      nominal: formatMoney(price - discount),
      promocode: winner ? winner.ref.id : null,
    };
  }

  let price = 0;
  let discount = 0;
  let nominal = 0;
  let extra = 0;
  for (const ticket of order.tickets) {
    const ticketPrice = parseMoney(ticket.price);
    const winner = winners.get(ticket.set) ?? null;
    const ticketDiscountCents = winner ? ticketDiscount(winner, ticketPrice) : 0;
    const ticketExtra = parseMoney(ticket.extra);
    setTicketValues(ticket, ticketDiscountCents, ticketPrice - ticketDiscountCents, ticketExtra);
    price += ticketPrice;
    discount += ticketDiscountCents;
    nominal += ticketPrice - ticketDiscountCents;
    extra += ticketExtra;
  }

  order.values = {
    price: formatMoney(price),
    nominal: formatMoney(nominal),
    discount: formatMoney(discount),
    extra: formatMoney(extra),
    full: formatMoney(nominal + extra),
    sets_values: setsValues,
    viral_promocodes: [],
  };
}

function setTicketValues(ticket: Ticket, discount: Cents, nominal: Cents, extra: Cents): void {
  ticket.discount = formatMoney(discount);
  ticket.nominal = formatMoney(nominal);
  ticket.full = formatMoney(nominal + extra);
}
