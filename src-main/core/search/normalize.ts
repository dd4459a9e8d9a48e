// The one text normaliser of search: the index and the query must fold text the same way, or a
// clerk's `елка` would miss a customer stored as `Ёлкина`. Pure, no Node imports.

/**
 * Folds what FTS5's unicode61 tokenizer does not: compatibility forms (full-width digits a scanner
 * or an IME may type, decomposed `й`) and `ё`→`е`, which Russians write interchangeably.
 * Case is lowered here too, so the compact tokens built from it match unicode61's folding.
 */
export function foldForSearch(text: string): string {
  // Most of what is indexed (emails, numbers, Latin names) is ASCII, which NFKC leaves as it is:
  // skipping it there halves the cost of indexing an order.
  if (ASCII_ONLY.test(text)) return text.toLowerCase();
  return text.normalize('NFKC').toLowerCase().replaceAll('ё', 'е');
}

/** Printable ASCII (tabs and newlines take the slow path, which is still right). */
const ASCII_ONLY = /^[ -~]*$/;

const WORD = /[\p{L}\p{N}]+/gu;

/** A token longer than this is junk for search purposes: index and query both cut it here, so they still agree. */
export const MAX_TOKEN = 64;

/**
 * Splits folded text into words of letters and digits only. Everything else (quotes, `*`, `-`,
 * brackets, emoji, `@`, `.`) is a separator, which is what makes a word safe to quote inside an FTS5
 * query: it can never contain `"` or an operator.
 */
export function wordsOf(folded: string): string[] {
  return folded.match(WORD) ?? [];
}

export function digitsOf(text: string): string {
  return text.replace(/\D+/g, '');
}
