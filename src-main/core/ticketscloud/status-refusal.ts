// What the clerk should do about each of the four 400s Ticketscloud answers a status change with
// ("Finishing and cancelling" in ../shared/ticketscloud-api.md). The edit keeps the server's own words
// as its error; this names the advice shown next to them, in the clerk's language. Node-free: the
// renderer reads it.
import type { MessageKey } from '../messages/catalog.ts';

const REFUSALS: readonly { pattern: RegExp; advice: MessageKey }[] = [
  // The real service spells "сontact" with a Cyrillic "с": match the words around it, not that letter.
  { pattern: /^not enough money\b/i, advice: 'statusRefusal.not_enough_money' },
  { pattern: /^there is no tickets in order$/i, advice: 'statusRefusal.no_tickets' },
  { pattern: /^incorrect status \S+ for this operation$/i, advice: 'statusRefusal.incorrect_status' },
  { pattern: /^order \S+ is not cancellable$/i, advice: 'statusRefusal.not_cancellable' },
];

/** The advice for a failed status change's error ("a; b" when the server gave several texts), or null. */
export function statusRefusalAdvice(error: string | null): MessageKey | null {
  for (const text of (error ?? '').split(';')) {
    const found = REFUSALS.find(({ pattern }) => pattern.test(text.trim()));
    if (found) return found.advice;
  }
  return null;
}
