// `t(key, params)` reads the current language from preferences, so a template that calls it
// re-renders when the clerk switches language. The texts and how they are filled are the one catalog
// the core uses too (src-main/core/messages/).
import type { LocalizedText } from '../../src-main/core/contract.ts';
import { format, localize, type MessageKey, type MessageParams } from '../../src-main/core/messages/catalog.ts';
import { preferences, type Lang } from '../lib/preferences.svelte.ts';

export type { MessageKey, MessageParams, Lang };

export function t(key: MessageKey, params?: MessageParams): string {
  return format(preferences.lang, key, params);
}

/** A message of ours in both languages, for places that hold LocalizedText (field errors). */
export function bilingual(key: MessageKey, params?: MessageParams): LocalizedText {
  return localize(key, params);
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
