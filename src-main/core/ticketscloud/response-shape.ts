// Checks that a 2xx body is the `{data, refs, …}` the contract promises, before anything is cached.
// Deliberately minimal: it names the first missing or mistyped field the app relies on, and keeps every
// field it does not know (the cache stores the server JSON whole, so stripping would lose data).
import type { Order, OrderListResponse, OrderResponse, PromocodeError, Refs } from './types.ts';

export type ShapeCheck<T> =
  | { ok: true; value: T; promocodeErrors?: PromocodeError[] }
  | { ok: false; problem: string };

type JsonObject = Record<string, unknown>;

const EXCERPT_LENGTH = 40;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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

type FieldKind = 'string' | 'number' | 'object' | 'array';

function fieldProblem(owner: JsonObject, key: string, kind: FieldKind, path: string): string | null {
  const value = owner[key];
  if (value === undefined) return `\`${path}\` is missing`;
  const actual = describeJsonType(value);
  const matches = kind === 'number' ? typeof value === 'number' && Number.isFinite(value) : actual === kind;
  return matches ? null : `\`${path}\` should be ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}, got ${actual}`;
}

const REQUIRED_ORDER_FIELDS: ReadonlyArray<readonly [string, FieldKind]> = [
  ['id', 'string'],
  ['number', 'number'],
  ['status', 'string'],
  ['settings', 'object'],
  ['vendor_data', 'object'],
  ['tickets', 'array'],
  ['promocodes', 'array'],
];

function orderProblem(value: unknown, path: string, refs: Refs): string | null {
  if (!isJsonObject(value)) return `\`${path}\` should be an object, got ${describeJsonType(value)}`;
  for (const [key, kind] of REQUIRED_ORDER_FIELDS) {
    const problem = fieldProblem(value, key, kind, `${path}.${key}`);
    if (problem) return problem;
  }
  return promocodeRefsProblem(value.promocodes as unknown[], path, refs);
}

// The engine rebuilds the full promocode list from refs.promocodes[id].code before every PATCH that
// touches promocodes; an id without its ref would make it send a list without that code — and the
// server would remove it. So a missing ref is bad data, not something to paper over.
function promocodeRefsProblem(promocodeIds: unknown[], path: string, refs: Refs): string | null {
  for (const [index, id] of promocodeIds.entries()) {
    const idPath = `${path}.promocodes[${index}]`;
    if (typeof id !== 'string') return `\`${idPath}\` should be a string, got ${describeJsonType(id)}`;
    if (!isJsonObject(refs.promocodes?.[id])) return `\`${idPath}\` ('${id}') has no entry in \`refs.promocodes\``;
  }
  return null;
}

function readRefs(body: JsonObject): ShapeCheck<Refs> {
  // Absent refs are read as "nothing referenced"; the promocode check above catches the case that matters.
  const { refs } = body;
  if (refs === undefined) return { ok: true, value: {} };
  if (!isJsonObject(refs)) return { ok: false, problem: `\`refs\` should be an object, got ${describeJsonType(refs)}` };
  if (refs.promocodes !== undefined && !isJsonObject(refs.promocodes)) {
    const actual = describeJsonType(refs.promocodes);
    return { ok: false, problem: `\`refs.promocodes\` should be an object, got ${actual}` };
  }
  return { ok: true, value: refs as Refs };
}

function readEnvelope(parsed: unknown): ShapeCheck<{ body: JsonObject; refs: Refs }> {
  if (!isJsonObject(parsed)) {
    return { ok: false, problem: `answer is not a JSON object, got ${describeJsonType(parsed)}` };
  }
  if (!('data' in parsed)) return { ok: false, problem: 'answer has no `data` field' };
  const refs = readRefs(parsed);
  if (!refs.ok) return refs;
  return { ok: true, value: { body: parsed, refs: refs.value } };
}

/**
 * The promocode failures of a 200 answer. Only `{code, msg}` entries mean something to the clerk;
 * anything else the server may put in `errors` is skipped rather than allowed to break the answer.
 */
export function promocodeErrorsOf(errors: unknown): PromocodeError[] {
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((entry: unknown) =>
    isJsonObject(entry) && typeof entry.code === 'string'
      ? [{ code: entry.code, msg: typeof entry.msg === 'string' ? entry.msg : '' }]
      : [],
  );
}

/** `{data: order, refs, errors?}` of PATCH and GET one order. */
export function readOrderResponse(parsed: unknown): ShapeCheck<OrderResponse> {
  const envelope = readEnvelope(parsed);
  if (!envelope.ok) return envelope;
  const { body, refs } = envelope.value;
  const problem = orderProblem(body.data, 'data', refs);
  if (problem) return { ok: false, problem };
  const promocodeErrors = promocodeErrorsOf(body.errors);
  const { errors: _rawErrors, ...rest } = body;
  const value: OrderResponse = { ...rest, data: body.data as Order, refs };
  if (promocodeErrors.length > 0) value.errors = promocodeErrors;
  return { ok: true, value, promocodeErrors };
}

function paginationProblem(body: JsonObject): string | null {
  const problem = fieldProblem(body, 'pagination', 'object', 'pagination');
  if (problem) return problem;
  const pagination = body.pagination as JsonObject;
  for (const key of ['page', 'page_size', 'total']) {
    const fieldIssue = fieldProblem(pagination, key, 'number', `pagination.${key}`);
    if (fieldIssue) return fieldIssue;
  }
  return null;
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
export function readOrderListResponse(parsed: unknown): ShapeCheck<OrderListPage> {
  const envelope = readEnvelope(parsed);
  if (!envelope.ok) return envelope;
  const { body, refs } = envelope.value;
  if (!Array.isArray(body.data)) {
    return { ok: false, problem: `\`data\` should be an array, got ${describeJsonType(body.data)}` };
  }
  const problem = paginationProblem(body);
  if (problem) return { ok: false, problem };
  const orders: Order[] = [];
  const rejected: RejectedOrder[] = [];
  for (const [index, order] of body.data.entries()) {
    const orderIssue = orderProblem(order, `data[${index}]`, refs);
    if (orderIssue === null) orders.push(order as Order);
    else rejected.push({ index, id: idOf(order), problem: orderIssue });
  }
  const value: OrderListPage = {
    ...body,
    data: orders,
    refs,
    pagination: body.pagination as OrderListResponse['pagination'],
    rejected,
  };
  return { ok: true, value };
}

function idOf(order: unknown): string | null {
  return isJsonObject(order) && typeof order.id === 'string' ? bodyExcerpt(order.id) : null;
}
