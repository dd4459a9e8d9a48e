// What this counter remembers between starts: the interface language and the operator's name.
// Kept in localStorage (never anything secret); a storage that throws (privacy mode) just forgets.
import type { Lang } from '../../src-main/core/messages/catalog.ts';

export type { Lang };

const LANG_KEY = 'box-office.lang';
const OPERATOR_KEY = 'box-office.operator';

function readStored(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function writeStored(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // Not remembered across starts, still used for this session.
  }
}

function initialLang(): Lang {
  const stored = readStored(LANG_KEY);
  if (stored === 'en' || stored === 'ru') return stored;
  const browser = globalThis.navigator?.language ?? '';
  return browser.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

class Preferences {
  lang = $state<Lang>(initialLang());
  operator = $state(readStored(OPERATOR_KEY) ?? '');

  setLang(lang: Lang): void {
    this.lang = lang;
    writeStored(LANG_KEY, lang);
    if (globalThis.document) document.documentElement.lang = lang;
  }

  setOperator(name: string): void {
    this.operator = name;
    writeStored(OPERATOR_KEY, name.trim());
  }
}

export const preferences = new Preferences();
