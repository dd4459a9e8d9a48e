import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FieldError } from '../../src-main/core/contract.ts';
import { EDIT_ERROR_CODES } from '../../src-main/core/edits/messages.ts';
import { fieldError } from '../../src-main/core/messages/catalog.ts';
import {
  EDIT_LIMITS,
  normalizePhone,
  validateEdit,
  validateField,
  validateRawEntry,
  type EditIntent,
} from '../../src-main/core/edits/schema.ts';

function accepted(input: unknown): EditIntent {
  const result = validateEdit(input);
  if (!result.ok) throw new Error(`expected the edit to be accepted, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

function rejected(input: unknown): FieldError[] {
  const result = validateEdit(input);
  if (result.ok) throw new Error(`expected the edit to be rejected, got ${JSON.stringify(result.value)}`);
  expect(result.status).toBe(422);
  return result.errors;
}

const customer = (fields: Record<string, unknown>) => ({ settings: { customer: fields } });
const vendor = (fields: Record<string, unknown>) => ({ vendor_data: fields });
const raw = (entries: Record<string, unknown>) => ({ vendor_data: { raw: entries } });
const keys = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`key${i}`, `value${i}`]));
const codes = (count: number) => Array.from({ length: count }, (_, i) => `CODE${i}`);

describe('an edit the clerk may save is accepted and normalised', () => {
  const cases: [string, unknown, unknown][] = [
    ['a customer name is trimmed', customer({ name: '  Иван Петров ' }), customer({ name: 'Иван Петров' })],
    ['a name of exactly 200 characters', customer({ name: 'я'.repeat(200) }), customer({ name: 'я'.repeat(200) })],
    ['200 emoji are 200 characters, not 400', customer({ name: '😀'.repeat(200) }), customer({ name: '😀'.repeat(200) })],
    ['an email is trimmed and its domain lower-cased', customer({ email: ' Ivan.Petrov@Example.COM ' }), customer({ email: 'Ivan.Petrov@example.com' })],
    ['a Cyrillic email domain', customer({ email: 'иван@почта.рф' }), customer({ email: 'иван@почта.рф' })],
    ['the seed phone example', customer({ phone: '+7 (999) 123-45-76' }), customer({ phone: '+79991234576' })],
    ['a Russian 8-prefixed phone with spaces', customer({ phone: '8 999 123 45 76' }), customer({ phone: '+79991234576' })],
    ['a Russian 8-prefixed phone as bare digits', customer({ phone: '89991234576' }), customer({ phone: '+79991234576' })],
    ['a phone with dots', customer({ phone: '+1.415.555.2671' }), customer({ phone: '+14155552671' })],
    ['a phone of 10 digits', customer({ phone: '(999) 123-4576' }), customer({ phone: '+9991234576' })],
    ['a phone of 15 digits', customer({ phone: '+123 456 789 012 345' }), customer({ phone: '+123456789012345' })],
    ['a +8 phone is not taken for a Russian one', customer({ phone: '+8 999 123 45 76' }), customer({ phone: '+89991234576' })],
    ['lang en', customer({ lang: 'en' }), customer({ lang: 'en' })],
    ['lang ru', customer({ lang: 'ru' }), customer({ lang: 'ru' })],
    ['send_tickets true', { settings: { send_tickets: true } }, { settings: { send_tickets: true } }],
    ['send_tickets false is an action, not nothing', { settings: { send_tickets: false } }, { settings: { send_tickets: false } }],
    ['a vendor order_id of exactly 64 characters', vendor({ order_id: 'x'.repeat(64) }), vendor({ order_id: 'x'.repeat(64) })],
    ['an empty vendor order_id clears it', vendor({ order_id: '' }), vendor({ order_id: '' })],
    ['exactly 20 raw keys', raw(keys(20)), raw(keys(20))],
    ['a raw key of exactly 40 characters', raw({ ['k'.repeat(40)]: 'v' }), raw({ ['k'.repeat(40)]: 'v' })],
    ['a raw value of exactly 128 characters', raw({ note: 'ж'.repeat(128) }), raw({ note: 'ж'.repeat(128) })],
    ['a raw number becomes its string form', raw({ count: 3 }), raw({ count: '3' })],
    ['a raw decimal becomes its string form', raw({ ratio: 1.5 }), raw({ ratio: '1.5' })],
    ['a raw boolean becomes its string form', raw({ vip: true, paid: false }), raw({ vip: 'true', paid: 'false' })],
    ['a raw null is kept: it removes the key', raw({ old: null }), raw({ old: null })],
    ['promocodes are trimmed', { promocodes: ['  PROMO100 '] }, { promocodes: ['PROMO100'] }],
    ['promocodes are deduplicated ignoring case, first spelling kept', { promocodes: ['PROMO100', 'promo100', 'Spring', 'SPRING'] }, { promocodes: ['PROMO100', 'Spring'] }],
    ['exactly 20 promocodes', { promocodes: codes(20) }, { promocodes: codes(20) }],
    ['21 promocodes that are 20 once deduplicated', { promocodes: [...codes(20), 'code0'] }, { promocodes: codes(20) }],
    ['a promocode of exactly 64 characters', { promocodes: ['P'.repeat(64)] }, { promocodes: ['P'.repeat(64)] }],
    ['empty parts next to a real action are dropped', { settings: { customer: {} }, vendor_data: { raw: {} }, promocodes: ['A'] }, { promocodes: ['A'] }],
  ];

  it.each(cases)('%s', (_name, input, expected) => {
    expect(accepted(input)).toEqual(expected);
  });

  it('keeps every field of a full edit', () => {
    const edit = {
      settings: { customer: { name: 'Anna', email: 'anna@example.com', phone: '+79991234576', lang: 'en' }, send_tickets: true },
      vendor_data: { order_id: 'V-1', raw: { note: 'aisle', gone: null } },
      promocodes: ['PROMO100'],
    };
    expect(accepted(edit)).toEqual(edit);
  });
});

describe('an edit that breaks a rule is refused with the field, a stable code and the reason', () => {
  const cases: [string, unknown, string, string][] = [
    // customer.name
    ['an empty name', customer({ name: '' }), 'settings.customer.name', 'empty'],
    ['a name of spaces only', customer({ name: '   ' }), 'settings.customer.name', 'empty'],
    ['a name of 201 characters', customer({ name: 'я'.repeat(201) }), 'settings.customer.name', 'too_long'],
    ['a number as name', customer({ name: 42 }), 'settings.customer.name', 'not_a_string'],
    ['null as name', customer({ name: null }), 'settings.customer.name', 'not_a_string'],
    // customer.email
    ['an email without @', customer({ email: 'ivan.example.com' }), 'settings.customer.email', 'invalid_email'],
    ['an email without a dot in the domain', customer({ email: 'ivan@example' }), 'settings.customer.email', 'invalid_email'],
    ['an email with a space', customer({ email: 'iv an@example.com' }), 'settings.customer.email', 'invalid_email'],
    ['an email with two @', customer({ email: 'ivan@@example.com' }), 'settings.customer.email', 'invalid_email'],
    ['an email with an empty domain label', customer({ email: 'ivan@example..com' }), 'settings.customer.email', 'invalid_email'],
    ['an empty email', customer({ email: ' ' }), 'settings.customer.email', 'empty'],
    ['an email of 255 characters', customer({ email: `${'a'.repeat(243)}@example.com` }), 'settings.customer.email', 'too_long'],
    ['an email as a list', customer({ email: ['a@b.ru'] }), 'settings.customer.email', 'not_a_string'],
    // customer.phone
    ['a phone of 9 digits', customer({ phone: '999 123 45 7' }), 'settings.customer.phone', 'phone_digit_count'],
    ['a phone of 16 digits', customer({ phone: '+1234 5678 9012 3456' }), 'settings.customer.phone', 'phone_digit_count'],
    ['a phone with letters', customer({ phone: '+7 999 CALL-ME' }), 'settings.customer.phone', 'invalid_phone'],
    ['a phone with a + in the middle', customer({ phone: '7+9991234576' }), 'settings.customer.phone', 'invalid_phone'],
    ['a phone with an extension', customer({ phone: '+7 999 123 45 76 ext 5' }), 'settings.customer.phone', 'invalid_phone'],
    ['an empty phone', customer({ phone: '' }), 'settings.customer.phone', 'empty'],
    ['a phone as a number', customer({ phone: 79991234576 }), 'settings.customer.phone', 'not_a_string'],
    // customer.lang
    ['lang in capitals', customer({ lang: 'EN' }), 'settings.customer.lang', 'invalid_lang'],
    ['lang de', customer({ lang: 'de' }), 'settings.customer.lang', 'invalid_lang'],
    ['an empty lang', customer({ lang: '' }), 'settings.customer.lang', 'invalid_lang'],
    ['lang as a number', customer({ lang: 1 }), 'settings.customer.lang', 'invalid_lang'],
    // send_tickets
    ['send_tickets as the text "true"', { settings: { send_tickets: 'true' } }, 'settings.send_tickets', 'not_a_boolean'],
    ['send_tickets as 1', { settings: { send_tickets: 1 } }, 'settings.send_tickets', 'not_a_boolean'],
    ['send_tickets as null', { settings: { send_tickets: null } }, 'settings.send_tickets', 'not_a_boolean'],
    // vendor_data.order_id
    ['a vendor order_id of 65 characters', vendor({ order_id: 'x'.repeat(65) }), 'vendor_data.order_id', 'too_long'],
    ['a vendor order_id as a number', vendor({ order_id: 12345 }), 'vendor_data.order_id', 'not_a_string'],
    // vendor_data.raw
    ['21 raw keys', raw(keys(21)), 'vendor_data.raw', 'too_many_keys'],
    ['a raw key of 41 characters', raw({ ['k'.repeat(41)]: 'v' }), `vendor_data.raw.${'k'.repeat(41)}`, 'key_too_long'],
    ['an empty raw key', raw({ '': 'v' }), 'vendor_data.raw.', 'empty_key'],
    ['a raw value of 129 characters', raw({ note: 'ж'.repeat(129) }), 'vendor_data.raw.note', 'too_long'],
    ['a raw value that is an object', raw({ nested: { a: 1 } }), 'vendor_data.raw.nested', 'invalid_raw_value'],
    ['a raw value that is a list', raw({ list: ['a'] }), 'vendor_data.raw.list', 'invalid_raw_value'],
    ['raw as a list', vendor({ raw: [['a', 'b']] }), 'vendor_data.raw', 'not_an_object'],
    ['raw as text', vendor({ raw: 'a=b' }), 'vendor_data.raw', 'not_an_object'],
    ['a raw key "constructor"', { vendor_data: { raw: JSON.parse('{"constructor":"x"}') as unknown } }, 'vendor_data.raw.constructor', 'reserved_key'],
    ['a raw key "__proto__"', { vendor_data: { raw: JSON.parse('{"__proto__":"x"}') as unknown } }, 'vendor_data.raw.__proto__', 'reserved_key'],
    // promocodes
    ['promocodes as one text', { promocodes: 'PROMO100' }, 'promocodes', 'not_a_list'],
    ['an empty promocode', { promocodes: ['A', ''] }, 'promocodes.1', 'empty'],
    ['a promocode of spaces', { promocodes: ['   '] }, 'promocodes.0', 'empty'],
    ['a promocode of 65 characters', { promocodes: ['P'.repeat(65)] }, 'promocodes.0', 'too_long'],
    ['a promocode as a number', { promocodes: [100] }, 'promocodes.0', 'not_a_string'],
    ['21 distinct promocodes', { promocodes: codes(21) }, 'promocodes', 'too_many_promocodes'],
    // structure
    ['an unknown top-level field', { promocodes: ['A'], discount: 10 }, 'discount', 'unknown_field'],
    ['an unknown customer field', customer({ name: 'Anna', nickname: 'Ann' }), 'settings.customer.nickname', 'unknown_field'],
    ['an unknown settings field', { settings: { invitation: true } }, 'settings.invitation', 'unknown_field'],
    ['an unknown vendor_data field', vendor({ order_id: 'V', extra: 1 }), 'vendor_data.extra', 'unknown_field'],
    ['an unknown field named "constructor"', JSON.parse('{"constructor":1,"promocodes":["A"]}') as unknown, 'constructor', 'unknown_field'],
    ['customer as a list', { settings: { customer: [] } }, 'settings.customer', 'not_an_object'],
    ['settings as text', { settings: 'send' }, 'settings', 'not_an_object'],
    ['an edit that is a list', [{ promocodes: ['A'] }], '', 'not_an_object'],
    ['an edit that is null', null, '', 'not_an_object'],
    ['an edit that is text', '{"promocodes":["A"]}', '', 'not_an_object'],
    // nothing to do
    ['an empty edit', {}, '', 'empty_edit'],
    ['an edit of empty settings', { settings: {} }, '', 'empty_edit'],
    ['an edit of an empty customer', customer({}), '', 'empty_edit'],
    ['an edit of empty vendor data', vendor({}), '', 'empty_edit'],
    ['an edit of empty raw', raw({}), '', 'empty_edit'],
    ['an edit of no promocodes', { promocodes: [] }, '', 'empty_edit'],
  ];

  it.each(cases)('%s', (_name, input, path, code) => {
    const errors = rejected(input);
    expect(errors.map((error) => [error.path, error.code])).toEqual([[path, code]]);
    const [error] = errors;
    expect(error?.message.en).toMatch(/\S/);
    expect(error?.message.ru).toMatch(/[а-яё]/i);
    expect(error?.message.ru).not.toBe(error?.message.en);
  });
});

describe('what a refusal tells the clerk', () => {
  it('reports every wrong field at once, one error per field', () => {
    const errors = rejected({
      settings: { customer: { name: '', email: 'nope', phone: '12', lang: 'fr', age: 30 }, send_tickets: 'yes' },
      vendor_data: { order_id: 'x'.repeat(65), raw: { ...keys(20), bad: { a: 1 }, ['k'.repeat(41)]: 'v' } },
      promocodes: ['OK', ' '],
      color: 'red',
    });
    expect(errors.map((error) => [error.path, error.code]).sort()).toEqual(
      [
        ['settings.customer.name', 'empty'],
        ['settings.customer.email', 'invalid_email'],
        ['settings.customer.phone', 'phone_digit_count'],
        ['settings.customer.lang', 'invalid_lang'],
        ['settings.customer.age', 'unknown_field'],
        ['settings.send_tickets', 'not_a_boolean'],
        ['vendor_data.order_id', 'too_long'],
        ['vendor_data.raw', 'too_many_keys'],
        ['vendor_data.raw.bad', 'invalid_raw_value'],
        [`vendor_data.raw.${'k'.repeat(41)}`, 'key_too_long'],
        ['promocodes.1', 'empty'],
        ['color', 'unknown_field'],
      ].sort(),
    );
  });

  it('names every unknown field, not only the first', () => {
    const errors = rejected({ promocodes: ['A'], one: 1, two: 2, settings: { three: 3 } });
    expect(errors.map((error) => error.path).sort()).toEqual(['one', 'settings.three', 'two']);
  });

  it('says the limit and how much was typed, in English and Russian', () => {
    const [orderId] = rejected(vendor({ order_id: 'x'.repeat(65) }));
    expect(orderId?.message).toEqual({ en: 'At most 64 characters (you have 65)', ru: 'Максимум 64 символа (сейчас 65)' });
    const [tooManyKeys] = rejected(raw(keys(21)));
    expect(tooManyKeys?.message).toEqual({ en: 'At most 20 keys (you have 21)', ru: 'Максимум 20 ключей (сейчас 21)' });
    const [longKey] = rejected(raw({ ['k'.repeat(41)]: 'v' }));
    expect(longKey?.message.en).toBe('A key has at most 40 characters (this one has 41)');
    const [longValue] = rejected(raw({ note: 'v'.repeat(129) }));
    expect(longValue?.message.ru).toBe('Максимум 128 символов (сейчас 129)');
    const [phone] = rejected(customer({ phone: '123' }));
    expect(phone?.message.en).toBe('A phone number has 10 to 15 digits (you have 3)');
  });

  it('says what was sent instead of the expected type', () => {
    const [name] = rejected(customer({ name: 42 }));
    expect(name?.message).toEqual({ en: 'Must be text (got a number)', ru: 'Нужен текст (получено: число)' });
  });

  it('names the unknown field in the message', () => {
    const [unknown] = rejected({ promocodes: ['A'], discount: 10 });
    expect(unknown?.message.en).toContain('"discount"');
    expect(unknown?.message.ru).toContain('«discount»');
  });

  it('has a stable snake_case code with an English and a Russian text for every kind of error', () => {
    for (const code of EDIT_ERROR_CODES) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      const text = fieldError('x', code, { limit: 20, actual: 21, key: 'note' }).message;
      expect(text.en, code).toMatch(/\S/);
      expect(text.ru, code).toMatch(/[а-яё]/i);
    }
  });
});

describe('the size of an edit', () => {
  const base = JSON.stringify({ vendor_data: { order_id: '' } }).length;
  const ofBytes = (bytes: number) => vendor({ order_id: 'x'.repeat(bytes - base) });

  it('is not refused for size at exactly 64 KiB', () => {
    const input = ofBytes(EDIT_LIMITS.bodyBytes);
    expect(JSON.stringify(input).length).toBe(65_536);
    expect(rejected(input).map((error) => error.code)).toEqual(['too_long']);
  });

  it('is refused with one body_too_large error one byte past 64 KiB, before any field is looked at', () => {
    const errors = rejected({ ...ofBytes(EDIT_LIMITS.bodyBytes + 1), unknown: 1 });
    expect(errors.map((error) => [error.path, error.code])).toEqual([['', 'body_too_large']]);
    expect(errors[0]?.message.en).toBe('The edit is too large: at most 64 KiB (this one is 65 KiB)');
  });

  it('counts bytes, not characters: Cyrillic text takes two bytes a letter', () => {
    const errors = rejected({ promocodes: ['я'.repeat(33_000)] });
    expect(errors.map((error) => error.code)).toEqual(['body_too_large']);
  });

  it('refuses a 10 MB edit with a single error', () => {
    const errors = rejected({ promocodes: Array.from({ length: 200_000 }, (_, i) => `CODE-${i}-${'x'.repeat(40)}`) });
    expect(errors.map((error) => error.code)).toEqual(['body_too_large']);
  });

  it('refuses an edit that cannot be JSON at all', () => {
    const cyclic: Record<string, unknown> = { promocodes: ['A'] };
    cyclic.self = cyclic;
    expect(rejected(cyclic).map((error) => [error.path, error.code])).toEqual([['', 'invalid_body']]);
    expect(rejected({ promocodes: [10n] }).map((error) => error.code)).toEqual(['invalid_body']);
  });
});

describe('live checks of one form field', () => {
  it('gives the value as it will be saved', () => {
    expect(validateField('settings.customer.phone', ' +7 (999) 123-45-76 ')).toEqual({ ok: true, value: '+79991234576' });
    expect(validateField('promocodes', ['a', 'A', ' b '])).toEqual({ ok: true, value: ['a', 'b'] });
  });

  it('reports errors with the same paths and codes the whole edit would', () => {
    const email = validateField('settings.customer.email', 'nope');
    expect(email.ok ? [] : email.errors.map((error) => [error.path, error.code])).toEqual([['settings.customer.email', 'invalid_email']]);
    const rawField = validateField('vendor_data.raw', { ['k'.repeat(41)]: 'v', note: [] });
    expect(rawField.ok ? [] : rawField.errors.map((error) => [error.path, error.code])).toEqual([
      ['vendor_data.raw.note', 'invalid_raw_value'],
      [`vendor_data.raw.${'k'.repeat(41)}`, 'key_too_long'],
    ]);
  });

  it('checks one row of the raw editor, turning a number into text', () => {
    expect(validateRawEntry('count', 3)).toEqual({ ok: true, value: '3' });
    expect(validateRawEntry('old', null)).toEqual({ ok: true, value: null });
    const long = validateRawEntry('note', 'v'.repeat(129));
    expect(long.ok ? [] : long.errors.map((error) => [error.path, error.code])).toEqual([['vendor_data.raw.note', 'too_long']]);
  });

  it('normalises a phone the same way outside the schema', () => {
    expect(normalizePhone('8 (999) 123-45-76')).toBe('+79991234576');
    expect(normalizePhone('123')).toBeNull();
  });
});

describe('the validation the renderer imports', () => {
  it('pulls in no Node module, only valibot and files of its own', () => {
    const seen = new Set<string>();
    const outside = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const [, specifier] of source.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)) {
        if (specifier === undefined) continue;
        if (specifier.startsWith('.')) {
          // contract.ts is type-only (its own header says so) and is already shared with the renderer.
          if (!specifier.endsWith('contract.ts')) visit(join(dirname(file), specifier));
        } else outside.add(specifier);
      }
    };
    visit(join(import.meta.dirname, '../../src-main/core/edits/schema.ts'));
    expect([...outside]).toEqual(['valibot']);
    expect(seen.size).toBeGreaterThan(1);
  });
});
