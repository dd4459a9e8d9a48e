// How each method of the contract travels: the one table that drives the IPC channels (main and preload),
// the HTTP bridge and the renderer's HTTP client. docs/bridge-api.md is the HTTP contract; a test reads
// its route table and compares it with this one.
//
// Node-free, and no dependency but the message catalog: the sandboxed preload and the renderer bundle it.
import type { BoxOfficeApi, Result } from './contract.ts';
import { SPREADSHEET_SEPARATOR } from './messages/catalog.ts';

/** Every request/answer method of the contract (`subscribe` is the event stream, not a call). */
export type ContractMethod = Exclude<keyof BoxOfficeApi, 'subscribe'>;

/** What the contract method resolves to, with a Result's success value taken out of it. */
export type Answer<M extends ContractMethod> =
  Awaited<ReturnType<BoxOfficeApi[M]>> extends Result<infer T> ? T : Awaited<ReturnType<BoxOfficeApi[M]>>;

/**
 * Each method's parameters by name, in the contract's order: IPC sends them positionally in this order,
 * and error paths name them (`orderId`, `query.limit`, `filter.events.0`).
 */
export const METHOD_PARAMETERS = {
  status: [],
  saveEdit: ['orderId', 'edit', 'operator'],
  getOrder: ['orderId'],
  refreshOrder: ['orderId'],
  listEdits: ['filter'],
  cancelEdit: ['editId'],
  retryEdit: ['editId'],
  discardEdit: ['editId'],
  pauseSync: [],
  resumeSync: [],
  setApiKey: ['key'],
  search: ['query'],
  listEvents: [],
  importOrders: ['filter'],
  historyCsv: ['options'],
} as const satisfies { [M in ContractMethod]: readonly string[] }; // a method missing here fails to compile

export const CONTRACT_METHODS = Object.keys(METHOD_PARAMETERS) as ContractMethod[];

export type HttpVerb = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * How a query string value turns into a contract value: a whole number, or a word standing for a value
 * (`sep=semicolon` → separator `;`). Everything else stays the string it was, and the shared argument
 * rules judge it.
 */
export type QueryField = { kind: 'number' } | { kind: 'word'; field: string; words: Readonly<Record<string, string>> };

export interface HttpRoute {
  verb: HttpVerb;
  /** `:name` segments are the method's parameters of that name. */
  path: string;
  /** The parameter whose fields are the query string, and how its non-text fields are spelt there. */
  query?: { parameter: string; fields?: Readonly<Record<string, QueryField>> };
  /** The JSON body: some parameters as its fields, or one parameter as the whole body (`{}` when absent). */
  body?: { fields: readonly string[] } | { whole: string };
  /** What the answer is: the contract's Result (errors are values), a plain value (errors throw), or CSV text. */
  answer: 'result' | 'value' | 'csv';
  /** The answer's key in the JSON body (`{"edit": …}`), when the value is wrapped. */
  answerKey?: string;
  /** 201 for a method that creates something. */
  created?: true;
}

export const HTTP_ROUTES = {
  status: { verb: 'GET', path: '/api/status', answer: 'value' },
  saveEdit: {
    verb: 'POST',
    path: '/api/orders/:orderId/edits',
    body: { fields: ['edit', 'operator'] },
    answer: 'result',
    answerKey: 'edit',
    created: true,
  },
  getOrder: { verb: 'GET', path: '/api/orders/:orderId', answer: 'value' },
  refreshOrder: { verb: 'POST', path: '/api/orders/:orderId/refresh', answer: 'value' },
  listEdits: {
    verb: 'GET',
    path: '/api/edits',
    query: { parameter: 'filter', fields: { limit: { kind: 'number' } } },
    answer: 'value',
    answerKey: 'edits',
  },
  cancelEdit: { verb: 'POST', path: '/api/edits/:editId/cancel', answer: 'result', answerKey: 'edit' },
  retryEdit: { verb: 'POST', path: '/api/edits/:editId/retry', answer: 'result', answerKey: 'edit' },
  discardEdit: { verb: 'DELETE', path: '/api/edits/:editId', answer: 'result', answerKey: 'edit' },
  pauseSync: { verb: 'POST', path: '/api/sync/pause', answer: 'value' },
  resumeSync: { verb: 'POST', path: '/api/sync/resume', answer: 'value' },
  setApiKey: { verb: 'PUT', path: '/api/settings/api-key', body: { fields: ['key'] }, answer: 'result' },
  search: {
    verb: 'GET',
    path: '/api/search',
    query: { parameter: 'query', fields: { limit: { kind: 'number' } } },
    answer: 'value',
  },
  listEvents: { verb: 'GET', path: '/api/events-list', answer: 'value', answerKey: 'events' },
  importOrders: { verb: 'POST', path: '/api/orders/import', body: { whole: 'filter' }, answer: 'result' },
  historyCsv: {
    verb: 'GET',
    path: '/api/history.csv',
    query: {
      parameter: 'options',
      // `locale` picks what that locale's spreadsheets split on; `sep`, listed after it, wins when both are given.
      fields: {
        locale: { kind: 'word', field: 'separator', words: SPREADSHEET_SEPARATOR },
        sep: { kind: 'word', field: 'separator', words: { comma: ',', semicolon: ';' } },
      },
    },
    answer: 'csv',
  },
} as const satisfies { [M in ContractMethod]: HttpRoute };

/** Path parameters that are numbers in the contract (`:editId`). */
export const NUMERIC_PATH_PARAMETERS: readonly string[] = ['editId'];

/** Methods whose contract answer is already a Result: over IPC the reply IS that Result, passed through. */
export const RESULT_METHODS = CONTRACT_METHODS.filter((method) => HTTP_ROUTES[method].answer === 'result');

export interface HttpRequest {
  verb: HttpVerb;
  /** Path and query string, e.g. `/api/edits?state=failed&limit=50`. */
  url: string;
  /** The JSON body, when the route has one. */
  body?: unknown;
}

/** How a value is spelt in the query string: a word that stands for it where the table has one. */
function queryEntry(field: string, value: unknown, spellings: Readonly<Record<string, QueryField>>): [string, string] {
  let entry: [string, string] = [field, String(value)];
  for (const [name, spelling] of Object.entries(spellings)) {
    if (spelling.kind !== 'word' || spelling.field !== field) continue;
    const word = Object.entries(spelling.words).find(([, meaning]) => meaning === value)?.[0];
    // The last spelling listed is the one the bridge lets win, so the client uses it too.
    if (word !== undefined) entry = [name, word];
  }
  return entry;
}

/**
 * The HTTP request that carries one contract call: what the renderer's HTTP client sends, and exactly
 * what the bridge turns back into the same arguments (a test round-trips every method).
 */
export function httpRequestFor(method: ContractMethod, args: readonly unknown[]): HttpRequest {
  const route: HttpRoute = HTTP_ROUTES[method];
  const names: readonly string[] = METHOD_PARAMETERS[method];
  const named = new Map(names.map((name, index) => [name, args[index]]));
  const path = route.path.replace(/:(\w+)/g, (_whole, name: string) => encodeURIComponent(String(named.get(name))));
  const search = new URLSearchParams();
  if (route.query) {
    const value = named.get(route.query.parameter);
    const fields = typeof value === 'object' && value !== null ? Object.entries(value) : [];
    for (const [field, fieldValue] of fields) {
      if (fieldValue === undefined || fieldValue === '') continue;
      search.append(...queryEntry(field, fieldValue, route.query.fields ?? {}));
    }
  }
  const query = search.toString();
  const request: HttpRequest = { verb: route.verb, url: query === '' ? path : `${path}?${query}` };
  if (route.body && 'whole' in route.body) request.body = named.get(route.body.whole) ?? {};
  else if (route.body) request.body = Object.fromEntries(route.body.fields.filter((name) => named.get(name) !== undefined).map((name) => [name, named.get(name)]));
  return request;
}
