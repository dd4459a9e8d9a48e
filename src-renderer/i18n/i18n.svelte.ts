// `t(key, params)` reads the current language from preferences, so a template that calls it
// re-renders when the clerk switches language.
import type { LocalizedText } from '../../src-main/core/contract.ts';
import { preferences, type Lang } from '../lib/preferences.svelte.ts';
import { en, type MessageKey, type Messages } from './en.ts';
import { ru } from './ru.ts';

export type { MessageKey, Lang };

const catalogs: Record<Lang, Messages> = { en, ru };

export type MessageParams = Record<string, string | number>;

export function fill(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

export function t(key: MessageKey, params?: MessageParams): string {
  return fill(catalogs[preferences.lang][key], params);
}

/** A message of ours in both languages, for places that hold LocalizedText (field errors). */
export function bilingual(key: MessageKey, params?: MessageParams): LocalizedText {
  return { en: fill(en[key], params), ru: fill(ru[key], params) };
}

/** A message the core sent in both languages (validation errors, bridge errors). */
export function localized(text: LocalizedText): string {
  return text[preferences.lang];
}

export function currentLang(): Lang {
  return preferences.lang;
}

/** The locale Intl formats dates with: day.month for Russian, day month for English. */
export function locale(): string {
  return preferences.lang === 'ru' ? 'ru-RU' : 'en-GB';
}
