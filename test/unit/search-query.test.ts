import { describe, expect, it } from 'vitest';
import { indexTextOf } from '../../src-main/core/search/index-text.ts';
import { foldForSearch } from '../../src-main/core/search/normalize.ts';
import { MAX_QUERY_WORDS, planSearch } from '../../src-main/core/search/query.ts';

/** What a plan may contain: quoted words of letters and digits (optionally `*`), brackets, OR, a column filter. */
const SAFE_FTS = /^(?:\s|\(|\)|OR|codes :|"[\p{L}\p{N}]+"\*?)*$/u;

const HOSTILE = [
  '"',
  '""',
  '"unterminated',
  '*',
  '***',
  '-',
  '-ivan',
  'ivan AND',
  'AND OR NOT',
  'NEAR(',
  'NEAR(ivan petrov, 2)',
  '(ivan',
  ')',
  '{codes}: 123',
  'codes : 1',
  'col:umn',
  '^ivan',
  '+',
  "'; DROP TABLE orders; --",
  '🎫🎟️',
  '👨‍👩‍👧',
  '\u0000\u0001',
  '\u200b',
  'x'.repeat(10_000),
  'иван '.repeat(2_000),
];

describe('planSearch: whatever the clerk types becomes a query FTS5 cannot reject', () => {
  it.each(HOSTILE)('%j gives only quoted words and operators we wrote', (text) => {
    const plan = planSearch(text);
    for (const expression of [plan.match, plan.exactCode]) {
      if (expression !== null) expect(expression).toMatch(SAFE_FTS);
    }
  });

  it('finds nothing to search in punctuation, emoji or blank text', () => {
    for (const text of ['', '   ', '"*"', '-()', '🎫', '\u200b']) expect(planSearch(text).match).toBeNull();
  });

  it('keeps FTS operators typed by the clerk as plain words', () => {
    expect(planSearch('ivan AND petrov').match).toBe('("ivan"* "and"* "petrov"*) OR "ivanandpetrov"*');
    expect(planSearch('NEAR(').match).toBe('"near"*');
  });

  it(`uses at most ${MAX_QUERY_WORDS} words of a pasted wall of text`, () => {
    const plan = planSearch('иван '.repeat(2_000));
    const words = plan.match?.match(/"иван"\*/g) ?? [];
    expect(words.length).toBe(MAX_QUERY_WORDS);
  });

  it('folds case and ё to е, so Ёлка and елка are the same search', () => {
    expect(planSearch('Ёлка').match).toBe(planSearch('елка').match);
    expect(planSearch('IVAN').match).toBe('"ivan"*');
  });

  it('reads a phone in any formatting as its digits, and an 11-digit phone also as its national 10 digits', () => {
    expect(planSearch('123-45-76').match).toBe('"1234576"*');
    expect(planSearch('+7 (999) 123-45-76').match).toBe('"79991234576"* OR "9991234576"*');
    expect(planSearch('8 999 123 45 76').match).toBe('"89991234576"* OR "9991234576"*');
  });

  it('reads an email as one run-together token, not as its common pieces like "ru"', () => {
    expect(planSearch('ivan.petrov@mail.ru').match).toBe('"ivanpetrovmailru"*');
  });

  it('reads a code with letters and digits (vendor order id, promocode) as one token, not as its common pieces like "shop"', () => {
    expect(planSearch('SHOP-4711').match).toBe('"shop4711"*');
  });

  it('asks for an exact code only when the text holds digits (numbers and barcodes)', () => {
    expect(planSearch('4600-0000-1234').exactCode).toBe('codes : "460000001234"');
    expect(planSearch('иван').exactCode).toBeNull();
  });

  it('treats a lone first keystroke as an exact one-character token, not a prefix of everything', () => {
    expect(planSearch('и').match).toBe('"и"');
  });

  it('drops an initial next to real words (Смирнов И.) instead of matching every word that starts with it', () => {
    expect(planSearch('Смирнов И.').match).toBe('"смирнов"* OR "смирнови"*');
  });
});

describe('indexTextOf: what of an order is searchable', () => {
  const order = {
    id: 'a'.repeat(24),
    number: 100_123,
    settings: { customer: { name: 'Алёна Ёлкина', email: 'Alyona.Yolkina@Mail.ru', phone: '+7 (999) 123-45-76' } },
    vendor_data: { order_id: 'SHOP-77' },
    tickets: [
      { number: 1_000_001, barcode: '4600-0000-1234' },
      { number: 1_000_002, barcode: null },
    ],
  };

  it('puts the order number, ticket numbers and barcodes (without punctuation) in the exact codes', () => {
    expect(indexTextOf(order, []).codes.split(' ')).toEqual(['100123', '1000001', '460000001234', '1000002']);
  });

  it('indexes names folded, email pieces and the whole address, phone tails, vendor id and promocodes as codes', () => {
    const words = indexTextOf(order, ['summer25']).words.split(' ');
    expect(words).toEqual([
      'алена', 'елкина',
      'alyona', 'yolkina', 'mail', 'ru', 'alyonayolkinamailru',
      '79991234576', '9991234576', '1234576', '4576',
      'shop77',
      'summer25',
    ]);
  });

  it('leaves out one-letter initials, which no search asks for', () => {
    expect(indexTextOf({ settings: { customer: { name: 'Смирнов И. П.' } } }, []).words).toBe('смирнов');
  });

  it('indexes nothing it cannot read instead of failing on a malformed order', () => {
    for (const odd of [null, 42, 'order', [], { settings: null, tickets: 'many', vendor_data: [] }, { number: Number.NaN }]) {
      expect(indexTextOf(odd, [])).toEqual({ codes: '', words: '' });
    }
  });

  it('folds ё and compatibility forms the same way for the index and the query', () => {
    expect(foldForSearch('ЁЛКА')).toBe('елка');
    expect(foldForSearch('１２３')).toBe('123');
  });
});
