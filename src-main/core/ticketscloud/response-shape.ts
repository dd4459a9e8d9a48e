// Reads a 2xx body into the `{data, refs, …}` the contract promises, before anything is cached: the one
// place an answer is parsed (schemas/server.ts says what is required and why). A problem names the
// first missing or mistyped field in a log reader's words; every field the schemas do not name is kept,
// because the cache stores the server's JSON whole and stripping it would lose data.
import * as v from 'valibot';
import { isJsonObject, OrderSchema, PaginationSchema, PromocodeErrorSchema, REF_SCHEMAS } from '../schemas/server.ts';

export { isJsonObject };
import type { Order, OrderListResponse, OrderResponse, PromocodeError, Refs } from './types.ts';

export type ShapeCheck<T> =
  | { ok: true; value: T; promocodeErrors?: PromocodeError[] }
  | { ok: false; problem: string };

type JsonObject = Record<string, unknown>;

const EXCERPT_LENGTH = 40;
const FIRST_PROBLEM = { abortEarly: true } as const;

/** What a value is, in words a log reader understands ("array", "null", "string"). */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** The start of a body, one line, for messages: enough to recognise a proxy page, never the whole body. */
export function bodyExcerpt(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > EXCERPT_LENGTH ? `${oneLine.slice(0, EXCERPT_LENGTH)}…` : oneLine;
}

/** JSON.parse as a value: the reason names what was wrong without quoting the whole body. */
export function parseJsonBody(text: string): ShapeCheck<unknown> {
  const withoutBom = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (withoutBom.trim() === '') return { ok: false, problem: 'answer is empty' };
  try {
    return { ok: true, value: JSON.parse(withoutBom) as unknown };
  } catch {
    return { ok: false, problem: `answer is not JSON: starts with '${bodyExcerpt(withoutBom)}'` };
  }
}

/** What a schema of schemas/server.ts wanted, by the kind of schema that refused the value. */
const EXPECTED_KIND: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  array: 'an array',
  custom: 'an object',
  loose_object: 'an object',
  record: 'an object',
};

function pathText(prefix: string, path: readonly v.IssuePathItem[] | undefined): string {
  let text = prefix;
  for (const item of path ?? []) {
    const key = item.key as string | number;
    text += typeof key === 'number' ? `[${key}]` : text === '' ? key : `.${key}`;
  }
  return text;
}

/** "`data.settings` is missing", "`data.number` should be a number, got string". */
function problemOf(issue: v.BaseIssue<unknown>, prefix: string): string {
  const path = `\`${pathText(prefix, issue.path)}\``;
  if (issue.path?.at(-1)?.origin === 'key' && issue.input === undefined) return `${path} is missing`;
  // Clipped: a 10 000-character "id" must not end up whole in a log line.
  if (issue.kind === 'validation') return `${path} ${issue.message}, got ${bodyExcerpt(JSON.stringify(issue.input) ?? '')}`;
  const expected = EXPECTED_KIND[issue.type] ?? issue.expected ?? 'something else';
  return `${path} should be ${expected}, got ${describeJsonType(issue.input)}`;
}

function parsed<TSchema extends v.GenericSchema>(
  schema: TSchema,
  value: unknown,
  prefix: string,
): ShapeCheck<v.InferOutput<TSchema>> {
  const result = v.safeParse(schema, value, FIRST_PROBLEM);
  return result.success ? { ok: true, value: result.output } : { ok: false, problem: problemOf(result.issues[0], prefix) };
}

// The engine rebuilds the full promocode list from refs.promocodes[id].code before every PATCH that
// touches promocodes; an id without its ref would make it send a list without that code — and the
// server would remove it. So a missing ref is bad data, not something to paper over.
function promocodeRefsProblem(order: Order, path: string, refs: Refs): string | null {
  for (const [index, id] of order.promocodes.entries()) {
    if (refs.promocodes?.[id] === undefined) {
      return `\`${path}.promocodes[${index}]\` ('${id}') has no entry in \`refs.promocodes\``;
    }
  }
  return null;
}

function readOrder(value: unknown, path: string, refs: Refs): ShapeCheck<Order> {
  const order = parsed(OrderSchema, value, path);
  if (!order.ok) return order;
  const problem = promocodeRefsProblem(order.value, path, refs);
  return problem === null ? order : { ok: false, problem };
}

/**
 * Refs are read entry by entry, like the orders of a list: an event ref without an id leaves that event
 * unnamed, it does not make the page unreadable, and a kind that is not an object holds no refs. A
 * promocode ref dropped this way makes each order that uses it unreadable (promocodeRefsProblem), the
 * others are fine. Absent refs are "nothing referenced"; kinds the app does not read are kept as they came.
 */
function readRefs(refs: unknown): ShapeCheck<Refs> {
  if (refs === undefined) return { ok: true, value: {} };
  if (!isJsonObject(refs)) return { ok: false, problem: `\`refs\` should be an object, got ${describeJsonType(refs)}` };
  const read: JsonObject = { ...refs };
  for (const [kind, schema] of Object.entries(REF_SCHEMAS)) {
    const byId = refs[kind];
    if (byId === undefined) continue;
    const entries: JsonObject = {};
    for (const [id, ref] of Object.entries(isJsonObject(byId) ? byId : {})) {
      const entry = v.safeParse(schema, ref, FIRST_PROBLEM);
      if (entry.success) entries[id] = entry.output;
    }
    read[kind] = entries;
  }
  return { ok: true, value: read as Refs };
}

function readEnvelope(parsedBody: unknown): ShapeCheck<{ body: JsonObject; refs: Refs }> {
  if (!isJsonObject(parsedBody)) {
    return { ok: false, problem: `answer is not a JSON object, got ${describeJsonType(parsedBody)}` };
  }
  if (!('data' in parsedBody)) return { ok: false, problem: 'answer has no `data` field' };
  const refs = readRefs(parsedBody.refs);
  if (!refs.ok) return refs;
  return { ok: true, value: { body: parsedBody, refs: refs.value } };
}

/**
 * The promocode failures of a 200 answer. Only `{code, msg}` entries mean something to the clerk (a
 * missing message reads as empty); anything else the server may put in `errors` is skipped rather than
 * allowed to break the answer.
 */
export function promocodeErrorsOf(errors: unknown): PromocodeError[] {
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((entry: unknown) => {
    const withMessage = isJsonObject(entry) && entry.msg === undefined ? { ...entry, msg: '' } : entry;
    const error = v.safeParse(PromocodeErrorSchema, withMessage, FIRST_PROBLEM);
    return error.success ? [error.output] : [];
  });
}

/** `{data: order, refs, errors?}` of PATCH and GET one order. */
export function readOrderResponse(parsedBody: unknown): ShapeCheck<OrderResponse> {
  const envelope = readEnvelope(parsedBody);
  if (!envelope.ok) return envelope;
  const { body, refs } = envelope.value;
  const order = readOrder(body.data, 'data', refs);
  if (!order.ok) return order;
  const promocodeErrors = promocodeErrorsOf(body.errors);
  const { errors: _rawErrors, ...rest } = body;
  const value: OrderResponse = { ...rest, data: order.value, refs };
  if (promocodeErrors.length > 0) value.errors = promocodeErrors;
  return { ok: true, value, promocodeErrors };
}

/** An order of a list page that was left out because it lacks what the app relies on. */
export interface RejectedOrder {
  /** Its position in the page's `data`. */
  index: number;
  id: string | null;
  problem: string;
}

/** A list page as the client hands it on: the well-formed orders in `data`, the others in `rejected`. */
export interface OrderListPage extends OrderListResponse {
  rejected: RejectedOrder[];
}

/**
 * `{data: [orders], refs, pagination}` of the order list. The envelope must be well-formed (else the
 * whole answer is bad), but each order is judged on its own: one order without `vendor_data` must not
 * make every import stop at its page for good. Such an order is left out and named in `rejected`.
 */
export function readOrderListResponse(parsedBody: unknown): ShapeCheck<OrderListPage> {
  const envelope = readEnvelope(parsedBody);
  if (!envelope.ok) return envelope;
  const { body, refs } = envelope.value;
  if (!Array.isArray(body.data)) {
    return { ok: false, problem: `\`data\` should be an array, got ${describeJsonType(body.data)}` };
  }
  if (body.pagination === undefined) return { ok: false, problem: '`pagination` is missing' };
  const pagination = parsed(PaginationSchema, body.pagination, 'pagination');
  if (!pagination.ok) return pagination;
  const orders: Order[] = [];
  const rejected: RejectedOrder[] = [];
  for (const [index, entry] of body.data.entries()) {
    const order = readOrder(entry, `data[${index}]`, refs);
    if (order.ok) orders.push(order.value);
    else rejected.push({ index, id: idOf(entry), problem: order.problem });
  }
  return { ok: true, value: { ...body, data: orders, refs, pagination: pagination.value, rejected } };
}

function idOf(order: unknown): string | null {
  return isJsonObject(order) && typeof order.id === 'string' ? bodyExcerpt(order.id) : null;
}
