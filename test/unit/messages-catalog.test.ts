import { describe, expect, it } from 'vitest';
import { fieldError, fill, format, kindOf, localize } from '../../src-main/core/messages/catalog.ts';
import { en } from '../../src-main/core/messages/en.ts';
import { ru } from '../../src-main/core/messages/ru.ts';

/** `{name}` and `{name, plural, …}` both name a parameter; the forms inside a plural are not parameters. */
const placeholders = (text: string): string[] =>
  [...new Set([...text.matchAll(/\{(\w+)(?:\}|, plural)/g)].map((m) => m[1]!))].sort();

describe('the message catalog', () => {
  it('has every English string in Russian, and nothing Russian-only', () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
  });

  it('keeps the same placeholders in both languages, so no value is lost in translation', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect({ key, placeholders: placeholders(ru[key]) }).toEqual({ key, placeholders: placeholders(en[key]) });
    }
  });

  it('has no empty string in either language', () => {
    for (const catalog of [en, ru]) {
      for (const [key, text] of Object.entries(catalog)) expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
    }
  });

  it('picks Russian plural forms through Intl.PluralRules: 1 символ, 2 символа, 5 символов, 11 символов, 21 символ', () => {
    const said = [1, 2, 5, 11, 21, 64].map((limit) => format('ru', 'error.too_long', { limit, actual: 0 }));
    expect(said.map((text) => text.replace(/ \(.*$/, ''))).toEqual([
      'Максимум 1 символ',
      'Максимум 2 символа',
      'Максимум 5 символов',
      'Максимум 11 символов',
      'Максимум 21 символ',
      'Максимум 64 символа',
    ]);
    expect(format('en', 'error.too_long', { limit: 1, actual: 3 })).toBe('At most 1 character (you have 3)');
    expect(format('en', 'error.too_long', { limit: 64, actual: 65 })).toBe('At most 64 characters (you have 65)');
  });

  it('renders a parameter that is itself a message in the same language', () => {
    expect(localize('error.not_a_string', { got: kindOf([1]) })).toEqual({
      en: 'Must be text (got a list)',
      ru: 'Нужен текст (получено: список)',
    });
    expect(fieldError('q', 'not_a_string', { got: kindOf(3) })).toEqual({
      path: 'q',
      code: 'not_a_string',
      message: { en: 'Must be text (got a number)', ru: 'Нужен текст (получено: число)' },
    });
  });

  it('leaves a parameter nobody gave visible instead of dropping it', () => {
    expect(fill('en', 'Order {number} of {total}', { number: 7 })).toBe('Order 7 of {total}');
    expect(fill('en', '{n, plural, one {# file} other {# files}}')).toBe('{n, plural, one {# file} other {# files}}');
  });
});
