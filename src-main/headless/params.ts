// What the bridge accepts in paths, query strings and the small request envelopes, checked before the
// core is called. The edit itself is validated by the core (the one edit schema, shared with IPC and the
// renderer); this file only checks what HTTP adds around it. Every rule is listed in docs/bridge-api.md.
import type { EditFilter, FieldError, HistoryCsvOptions, ImportFilter, LocalizedText, Result, SearchQuery } from '../core/contract.ts';
import { EDIT_STATES } from '../core/db/schema.ts';
import { MAX_SEARCH_LIMIT } from '../core/search/search.ts';
import { ORDER_STATUSES, type OrderStatus } from '../core/ticketscloud/types.ts';

export const OPERATOR_MAX_LENGTH = 64;
export const EDITS_LIMIT = { min: 1, max: 1000 } as const;
export const SEARCH_LIMIT = { min: 1, max: MAX_SEARCH_LIMIT } as const;
export const SEARCH_QUERY_MAX_LENGTH = 10_000;
export const IMPORT_EVENTS_MAX = 100;

const OBJECT_ID = /^[0-9a-f]{24}$/i;
const POSITIVE_INTEGER = /^[1-9][0-9]{0,15}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const CONTROL_CHARACTERS = /\p{Cc}/u;

type Fields = Record<string, unknown>;

/** Collects the problems of one request, so the clerk sees all of them at once, not one per try. */
class Problems {
  readonly list: FieldError[] = [];
  add(path: string, code: string, message: LocalizedText): void {
    this.list.push({ path, code, message });
  }
  result<T>(value: T): Result<T> {
    return this.list.length === 0 ? { ok: true, value } : { ok: false, status: 422, errors: this.list };
  }
}

export function parseOrderId(value: unknown, path = 'params.id'): Result<string> {
  const problems = new Problems();
  if (typeof value !== 'string' || !OBJECT_ID.test(value)) problems.add(path, 'invalid_id', orderIdMessage);
  return problems.result(String(value).toLowerCase());
}

export function parseEditId(value: unknown, path = 'params.id'): Result<number> {
  const problems = new Problems();
  const valid = typeof value === 'string' && POSITIVE_INTEGER.test(value) && Number.isSafeInteger(Number(value));
  if (!valid) {
    problems.add(path, 'invalid_id', {
      en: 'An edit id is a positive whole number',
      ru: 'Номер правки — целое положительное число',
    });
  }
  return problems.result(Number(value));
}

export function parseEditsQuery(query: unknown): Result<EditFilter> {
  const problems = new Problems();
  const fields = queryFields(query, ['state', 'order_id', 'limit'], problems);
  const filter: EditFilter = {};
  const state = fields.state;
  if (state !== undefined) {
    if (isOneOf(state, EDIT_STATES)) filter.state = state;
    else problems.add('query.state', 'invalid_value', oneOfMessage(EDIT_STATES));
  }
  if (fields.order_id !== undefined) {
    if (OBJECT_ID.test(fields.order_id)) filter.order_id = fields.order_id.toLowerCase();
    else problems.add('query.order_id', 'invalid_id', orderIdMessage);
  }
  const limit = parseLimit(fields.limit, 'query.limit', EDITS_LIMIT, problems);
  if (limit !== undefined) filter.limit = limit;
  return problems.result(filter);
}

export function parseSearchQuery(query: unknown): Result<SearchQuery> {
  const problems = new Problems();
  const fields = queryFields(query, ['q', 'status', 'event', 'limit'], problems);
  const search: SearchQuery = { q: fields.q ?? '', limit: 50 };
  if (search.q.length > SEARCH_QUERY_MAX_LENGTH) {
    problems.add('query.q', 'too_long', {
      en: `Search for at most ${SEARCH_QUERY_MAX_LENGTH} characters`,
      ru: `Строка поиска — не больше ${SEARCH_QUERY_MAX_LENGTH} символов`,
    });
  }
  if (fields.status !== undefined && fields.status !== '') {
    if (isOneOf(fields.status, ORDER_STATUSES)) search.status = fields.status;
    else problems.add('query.status', 'invalid_value', oneOfMessage(ORDER_STATUSES));
  }
  if (fields.event !== undefined && fields.event !== '') {
    if (OBJECT_ID.test(fields.event)) search.event = fields.event.toLowerCase();
    else problems.add('query.event', 'invalid_id', orderIdMessage);
  }
  const limit = parseLimit(fields.limit, 'query.limit', SEARCH_LIMIT, problems);
  if (limit !== undefined) search.limit = limit;
  return problems.result(search);
}

/**
 * `?sep=semicolon|comma` picks the separator; `?locale=ru|en` picks the one that locale's spreadsheets
 * expect (`;` for ru). `sep` wins when both are given.
 */
export function parseHistoryCsvQuery(query: unknown): Result<HistoryCsvOptions> {
  const problems = new Problems();
  const fields = queryFields(query, ['sep', 'locale'], problems);
  const options: HistoryCsvOptions = {};
  if (fields.locale !== undefined) {
    if (isOneOf(fields.locale, CSV_LOCALES)) options.separator = fields.locale === 'ru' ? ';' : ',';
    else problems.add('query.locale', 'invalid_value', oneOfMessage(CSV_LOCALES));
  }
  if (fields.sep !== undefined) {
    if (isOneOf(fields.sep, CSV_SEPARATORS)) options.separator = fields.sep === 'semicolon' ? ';' : ',';
    else problems.add('query.sep', 'invalid_value', oneOfMessage(CSV_SEPARATORS));
  }
  return problems.result(options);
}

const CSV_LOCALES = ['en', 'ru'] as const;
const CSV_SEPARATORS = ['comma', 'semicolon'] as const;

export interface SaveEditRequest {
  edit: unknown;
  operator?: string;
}

export function parseSaveEditBody(body: unknown): Result<SaveEditRequest> {
  const problems = new Problems();
  const fields = bodyFields(body, ['edit', 'operator'], problems);
  if (!fields) return problems.result({ edit: undefined });
  if (fields.edit === undefined) {
    problems.add('edit', 'required', { en: 'The request has no `edit`', ru: 'В запросе нет поля `edit`' });
  }
  const request: SaveEditRequest = { edit: fields.edit };
  const operator = fields.operator;
  if (operator !== undefined) {
    if (typeof operator !== 'string') {
      problems.add('operator', 'invalid_type', { en: 'The operator is text', ru: 'Оператор — строка' });
    } else if (operator.trim().length === 0 || operator.length > OPERATOR_MAX_LENGTH) {
      problems.add('operator', 'out_of_range', {
        en: `The operator's name is 1 to ${OPERATOR_MAX_LENGTH} characters`,
        ru: `Имя оператора — от 1 до ${OPERATOR_MAX_LENGTH} символов`,
      });
    } else if (CONTROL_CHARACTERS.test(operator)) {
      problems.add('operator', 'invalid_characters', {
        en: "The operator's name contains control characters",
        ru: 'Имя оператора содержит управляющие символы',
      });
    } else {
      request.operator = operator.trim();
    }
  }
  return problems.result(request);
}

/** `{key}` with a string key; what makes a key acceptable is the core's rule (service.ts), not the transport's. */
export function parseApiKeyBody(body: unknown): Result<{ key: string }> {
  const problems = new Problems();
  const fields = bodyFields(body, ['key'], problems);
  const key = fields?.key;
  if (fields && key === undefined) {
    problems.add('key', 'required', { en: 'Enter the API key', ru: 'Введите ключ API' });
  } else if (fields && typeof key !== 'string') {
    problems.add('key', 'invalid_type', { en: 'The API key must be text', ru: 'Ключ API должен быть строкой' });
  }
  return problems.result({ key: typeof key === 'string' ? key : '' });
}

/** `{events?, status?, created_from?, created_to?}`; no body at all imports everything. */
export function parseImportBody(body: unknown): Result<ImportFilter> {
  const problems = new Problems();
  const filter: ImportFilter = {};
  if (body === undefined) return problems.result(filter);
  const fields = bodyFields(body, ['events', 'status', 'created_from', 'created_to'], problems);
  if (!fields) return problems.result(filter);

  const events = stringList(fields.events, 'events', problems);
  if (events) {
    if (events.length > IMPORT_EVENTS_MAX) {
      problems.add('events', 'out_of_range', {
        en: `At most ${IMPORT_EVENTS_MAX} events at once`,
        ru: `Не больше ${IMPORT_EVENTS_MAX} мероприятий за раз`,
      });
    }
    events.forEach((event, index) => {
      if (!OBJECT_ID.test(event)) problems.add(`events.${index}`, 'invalid_id', orderIdMessage);
    });
    filter.events = events.map((event) => event.toLowerCase());
  }
  const statuses = stringList(fields.status, 'status', problems);
  if (statuses) {
    const valid: OrderStatus[] = [];
    statuses.forEach((status, index) => {
      if (isOneOf(status, ORDER_STATUSES)) valid.push(status);
      else problems.add(`status.${index}`, 'invalid_value', oneOfMessage(ORDER_STATUSES));
    });
    filter.status = valid;
  }
  for (const key of ['created_from', 'created_to'] as const) {
    const value = fields[key];
    if (value === undefined) continue;
    if (typeof value === 'string' && ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(`${value}Z`))) {
      filter[key] = value;
    } else {
      problems.add(key, 'invalid_value', {
        en: 'A date and time like 2026-11-28T00:00:00 (UTC)',
        ru: 'Дата и время в виде 2026-11-28T00:00:00 (UTC)',
      });
    }
  }
  return problems.result(filter);
}

const orderIdMessage: LocalizedText = {
  en: 'An id is 24 hexadecimal characters',
  ru: 'Идентификатор — 24 шестнадцатеричных символа',
};

function oneOfMessage(allowed: readonly string[]): LocalizedText {
  const list = allowed.join(', ');
  return { en: `One of: ${list}`, ru: `Одно из значений: ${list}` };
}

function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

function isPlainObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body's known fields; an unknown field is an error (a typo must not be silently ignored). */
function bodyFields(body: unknown, known: readonly string[], problems: Problems): Fields | null {
  if (!isPlainObject(body)) {
    problems.add('', 'invalid_type', { en: 'The body must be a JSON object', ru: 'Тело запроса — JSON-объект' });
    return null;
  }
  for (const key of Object.keys(body)) {
    if (!known.includes(key)) problems.add(key, 'unknown_field', unknownFieldMessage(key));
  }
  return body;
}

/** Query parameters as single strings; unknown or repeated ones are errors. */
function queryFields<K extends string>(
  query: unknown,
  known: readonly K[],
  problems: Problems,
): Partial<Record<K, string>> {
  const fields: Partial<Record<K, string>> = {};
  if (!isPlainObject(query)) return fields;
  for (const [key, value] of Object.entries(query)) {
    if (!(known as readonly string[]).includes(key)) {
      problems.add(`query.${key}`, 'unknown_field', unknownFieldMessage(key));
    } else if (typeof value !== 'string') {
      problems.add(`query.${key}`, 'repeated', {
        en: `Give \`${key}\` once`,
        ru: `Параметр \`${key}\` указывается один раз`,
      });
    } else {
      fields[key as K] = value;
    }
  }
  return fields;
}

function unknownFieldMessage(key: string): LocalizedText {
  const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
  return { en: `Unknown field \`${shown}\``, ru: `Неизвестное поле \`${shown}\`` };
}

function parseLimit(
  value: string | undefined,
  path: string,
  range: { min: number; max: number },
  problems: Problems,
): number | undefined {
  if (value === undefined) return undefined;
  const limit = /^\d{1,7}$/.test(value) ? Number(value) : Number.NaN;
  if (limit >= range.min && limit <= range.max) return limit;
  problems.add(path, 'out_of_range', {
    en: `A whole number from ${range.min} to ${range.max}`,
    ru: `Целое число от ${range.min} до ${range.max}`,
  });
  return undefined;
}

function stringList(value: unknown, path: string, problems: Problems): string[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value) && value.every((item): item is string => typeof item === 'string')) return value;
  problems.add(path, 'invalid_type', { en: 'A list of strings', ru: 'Список строк' });
  return undefined;
}
