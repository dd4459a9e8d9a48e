// Turns whatever the clerk typed (or a barcode scanner sent) into FTS5 MATCH expressions that cannot
// fail. Pure. We never hand user text to FTS5's query parser: we cut it into words of letters and
// digits ourselves and quote each one, so `"`, `*`, `-`, `AND`, `NEAR(`, brackets and emoji are either
// separators or harmless quoted words. `AND`/`OR`/`NOT` are only operators when unquoted.
import { MAX_TOKEN, foldForSearch, wordsOf } from './normalize.ts';

/** More words than this add nothing to finding one order, only cost. */
export const MAX_QUERY_WORDS = 8;
/** Enough for any name, email or barcode; 10 000 pasted characters are cut here before any work. */
const MAX_QUERY_CHARS = 256;
/** A national phone number without its country prefix: `+7 999…`, `8 999…` and `999…` all end the same. */
const NATIONAL_PHONE_DIGITS = 10;

export interface SearchPlan {
  /** Prefix match of every word over the whole index, or null when the text has nothing searchable. */
  match: string | null;
  /** Exact match of the text as one code (order/ticket number, barcode) in the `codes` column, or null. */
  exactCode: string | null;
}

export function planSearch(userText: string): SearchPlan {
  const text = userText.slice(0, MAX_QUERY_CHARS);
  const words = wordsOf(foldForSearch(text))
    .slice(0, MAX_QUERY_WORDS)
    .map((word) => word.slice(0, MAX_TOKEN));
  if (words.length === 0) return { match: null, exactCode: null };

  // The words run together: an email, a phone or a barcode typed with punctuation (`ivan.p@ma`,
  // `123-45-76`, `4600-12`) is indexed as one token too (search/index-text.ts).
  const compact = words.join('').slice(0, MAX_TOKEN);
  // One character is the first keystroke, not a search: as a prefix it would match most of the
  // cache (there is no one-letter prefix index). Only an exact one-character token matches.
  if (compact.length === 1) return { match: quote(compact), exactCode: `codes : ${quote(compact)}` };
  const alternatives: string[] = [];
  const digitsOnly = /^\d+$/.test(compact);
  if (/\d/.test(compact) || text.includes('@')) {
    // A phone, an email or a code (`SHOP-4711`, `4600-12`): the run-together token says it all, and
    // its pieces (`07`, `ru`, `shop`) would each match a large part of the cache for nothing.
    alternatives.push(prefix(compact));
    if (digitsOnly && compact.length > NATIONAL_PHONE_DIGITS) alternatives.push(prefix(compact.slice(-NATIONAL_PHONE_DIGITS)));
  } else {
    // Every word is a prefix (`ив смир` finds Иван Смирнов). A lone letter next to real words is an
    // initial (`Смирнов И.`): as a prefix it would match half the cache and narrow nothing.
    const meaningful = words.filter((word) => word.length > 1);
    const required = meaningful.length > 0 ? meaningful : words;
    alternatives.push(required.length > 1 ? `(${required.map(prefix).join(' ')})` : prefix(required[0] ?? compact));
    if (words.length > 1) alternatives.push(prefix(compact));
  }
  // Numbers and barcodes are what gets typed or scanned exactly; names never hold digits.
  const exactCode = /\d/.test(compact) ? `codes : ${quote(compact)}` : null;
  return { match: alternatives.join(' OR '), exactCode };
}

function prefix(word: string): string {
  return `${quote(word)}*`;
}

/** Words hold letters and digits only, so quoting cannot be broken out of; the check guards that invariant. */
function quote(word: string): string {
  if (word.includes('"')) throw new Error(`search word with a quote: ${word}`);
  return `"${word}"`;
}
