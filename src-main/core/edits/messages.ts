// What the clerk reads when an edit is rejected: one stable snake_case code per kind of problem and its
// text in both interface languages, naming the limit and what was typed. Plain data and string
// building only — the renderer shows these as live field errors, so no Node code may come in here.
import type { LocalizedText } from '../contract.ts';

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
] as const;
export type EditErrorCode = (typeof EDIT_ERROR_CODES)[number];

export function isEditErrorCode(value: string): value is EditErrorCode {
  return (EDIT_ERROR_CODES as readonly string[]).includes(value);
}

/** What a message may mention: the limit broken, how much there is, the key concerned, what was sent. */
export interface MessageParams {
  limit: number;
  actual: number;
  key: string;
  received: unknown;
}

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

/** Russian picks the noun's form from the number's last digits: 1 символ, 2 символа, 5 символов, 11 символов. */
function ruCount(n: number, one: string, few: string, many: string): string {
  const lastTwo = Math.abs(n) % 100;
  const last = lastTwo % 10;
  if (lastTwo >= 11 && lastTwo <= 14) return `${n} ${many}`;
  if (last === 1) return `${n} ${one}`;
  if (last >= 2 && last <= 4) return `${n} ${few}`;
  return `${n} ${many}`;
}

function enCount(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Names the kind of value that was sent, so "must be text" can say what it got instead. */
function kindOf(value: unknown): LocalizedText {
  if (value === null) return { en: 'null', ru: 'null' };
  if (Array.isArray(value)) return { en: 'a list', ru: 'список' };
  switch (typeof value) {
    case 'string':
      return { en: 'text', ru: 'текст' };
    case 'number':
    case 'bigint':
      return { en: 'a number', ru: 'число' };
    case 'boolean':
      return { en: 'true/false', ru: 'да/нет (true/false)' };
    case 'undefined':
      return { en: 'nothing', ru: 'пустое значение' };
    case 'object':
      return { en: 'an object', ru: 'объект' };
    default:
      return { en: typeof value, ru: typeof value };
  }
}

function kiB(bytes: number): number {
  return Math.ceil(bytes / 1024);
}

const TEXTS: Record<EditErrorCode, (p: MessageParams) => LocalizedText> = {
  body_too_large: (p) => ({
    en: `The edit is too large: at most ${kiB(p.limit)} KiB (this one is ${kiB(p.actual)} KiB)`,
    ru: `Правка слишком большая: максимум ${kiB(p.limit)} КиБ (эта — ${kiB(p.actual)} КиБ)`,
  }),
  invalid_body: () => ({
    en: 'The edit cannot be read: it is not plain JSON data',
    ru: 'Правку не удалось прочитать: это не данные JSON',
  }),
  empty_edit: () => ({
    en: 'The edit changes nothing: change at least one field',
    ru: 'Правка ничего не меняет: измените хотя бы одно поле',
  }),
  unknown_field: (p) => ({
    en: `Unknown field "${p.key}": it cannot be changed here`,
    ru: `Неизвестное поле «${p.key}»: его нельзя менять здесь`,
  }),
  not_an_object: (p) => {
    const got = kindOf(p.received);
    return { en: `Must be a group of fields (got ${got.en})`, ru: `Нужна группа полей (получено: ${got.ru})` };
  },
  not_a_string: (p) => {
    const got = kindOf(p.received);
    return { en: `Must be text (got ${got.en})`, ru: `Нужен текст (получено: ${got.ru})` };
  },
  not_a_boolean: (p) => {
    const got = kindOf(p.received);
    return { en: `Must be true or false (got ${got.en})`, ru: `Нужно да или нет, true/false (получено: ${got.ru})` };
  },
  not_a_list: (p) => {
    const got = kindOf(p.received);
    return { en: `Must be a list of codes (got ${got.en})`, ru: `Нужен список кодов (получено: ${got.ru})` };
  },
  empty: () => ({ en: 'Must not be empty', ru: 'Не может быть пустым' }),
  too_long: (p) => ({
    en: `At most ${enCount(p.limit, 'character', 'characters')} (you have ${p.actual})`,
    ru: `Максимум ${ruCount(p.limit, 'символ', 'символа', 'символов')} (сейчас ${p.actual})`,
  }),
  invalid_email: () => ({
    en: 'Not an email address: expected something like name@example.com',
    ru: 'Это не адрес почты: нужен вид name@example.com',
  }),
  invalid_phone: () => ({
    en: 'A phone number may hold only digits, spaces, brackets, dashes, dots and a leading +',
    ru: 'В номере телефона допустимы только цифры, пробелы, скобки, дефисы, точки и + в начале',
  }),
  phone_digit_count: (p) => ({
    en: `A phone number has ${EDIT_LIMITS.phoneDigitsMin} to ${EDIT_LIMITS.phoneDigitsMax} digits (you have ${p.actual})`,
    ru: `В номере телефона от ${EDIT_LIMITS.phoneDigitsMin} до ${EDIT_LIMITS.phoneDigitsMax} цифр (сейчас ${p.actual})`,
  }),
  invalid_lang: () => ({
    en: 'The language must be "en" or "ru"',
    ru: 'Язык должен быть "en" или "ru"',
  }),
  too_many_keys: (p) => ({
    en: `At most ${enCount(p.limit, 'key', 'keys')} (you have ${p.actual})`,
    ru: `Максимум ${ruCount(p.limit, 'ключ', 'ключа', 'ключей')} (сейчас ${p.actual})`,
  }),
  empty_key: () => ({ en: 'A key must not be empty', ru: 'Ключ не может быть пустым' }),
  key_too_long: (p) => ({
    en: `A key has at most ${enCount(p.limit, 'character', 'characters')} (this one has ${p.actual})`,
    ru: `В ключе максимум ${ruCount(p.limit, 'символ', 'символа', 'символов')} (в этом ${p.actual})`,
  }),
  reserved_key: (p) => ({
    en: `"${p.key}" cannot be used as a key: choose another name`,
    ru: `«${p.key}» нельзя использовать как ключ: выберите другое имя`,
  }),
  invalid_raw_value: (p) => {
    const got = kindOf(p.received);
    return {
      en: `Must be text, a number or true/false, or null to remove the key (got ${got.en})`,
      ru: `Нужен текст, число или true/false, либо null, чтобы удалить ключ (получено: ${got.ru})`,
    };
  },
  too_many_promocodes: (p) => ({
    en: `At most ${enCount(p.limit, 'promocode', 'promocodes')} in one edit (you have ${p.actual})`,
    ru: `Максимум ${ruCount(p.limit, 'промокод', 'промокода', 'промокодов')} в одной правке (сейчас ${p.actual})`,
  }),
};

export function messageFor(code: EditErrorCode, params: MessageParams): LocalizedText {
  return TEXTS[code](params);
}
