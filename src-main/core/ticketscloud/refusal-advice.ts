// What the clerk should do about a failed edit whose reason the app knows: each of the four 400s
// Ticketscloud answers a status change with ("Finishing and cancelling" in ../shared/ticketscloud-api.md),
// and the engine's own "the reservation ended before this change could be sent". The edit keeps the
// words as its error (the server's, or the engine's in English, like a log); this names the advice shown
// next to them, in the clerk's language. Node-free: the renderer reads it.
import type { MessageKey } from '../messages/catalog.ts';

const REFUSALS: readonly { pattern: RegExp; advice: MessageKey }[] = [
  // The real service spells "сontact" with a Cyrillic "с": match the words around it, not that letter.
  { pattern: /^not enough money\b/i, advice: 'statusRefusal.not_enough_money' },
  { pattern: /^there is no tickets in order$/i, advice: 'statusRefusal.no_tickets' },
  { pattern: /^incorrect status \S+ for this operation$/i, advice: 'statusRefusal.incorrect_status' },
  { pattern: /^order \S+ is not cancellable$/i, advice: 'statusRefusal.not_cancellable' },
  { pattern: /^the reservation ended at .* before this change could be sent/i, advice: 'statusRefusal.reservation_ended' },
];

/** The engine's reason for an edit it did not send because the order's reservation had ended. */
export function reservationEndedBeforeSending(time: string): string {
  return `The reservation ended at ${time} before this change could be sent: Ticketscloud takes no change to the order any more`;
}

/** The advice for a failed edit's error ("a; b" when the server gave several texts), or null. */
export function refusalAdvice(error: string | null): MessageKey | null {
  for (const text of (error ?? '').split(';')) {
    const found = REFUSALS.find(({ pattern }) => pattern.test(text.trim()));
    if (found) return found.advice;
  }
  return null;
}
