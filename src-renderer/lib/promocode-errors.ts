// Turns Ticketscloud's promocode errors (English `msg`, stable `code`) into what the clerk should read
// and do, in the interface language. Unknown codes show the server's own text.
import type { EditDto, PromocodeError } from '../../src-main/core/contract.ts';
import type { MessageKey } from '../../src-main/core/messages/catalog.ts';

export interface PromocodeAdvice {
  key: MessageKey;
  params: Record<string, string | number>;
}

/** "Minimum count of tickets in order for promocode activation is 3" → 3. */
export function minimumTickets(msg: string): number | null {
  const match = /(\d+)/.exec(msg);
  return match ? Number(match[1]) : null;
}

export function promocodeAdvice(error: PromocodeError): PromocodeAdvice {
  switch (error.code) {
    case 'promocode_not_found':
      return { key: 'promo.err.promocode_not_found', params: {} };
    case 'promocode_already_used':
      return { key: 'promo.err.promocode_already_used', params: {} };
    case 'promocode_limit_min_tickets': {
      const n = minimumTickets(error.msg);
      return n === null
        ? { key: 'promo.err.promocode_limit_min_tickets_unknown', params: {} }
        : { key: 'promo.err.promocode_limit_min_tickets', params: { n } };
    }
    case 'promocode_apply_info':
      return { key: 'promo.err.promocode_apply_info', params: {} };
    default:
      return { key: 'promo.err.unknown', params: { msg: error.msg } };
  }
}

/**
 * The errors to show next to one code of one edit. Ticketscloud's errors do not name the code they are
 * about; each edit carries the codes of one clerk action only, so when as many of its codes failed as
 * errors came back they pair up in order, otherwise every failed code of that action shows every error.
 * A code that is on the order now (`appliedCodes`, lower case) shows none, nor does an edit not yet answered.
 */
export function errorsForCode(edit: EditDto, code: string, appliedCodes: ReadonlySet<string>): PromocodeError[] {
  if (edit.state !== 'synced' || appliedCodes.has(code.toLowerCase())) return [];
  const failed = (edit.body.promocodes ?? []).filter((c) => !appliedCodes.has(c.toLowerCase()));
  const errors = edit.promocode_errors;
  if (failed.length === errors.length) {
    const paired = errors[failed.indexOf(code)];
    return paired ? [paired] : [];
  }
  return errors;
}
