// What Enter in the search box opens. A clerk (or a barcode scanner, which types fast and presses
// Enter) expects an exact order number, ticket number or barcode to open its order with no click.
import type { SearchResultDto } from '../../src-main/core/contract.ts';

/** Digits only, at least 4: a ticket number, a barcode, a phone — the search ranks exact matches first. */
const CODE_LIKE = /^\d{4,}$/;

export function pickOnEnter(query: string, results: readonly SearchResultDto[]): SearchResultDto | null {
  const typed = query.trim();
  if (typed === '' || results.length === 0) return null;
  const exactNumber = results.find((result) => String(result.number) === typed);
  if (exactNumber) return exactNumber;
  if (CODE_LIKE.test(typed)) return results[0] ?? null;
  return results.length === 1 ? (results[0] ?? null) : null;
}
