// What of an order the search index holds, as two texts for the FTS5 table's two columns.
// Pure: the merge path calls it with the server's order, which is untrusted data, so every field is
// read defensively (a missing or oddly typed field contributes nothing, never throws).
import { MAX_TOKEN, compactOf, digitsOf, foldForSearch, wordsOf } from './normalize.ts';

export interface IndexText {
  /** Exact identifiers: order number, ticket numbers, barcodes, ticket serials (each compacted to one token). */
  codes: string;
  /** Everything found by prefix: customer name, email parts, phone digit tails, vendor order id, promocodes. */
  words: string;
}

/** Shortest phone tail indexed: shorter digit runs would match too many unrelated numbers. */
const MIN_PHONE_TAIL = 4;
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
    addCode(codes, t.serial);
  }

  const customer = asRecord(asRecord(root.settings).customer);
  addWords(words, customer.name);
  addEmail(words, customer.email);
  addPhone(words, customer.phone);
  const vendorOrderId = asRecord(root.vendor_data).order_id;
  addWords(words, vendorOrderId);
  addCompact(words, vendorOrderId);
  for (const code of promocodeCodes) {
    addWords(words, code);
    addCompact(words, code);
  }

  return { codes: [...codes].join(' '), words: [...words].join(' ') };
}

function addCode(into: Set<string>, value: unknown): void {
  if (typeof value === 'number' && Number.isFinite(value)) into.add(String(value));
  else addCompact(into, value);
}

function addWords(into: Set<string>, value: unknown): void {
  if (typeof value !== 'string') return;
  for (const word of wordsOf(foldForSearch(value))) into.add(word.slice(0, MAX_TOKEN));
}

/** The whole value as one token, so `ab-12/3` is found by typing it with or without its punctuation. */
function addCompact(into: Set<string>, value: unknown): void {
  if (typeof value !== 'string') return;
  const compact = compactOf(foldForSearch(value)).slice(0, MAX_TOKEN);
  if (compact) into.add(compact);
}

/** `ivan.petrov@mail.ru`: its words (`ivan`, `petrov`, `mail`, `ru`), the local part and the whole address run together. */
function addEmail(into: Set<string>, value: unknown): void {
  if (typeof value !== 'string') return;
  addWords(into, value);
  addCompact(into, value);
  const at = value.lastIndexOf('@');
  if (at > 0) addCompact(into, value.slice(0, at));
}

/**
 * Every tail of the phone's digits (down to MIN_PHONE_TAIL): a prefix query on a tail is a substring
 * match, so `123-45-76`, `9991234576` and `+7 999 123 45 76` all find `+7 (999) 123-45-76`.
 */
function addPhone(into: Set<string>, value: unknown): void {
  if (typeof value !== 'string') return;
  const digits = digitsOf(foldForSearch(value)).slice(-MAX_PHONE_DIGITS);
  for (let start = 0; digits.length - start >= MIN_PHONE_TAIL; start++) into.add(digits.slice(start));
  if (digits.length > 0 && digits.length < MIN_PHONE_TAIL) into.add(digits);
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
