// Whether a Ticketscloud API key can be used at all, before it is stored or sent: the one rule behind
// every way a key comes in (the desktop app's key field, the bridge's PUT /api/settings/api-key, the
// headless command line, its environment and key file, a key stored by an older version). Pure.
import type { FieldError } from '../contract.ts';
import { fieldError, kindOf } from '../messages/catalog.ts';

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
  if (typeof key !== 'string') return [fieldError('key', 'not_a_string', { got: kindOf(key) })];
  if (key.length === 0) return [fieldError('key', 'required')];
  if (key.length > API_KEY_MAX_LENGTH) return [fieldError('key', 'too_long', { limit: API_KEY_MAX_LENGTH, actual: key.length })];
  if (NON_ASCII.test(key)) return [fieldError('key', 'api_key_layout')];
  if (!PRINTABLE_ASCII_WITHOUT_SPACE.test(key)) return [fieldError('key', 'api_key_spaces')];
  return [];
}
