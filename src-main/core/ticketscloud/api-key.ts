// Whether a Ticketscloud API key can be used at all, before it is stored or sent: the one rule behind
// every way a key comes in (the desktop app's key field, the bridge's PUT /api/settings/api-key, the
// headless command line, its environment and key file, a key stored by an older version). Pure.
import type { FieldError } from '../contract.ts';

export const API_KEY_MAX_LENGTH = 200;
/**
 * The key travels in an HTTP header (`Authorization: key …`), which takes printable ASCII only: Node
 * throws ERR_INVALID_CHAR for anything else before the request leaves, so a key typed in the Russian
 * layout (`ыфтвищч-лун`) would fail every request as an internal error. Spaces and control characters
 * are paste accidents.
 */
const PRINTABLE_ASCII_WITHOUT_SPACE = /^[\x21-\x7E]+$/;
const NON_ASCII = /[^\p{ASCII}]/u;

/** What is wrong with an API key; empty when it may be used. Never quotes the key. */
export function apiKeyErrors(key: unknown): FieldError[] {
  if (typeof key !== 'string') {
    return [keyError('invalid_type', { en: 'The API key must be text', ru: 'Ключ API должен быть строкой' })];
  }
  if (key.length === 0) {
    return [keyError('required', { en: 'Enter the API key', ru: 'Введите ключ API' })];
  }
  if (key.length > API_KEY_MAX_LENGTH) {
    return [
      keyError('too_long', {
        en: `The API key is longer than ${API_KEY_MAX_LENGTH} characters`,
        ru: `Ключ API длиннее ${API_KEY_MAX_LENGTH} символов`,
      }),
    ];
  }
  if (NON_ASCII.test(key)) {
    return [
      keyError('invalid_characters', {
        en: 'The API key may contain only Latin letters, digits and punctuation: was it typed in the Russian keyboard layout? Switch the layout to English and enter it again',
        ru: 'Ключ API может содержать только латинские буквы, цифры и знаки препинания: возможно, он набран в русской раскладке? Переключите раскладку на английскую и введите ключ снова',
      }),
    ];
  }
  if (!PRINTABLE_ASCII_WITHOUT_SPACE.test(key)) {
    return [
      keyError('invalid_characters', {
        en: 'The API key contains spaces or control characters',
        ru: 'Ключ API содержит пробелы или управляющие символы',
      }),
    ];
  }
  return [];
}

function keyError(code: string, message: FieldError['message']): FieldError {
  return { path: 'key', code, message };
}
