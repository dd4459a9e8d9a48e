// What HTTP adds around a contract call, and only that: the path's `:name` segments, the query string's
// text and the JSON body turned into the method's named arguments, as the transport table says
// (src-main/core/transport-routes.ts). Whether those arguments are acceptable is decided afterwards by the
// rules both transports share (src-main/core/schemas/arguments.ts). docs/bridge-api.md lists them all.
import type { FieldError, Result } from '../core/contract.ts';
import { fieldError, kindOf, refused } from '../core/messages/catalog.ts';
import { isPlainObject } from '../core/schemas/blocks.ts';
import { NUMERIC_PATH_PARAMETERS, type HttpRoute, type QueryField } from '../core/transport-routes.ts';

export interface HttpRequestParts {
  params: unknown;
  query: unknown;
  body: unknown;
}

/** Fastify's params and query objects have a prototype of their own (a null-prototype class), not Object's. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A whole number as the contract's number; anything else is passed on as text for the rules to judge. */
function numberOrText(text: string): number | string {
  return /^(0|[1-9]\d{0,15})$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
}

function queryValue(name: string, text: string, field: QueryField | undefined): [string, unknown] {
  if (field?.kind === 'number') return [name, numberOrText(text)];
  if (field?.kind === 'word') return [field.field, Object.hasOwn(field.words, text) ? field.words[text] : text];
  return [name, text];
}

/** The query string as the fields of one argument. A parameter given twice is an error; an empty one is absent. */
function fromQuery(route: HttpRoute, query: unknown, errors: FieldError[]): Record<string, unknown> {
  if (!route.query || !isRecord(query)) return {};
  const { parameter, fields = {} } = route.query;
  const value: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(query)) {
    if (Array.isArray(raw)) {
      errors.push(fieldError(`${parameter}.${name}`, 'repeated', { key: name }));
      continue;
    }
    if (typeof raw !== 'string' || raw === '') continue;
    const [field, converted] = queryValue(name, raw, fields[name]);
    value[field] = converted;
  }
  return { [parameter]: value };
}

function fromBody(route: HttpRoute, body: unknown, errors: FieldError[]): Record<string, unknown> {
  if (!route.body) return {};
  if ('whole' in route.body) return { [route.body.whole]: body ?? {} };
  if (body === undefined) return {};
  if (!isPlainObject(body)) {
    errors.push(fieldError('', 'not_an_object', { got: kindOf(body) }));
    return {};
  }
  const known: readonly string[] = route.body.fields;
  for (const key of Object.keys(body)) if (!known.includes(key)) errors.push(fieldError(key, 'unknown_field', { key }));
  return body;
}

function fromPath(params: unknown): Record<string, unknown> {
  if (!isRecord(params)) return {};
  return Object.fromEntries(
    Object.entries(params).map(([name, text]) => [
      name,
      typeof text === 'string' && NUMERIC_PATH_PARAMETERS.includes(name) ? numberOrText(text) : text,
    ]),
  );
}

/** The method's named arguments from one HTTP request, or what HTTP itself got wrong (a repeated parameter). */
export function httpArguments(route: HttpRoute, request: HttpRequestParts): Result<Record<string, unknown>> {
  const errors: FieldError[] = [];
  const named = { ...fromBody(route, request.body, errors), ...fromQuery(route, request.query, errors), ...fromPath(request.params) };
  return errors.length === 0 ? { ok: true, value: named } : refused(422, errors);
}
