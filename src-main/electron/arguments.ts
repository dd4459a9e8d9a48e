// Checks every argument the renderer sends over IPC before it reaches the core. The rules and error
// codes are the HTTP bridge's (docs/bridge-api.md, "Parameters"), so both transports refuse the same
// input the same way. Edit bodies are not judged here: the service validates them with the edit schema
// (src-main/core/edits/schema.ts), the one validation of an edit.
import type { CsvSeparator, EditFilter, EditState, FieldError, HistoryCsvOptions, ImportFilter, LocalizedText, OrderStatus, Result, SearchQuery } from '../core/contract.ts';
import { MAX_SEARCH_LIMIT } from '../core/search/search.ts';

const ORDER_STATUSES: readonly OrderStatus[] = ['executed', 'in_progress', 'done', 'cancelled', 'expired'];
const EDIT_STATES: readonly EditState[] = ['pending', 'sending', 'synced', 'failed', 'cancelled'];

const OBJECT_ID = /^[0-9a-f]{24}$/i;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const CONTROL_CHARACTERS = /\p{Cc}/u;

export const LIMITS = {
  operatorLength: 64,
  apiKeyLength: 200,
  searchTextLength: 10_000,
  /** The core's own cap, which the HTTP bridge uses too (it was 500 here: IPC accepted what HTTP refused). */
  searchLimit: MAX_SEARCH_LIMIT,
  editsLimit: 1000,
  importEvents: 100,
  /** An edit body is a handful of fields; anything this large is not a clerk's edit. */
  editBodyBytes: 256 * 1024,
} as const;

type Checked<T> = Result<T>;

function fail(path: string, code: string, message: LocalizedText, status = 422): { ok: false; status: number; errors: FieldError[] } {
  return { ok: false, status, errors: [{ path, code, message }] };
}

function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

const MESSAGES = {
  required: { en: 'Required', ru: 'Обязательное поле' },
  invalidId: { en: 'Not a Ticketscloud id (24 hexadecimal characters)', ru: 'Не идентификатор Ticketscloud (24 шестнадцатеричных символа)' },
  invalidEditId: { en: 'Not an edit number (a positive integer)', ru: 'Не номер правки (целое положительное число)' },
  notText: { en: 'Must be text', ru: 'Должно быть текстом' },
  notObject: { en: 'Must be an object', ru: 'Должно быть объектом' },
  notList: { en: 'Must be a list', ru: 'Должно быть списком' },
  unknownField: { en: 'Unknown field', ru: 'Неизвестное поле' },
  tooManyArguments: { en: 'Too many arguments', ru: 'Слишком много аргументов' },
} satisfies Record<string, LocalizedText>;

function tooLong(max: number): LocalizedText {
  return { en: `At most ${max} characters`, ru: `Не больше ${max} символов` };
}

function outOfRange(min: number, max: number): LocalizedText {
  return { en: `A whole number from ${min} to ${max}`, ru: `Целое число от ${min} до ${max}` };
}

function oneOf(values: readonly string[]): LocalizedText {
  return { en: `One of: ${values.join(', ')}`, ru: `Одно из: ${values.join(', ')}` };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Fixed arity: extra arguments are a caller bug, not data to ignore. */
export function atMostArguments(args: readonly unknown[], count: number): Checked<readonly unknown[]> {
  return args.length <= count ? ok(args) : fail('', 'invalid_value', MESSAGES.tooManyArguments);
}

/** Ticketscloud ids are lower-case hex; the bridge folds case the same way, so both transports store the same id. */
export function orderId(value: unknown, path = 'orderId'): Checked<string> {
  if (value === undefined) return fail(path, 'required', MESSAGES.required);
  if (typeof value !== 'string') return fail(path, 'invalid_type', MESSAGES.notText);
  return OBJECT_ID.test(value) ? ok(value.toLowerCase()) : fail(path, 'invalid_id', MESSAGES.invalidId);
}

export function editId(value: unknown, path = 'editId'): Checked<number> {
  if (value === undefined) return fail(path, 'required', MESSAGES.required);
  if (typeof value !== 'number') return fail(path, 'invalid_type', MESSAGES.invalidEditId);
  return Number.isSafeInteger(value) && value > 0 ? ok(value) : fail(path, 'invalid_id', MESSAGES.invalidEditId);
}

/** The edit body stays `unknown` (the service validates it); here only what no edit can be: not an object, huge. */
export function editBody(value: unknown, path = 'edit'): Checked<Record<string, unknown>> {
  if (value === undefined) return fail(path, 'required', MESSAGES.required);
  if (!isPlainObject(value)) return fail(path, 'invalid_type', MESSAGES.notObject);
  let json: string;
  try {
    // IPC's structured clone carries what JSON cannot (cycles, BigInt); an edit is JSON by contract.
    json = JSON.stringify(value);
  } catch {
    return fail(path, 'invalid_value', { en: 'The edit is not plain JSON data', ru: 'Правка — не простые данные JSON' });
  }
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > LIMITS.editBodyBytes) return fail(path, 'body_too_large', { en: 'The edit is too large', ru: 'Правка слишком большая' }, 400);
  return ok(value);
}

export function operator(value: unknown, path = 'operator'): Checked<string | undefined> {
  if (value === undefined) return ok(undefined);
  if (typeof value !== 'string') return fail(path, 'invalid_type', MESSAGES.notText);
  const name = value.trim();
  if (name.length < 1 || value.length > LIMITS.operatorLength) return fail(path, 'out_of_range', { en: `1 to ${LIMITS.operatorLength} characters`, ru: `От 1 до ${LIMITS.operatorLength} символов` });
  if (CONTROL_CHARACTERS.test(value)) return fail(path, 'invalid_characters', { en: 'No control characters', ru: 'Без управляющих символов' });
  return ok(name);
}

/**
 * Only the type and a size bound here: what makes a key acceptable is the core's rule
 * (service.ts `apiKeyErrors`). Never echoes the key in an error.
 */
export function apiKeyText(value: unknown, path = 'key'): Checked<string> {
  if (value === undefined) return fail(path, 'required', MESSAGES.required);
  if (typeof value !== 'string') return fail(path, 'invalid_type', MESSAGES.notText);
  if (value.length > LIMITS.apiKeyLength) return fail(path, 'too_long', tooLong(LIMITS.apiKeyLength));
  return ok(value);
}

function optionalEnum<T extends string>(value: unknown, allowed: readonly T[], path: string): Checked<T | undefined> {
  if (value === undefined) return ok(undefined);
  if (typeof value !== 'string') return fail(path, 'invalid_type', MESSAGES.notText);
  return (allowed as readonly string[]).includes(value) ? ok(value as T) : fail(path, 'invalid_value', oneOf(allowed));
}

function optionalInteger(value: unknown, min: number, max: number, path: string): Checked<number | undefined> {
  if (value === undefined) return ok(undefined);
  if (typeof value !== 'number') return fail(path, 'invalid_type', outOfRange(min, max));
  return Number.isInteger(value) && value >= min && value <= max ? ok(value) : fail(path, 'out_of_range', outOfRange(min, max));
}

function optionalDateTime(value: unknown, path: string): Checked<string | undefined> {
  if (value === undefined) return ok(undefined);
  if (typeof value !== 'string') return fail(path, 'invalid_type', MESSAGES.notText);
  return ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(`${value}Z`))
    ? ok(value)
    : fail(path, 'invalid_value', { en: 'A date and time as YYYY-MM-DDTHH:MM:SS (UTC)', ru: 'Дата и время в виде ГГГГ-ММ-ДДTЧЧ:ММ:СС (UTC)' });
}

/** An object argument with only the listed keys; `undefined` stands for "no filter" where allowed. */
function objectWithKeys(value: unknown, keys: readonly string[], path: string): Checked<Record<string, unknown>> {
  if (!isPlainObject(value)) return fail(path, 'invalid_type', MESSAGES.notObject);
  const unknownKey = Object.keys(value).find((key) => !keys.includes(key));
  return unknownKey === undefined ? ok(value) : fail(`${path}.${unknownKey}`, 'unknown_field', MESSAGES.unknownField);
}

export function editFilter(value: unknown, path = 'filter'): Checked<EditFilter | undefined> {
  if (value === undefined) return ok(undefined);
  const object = objectWithKeys(value, ['state', 'order_id', 'limit'], path);
  if (!object.ok) return object;
  const state = optionalEnum(object.value.state, EDIT_STATES, `${path}.state`);
  if (!state.ok) return state;
  const order = object.value.order_id === undefined ? ok(undefined) : orderId(object.value.order_id, `${path}.order_id`);
  if (!order.ok) return order;
  const limit = optionalInteger(object.value.limit, 1, LIMITS.editsLimit, `${path}.limit`);
  if (!limit.ok) return limit;
  return ok(dropUndefined({ state: state.value, order_id: order.value, limit: limit.value }));
}

const CSV_SEPARATORS: readonly CsvSeparator[] = [',', ';'];

export function historyCsvOptions(value: unknown, path = 'options'): Checked<HistoryCsvOptions | undefined> {
  if (value === undefined) return ok(undefined);
  const object = objectWithKeys(value, ['separator'], path);
  if (!object.ok) return object;
  const separator = optionalEnum(object.value.separator, CSV_SEPARATORS, `${path}.separator`);
  if (!separator.ok) return separator;
  return ok(dropUndefined({ separator: separator.value }));
}

export function searchQuery(value: unknown, path = 'query'): Checked<SearchQuery> {
  if (value === undefined) return fail(path, 'required', MESSAGES.required);
  const object = objectWithKeys(value, ['q', 'status', 'event', 'limit'], path);
  if (!object.ok) return object;
  const q = object.value.q;
  if (q === undefined) return fail(`${path}.q`, 'required', MESSAGES.required);
  if (typeof q !== 'string') return fail(`${path}.q`, 'invalid_type', MESSAGES.notText);
  if (q.length > LIMITS.searchTextLength) return fail(`${path}.q`, 'too_long', tooLong(LIMITS.searchTextLength));
  const status = optionalEnum(object.value.status, ORDER_STATUSES, `${path}.status`);
  if (!status.ok) return status;
  const event = object.value.event === undefined ? ok(undefined) : orderId(object.value.event, `${path}.event`);
  if (!event.ok) return event;
  const limit = optionalInteger(object.value.limit, 1, LIMITS.searchLimit, `${path}.limit`);
  if (!limit.ok) return limit;
  return ok(dropUndefined({ q, status: status.value, event: event.value, limit: limit.value }));
}

export function importFilter(value: unknown, path = 'filter'): Checked<ImportFilter> {
  if (value === undefined) return fail(path, 'required', MESSAGES.required);
  const object = objectWithKeys(value, ['events', 'status', 'created_from', 'created_to'], path);
  if (!object.ok) return object;
  const events = optionalList(object.value.events, LIMITS.importEvents, `${path}.events`, (item, itemPath) => orderId(item, itemPath));
  if (!events.ok) return events;
  const status = optionalList(object.value.status, ORDER_STATUSES.length, `${path}.status`, (item, itemPath) => requiredEnum(item, ORDER_STATUSES, itemPath));
  if (!status.ok) return status;
  const from = optionalDateTime(object.value.created_from, `${path}.created_from`);
  if (!from.ok) return from;
  const to = optionalDateTime(object.value.created_to, `${path}.created_to`);
  if (!to.ok) return to;
  return ok(dropUndefined({ events: events.value, status: status.value, created_from: from.value, created_to: to.value }));
}

function requiredEnum<T extends string>(value: unknown, allowed: readonly T[], path: string): Checked<T> {
  if (value === undefined) return fail(path, 'required', MESSAGES.required);
  const checked = optionalEnum(value, allowed, path);
  return checked.ok ? ok(checked.value as T) : checked;
}

function optionalList<T>(value: unknown, maxItems: number, path: string, item: (value: unknown, path: string) => Checked<T>): Checked<T[] | undefined> {
  if (value === undefined) return ok(undefined);
  if (!Array.isArray(value)) return fail(path, 'invalid_type', MESSAGES.notList);
  if (value.length > maxItems) return fail(path, 'out_of_range', { en: `At most ${maxItems} items`, ru: `Не больше ${maxItems} элементов` });
  const items: T[] = [];
  for (const [index, raw] of value.entries()) {
    const checked = item(raw, `${path}.${index}`);
    if (!checked.ok) return checked;
    items.push(checked.value);
  }
  return ok(items);
}

/** The core sees `{limit: 5}`, not `{state: undefined, limit: 5}`: absent stays absent. */
function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
