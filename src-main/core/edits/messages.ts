// The codes an edit can be rejected with, one stable snake_case code per kind of problem, and the limits
// they name. The texts are the catalog's (`error.<code>`). Plain data only — the renderer shows these as
// live field errors, so no Node code may come in here.
import type { ErrorCode } from '../messages/catalog.ts';

export const EDIT_ERROR_CODES = [
  'body_too_large',
  'invalid_body',
  'empty_edit',
  'unknown_field',
  'not_an_object',
  'not_a_string',
  'not_a_boolean',
  'not_a_list',
  'empty',
  'too_long',
  'invalid_email',
  'invalid_phone',
  'phone_digit_count',
  'invalid_lang',
  'too_many_keys',
  'empty_key',
  'key_too_long',
  'reserved_key',
  'invalid_raw_value',
  'too_many_promocodes',
  'status_alone',
  'not_one_of',
] as const satisfies readonly ErrorCode[];
export type EditErrorCode = (typeof EDIT_ERROR_CODES)[number];

/** The limits the contract sets (and this project's own sane ones), shared by the schema and the texts. */
export const EDIT_LIMITS = {
  bodyBytes: 64 * 1024,
  nameChars: 200,
  emailChars: 254,
  phoneDigitsMin: 10,
  phoneDigitsMax: 15,
  orderIdChars: 64,
  rawKeys: 20,
  rawKeyChars: 40,
  rawValueChars: 128,
  promocodeChars: 64,
  promocodes: 20,
} as const;
