// What of an order the search index holds, as two texts for the FTS5 table's two columns.
// Pure: the merge path calls it with the server's order, which is untrusted data, so every field is
// read defensively (a missing or oddly typed field contributes nothing, never throws).
import { MAX_TOKEN, digitsOf, foldForSearch, wordsOf } from './normalize.ts';

export interface IndexText {
  /** Exact identifiers: order number, ticket numbers, barcodes (each compacted to one token). */
  codes: string;
  /** Everything found by prefix: customer name, email parts, phone digit tails, vendor order id, promocodes. */
  words: string;
}

/** National number, local number, last four: the phone tails clerks type (see addPhone). */
const PHONE_TAILS = [10, 7, 4] as const;
/** E.164 numbers have at most 15 digits; anything longer is not a phone, keep its end. */
const MAX_PHONE_DIGITS = 15;

export function indexTextOf(order: unknown, promocodeCodes: readonly string[]): IndexText {
  const codes = new Set<string>();
  const words = new Set<string>();
  const root = asRecord(order);

  addCode(codes, root.number);
  for (const ticket of asArray(root.tickets)) {
    const t = asRecord(ticket);
    addCode(codes, t.number);
    addCode(codes, t.barcode);
  }

  const customer = asRecord(asRecord(root.settings).customer);
  addWords(words, customer.name);
  addEmail(words, customer.email);
  addPhone(words, customer.phone);
  // Codes are searched as one run-together token (search/query.ts): `SHOP-4711`, `summer25`.
  addCode(words, asRecord(root.vendor_data).order_id);
  for (const code of promocodeCodes) addCode(words, code);

  return { codes: [...codes].join(' '), words: [...words].join(' ') };
}

/** A number as it is; a string as one token of its letters and digits (`4600-0000-1234` → `460000001234`). */
function addCode(into: Set<string>, value: unknown): void {
  if (typeof value === 'number' && Number.isFinite(value)) into.add(String(value));
  else if (typeof value === 'string') addCompact(into, wordsOf(foldForSearch(value)));
}

/**
 * Each word of two letters or more. A one-letter word (an initial, `Смирнов И.`) is never searched:
 * the query drops it next to other words, and alone it is a first keystroke, not a search.
 */
function addWords(into: Set<string>, value: unknown): string[] {
  if (typeof value !== 'string') return [];
  const words = wordsOf(foldForSearch(value));
  for (const word of words) if (word.length > 1) into.add(word.slice(0, MAX_TOKEN));
  return words;
}

function addCompact(into: Set<string>, words: readonly string[]): void {
  const compact = words.join('').slice(0, MAX_TOKEN);
  if (compact) into.add(compact);
}

/**
 * `ivan.petrov@mail.ru`: its words (`ivan`, `petrov`, `mail`, `ru`) for "ivan pe" or "mail.ru", and the
 * whole address run together for anything typed with `@` (`ivan.petrov@ma` is a prefix of it).
 */
function addEmail(into: Set<string>, value: unknown): void {
  addCompact(into, addWords(into, value));
}

/**
 * The phone's digits and the tails a clerk types: the national number (10 digits, whatever the
 * country prefix: `+7`, `8`), the local 7-digit number and the last 4 digits. A prefix query on these
 * finds `+7 (999) 123-45-76` by `123-45-76`, `9991234576`, `8 999 123…`, `+7 999 123 45 76` or `4576`.
 * Only these tails, not every one: each token costs index space and import time.
 */
function addPhone(into: Set<string>, value: unknown): void {
  if (typeof value !== 'string') return;
  const digits = digitsOf(foldForSearch(value)).slice(-MAX_PHONE_DIGITS);
  if (digits.length === 0) return;
  into.add(digits);
  for (const tail of PHONE_TAILS) if (digits.length > tail) into.add(digits.slice(-tail));
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
