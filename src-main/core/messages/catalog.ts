// The one place text is made from a message key and its parameters, for the core and the renderer alike.
// The core says WHAT happened (a key from en.ts and its parameters); the text in both languages is
// rendered here, at the edge, where an error leaves for the clerk. Node-free: the renderer bundles it.
//
// Templates: `{name}` is a parameter; `{n, plural, one {# символ} few {# символа} many {# символов} other
// {# символа}}` picks the form Intl.PluralRules names for n in that language (`#` is n itself).
import type { FieldError, LocalizedText } from '../contract.ts';
import { en, type MessageKey, type Messages } from './en.ts';
import { ru } from './ru.ts';

export type { MessageKey, Messages };
export type Lang = 'en' | 'ru';
export const LANGS: readonly Lang[] = ['en', 'ru'];

/** A parameter that is itself a message, rendered in the same language ("got {kind}" → "a list" / "список"). */
export interface MessageRef {
  message: MessageKey;
  params?: MessageParams;
}
export type MessageParam = string | number | MessageRef;
export type MessageParams = Readonly<Record<string, MessageParam>>;

const CATALOGS: Readonly<Record<Lang, Messages>> = { en, ru };

/** What each language's spreadsheets (Excel, LibreOffice) split a CSV file on. */
export const SPREADSHEET_SEPARATOR: Readonly<Record<Lang, ',' | ';'>> = { en: ',', ru: ';' };
const LOCALES: Readonly<Record<Lang, string>> = { en: 'en-GB', ru: 'ru-RU' };
const pluralRules = new Map<Lang, Intl.PluralRules>();

function pluralCategory(lang: Lang, n: number): string {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(LOCALES[lang]);
    pluralRules.set(lang, rules);
  }
  return rules.select(n);
}

const PLURAL = /\{(\w+), plural,((?:\s*\w+ \{[^{}]*\})+)\s*\}/g;
const PLURAL_FORM = /(\w+) \{([^{}]*)\}/g;
const PARAMETER = /\{(\w+)\}/g;

function paramText(lang: Lang, value: MessageParam): string {
  return typeof value === 'object' ? format(lang, value.message, value.params) : String(value);
}

/** Fills one template; a parameter the caller did not give stays visible as `{name}` rather than vanishing. */
export function fill(lang: Lang, template: string, params: MessageParams = {}): string {
  const withPlurals = template.replace(PLURAL, (whole, name: string, forms: string) => {
    const n = Number(params[name]);
    if (!Object.hasOwn(params, name) || !Number.isFinite(n)) return whole;
    const byCategory = new Map([...forms.matchAll(PLURAL_FORM)].map((match) => [match[1]!, match[2]!]));
    const form = byCategory.get(pluralCategory(lang, n)) ?? byCategory.get('other') ?? '';
    return form.replaceAll('#', String(n));
  });
  return withPlurals.replace(PARAMETER, (whole, name: string) => {
    const value = params[name];
    return value === undefined || !Object.hasOwn(params, name) ? whole : paramText(lang, value);
  });
}

export function format(lang: Lang, key: MessageKey, params?: MessageParams): string {
  return fill(lang, CATALOGS[lang][key], params);
}

/** The message in both interface languages: what a FieldError or a log line for the clerk carries. */
export function localize(key: MessageKey, params?: MessageParams): LocalizedText {
  return { en: format('en', key, params), ru: format('ru', key, params) };
}

/** Error codes whose text is `error.<code>` in the catalog. */
export type ErrorCode = MessageKey extends infer K ? (K extends `error.${infer Code}` ? Code : never) : never;

/** One problem with one field, its text from the catalog entry of its code. */
export function fieldError(path: string, code: ErrorCode, params?: MessageParams): FieldError {
  return { path, code, message: localize(`error.${code}`, params) };
}

/** The Result failure every layer answers with (status = the HTTP status the bridge uses). */
export function refused(status: number, errors: FieldError[]): { ok: false; status: number; errors: FieldError[] } {
  return { ok: false, status, errors };
}

/** The common case: one field, one problem. */
export function refusal(status: number, path: string, code: ErrorCode, params?: MessageParams): { ok: false; status: number; errors: FieldError[] } {
  return refused(status, [fieldError(path, code, params)]);
}

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(en, `error.${code}`);
}

/** Names the kind of a value that was sent, for "must be text (got a number)". */
export function kindOf(value: unknown): MessageRef {
  if (value === null) return { message: 'kind.null' };
  if (Array.isArray(value)) return { message: 'kind.list' };
  switch (typeof value) {
    case 'string':
      return { message: 'kind.text' };
    case 'number':
    case 'bigint':
      return { message: 'kind.number' };
    case 'boolean':
      return { message: 'kind.boolean' };
    case 'undefined':
      return { message: 'kind.nothing' };
    default:
      return { message: 'kind.object' };
  }
}
