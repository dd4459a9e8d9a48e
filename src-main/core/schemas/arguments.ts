// The contract's arguments, checked by ONE set of rules for both transports. Each transport only turns
// what it received into the named arguments of a method (IPC: positional arguments; HTTP: the path,
// the query string and the body, see transport-routes.ts) and calls `checkArguments`; the errors a bad
// input gets are therefore the same over IPC and HTTP, path for path and word for word.
//
// Paths name the contract's own parameters: `orderId`, `editId`, `query.limit`, `filter.events.0`.
// The edit body itself is only required here: what makes an edit valid is the edit schema
// (edits/schema.ts), which the service applies.
import * as v from 'valibot';
import type { Result } from '../contract.ts';
import { EDIT_STATES } from '../edits/states.ts';
import { CSV_SEPARATORS } from '../outbox/csv.ts';
import { refusal, refused } from '../messages/catalog.ts';
import { ORDER_STATUSES } from '../ticketscloud/types.ts';
import { CONTRACT_METHODS, METHOD_PARAMETERS, type ContractMethod } from '../transport-routes.ts';
import { atMostChars, closedObject, oneOf, REPORT_ALL, toFieldErrors, wholeNumber } from './blocks.ts';

export const ARGUMENT_LIMITS = {
  operatorChars: 64,
  apiKeyChars: 200,
  searchTextChars: 10_000,
  searchResults: 200,
  edits: 1000,
  importEvents: 100,
} as const;

/** Ticketscloud ids: 24 hex digits, stored lower-case whichever case the caller used. */
export const OBJECT_ID = /^[0-9a-f]{24}$/i;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const CONTROL_CHARACTERS = /\p{Cc}/u;

export const ObjectIdSchema = v.pipe(v.string('not_a_string'), v.regex(OBJECT_ID, 'invalid_id'), v.toLowerCase());

const EditIdSchema = v.custom<number>(
  (value) => typeof value === 'number' && Number.isSafeInteger(value) && value > 0,
  'invalid_edit_id',
);

const OperatorSchema = v.pipe(
  v.string('not_a_string'),
  v.trim(),
  v.nonEmpty('empty'),
  atMostChars(ARGUMENT_LIMITS.operatorChars),
  v.check((name) => !CONTROL_CHARACTERS.test(name), 'control_characters'),
);

/** Only the type and a size bound: what makes a key usable is the core's rule (ticketscloud/api-key.ts). */
const ApiKeyTextSchema = v.pipe(v.string('not_a_string'), atMostChars(ARGUMENT_LIMITS.apiKeyChars));

const DateTimeSchema = v.pipe(
  v.string('not_a_string'),
  v.check((text) => ISO_DATE_TIME.test(text) && !Number.isNaN(Date.parse(`${text}Z`)), 'invalid_date_time'),
);

function listOf<T>(item: v.GenericSchema<unknown, T>, maxItems: number) {
  return v.pipe(
    v.array(item, 'not_a_list'),
    v.rawCheck<T[]>(({ dataset, addIssue }) => {
      if (dataset.typed && dataset.value.length > maxItems) {
        addIssue({ message: 'too_many_items', expected: String(maxItems), received: String(dataset.value.length) });
      }
    }),
  );
}

const EditFilterSchema = closedObject({
  state: v.optional(oneOf(EDIT_STATES)),
  order_id: v.optional(ObjectIdSchema),
  limit: v.optional(wholeNumber(1, ARGUMENT_LIMITS.edits)),
});

const SearchQuerySchema = closedObject({
  // No text lists the newest orders: an empty search box is a question too (and a query string drops `q=`).
  q: v.optional(v.pipe(v.string('not_a_string'), atMostChars(ARGUMENT_LIMITS.searchTextChars)), ''),
  status: v.optional(oneOf(ORDER_STATUSES)),
  event: v.optional(ObjectIdSchema),
  limit: v.optional(wholeNumber(1, ARGUMENT_LIMITS.searchResults)),
});

const ImportFilterSchema = closedObject({
  events: v.optional(listOf(ObjectIdSchema, ARGUMENT_LIMITS.importEvents)),
  status: v.optional(listOf(oneOf(ORDER_STATUSES), ORDER_STATUSES.length)),
  created_from: v.optional(DateTimeSchema),
  created_to: v.optional(DateTimeSchema),
});

const HistoryCsvOptionsSchema = closedObject({ separator: v.optional(oneOf(CSV_SEPARATORS)) });

// The contract's argument types ARE these schemas' outputs (contract.ts re-exports them).
export type EditFilter = v.InferOutput<typeof EditFilterSchema>;
export type SearchQuery = v.InferOutput<typeof SearchQuerySchema>;
export type ImportFilter = v.InferOutput<typeof ImportFilterSchema>;
export type HistoryCsvOptions = v.InferOutput<typeof HistoryCsvOptionsSchema>;

/** Every method's arguments by name, in the contract's order (IPC passes them in this order). */
export const ARGUMENT_SCHEMAS = {
  status: {},
  saveEdit: { orderId: ObjectIdSchema, edit: v.unknown(), operator: v.optional(OperatorSchema) },
  getOrder: { orderId: ObjectIdSchema },
  refreshOrder: { orderId: ObjectIdSchema },
  listEdits: { filter: v.optional(EditFilterSchema) },
  cancelEdit: { editId: EditIdSchema },
  retryEdit: { editId: EditIdSchema },
  discardEdit: { editId: EditIdSchema },
  pauseSync: {},
  resumeSync: {},
  setApiKey: { key: ApiKeyTextSchema },
  search: { query: SearchQuerySchema },
  listEvents: {},
  importOrders: { filter: ImportFilterSchema },
  historyCsv: { options: v.optional(HistoryCsvOptionsSchema) },
} as const satisfies { [M in ContractMethod]: Record<(typeof METHOD_PARAMETERS)[M][number], v.GenericSchema> };

/** What the method's arguments are once checked: the contract's own parameter types, by name. */
export type CheckedArguments<M extends ContractMethod> =
  (typeof ARGUMENT_SCHEMAS)[M] extends infer E extends v.ObjectEntries ? v.InferOutput<v.ObjectSchema<E, undefined>> : never;

// Built in a loop over the table, so TypeScript cannot see that each entry is closedObject(ARGUMENT_SCHEMAS[M]),
// whose output is CheckedArguments<M> by definition.
const COMPILED = Object.fromEntries(
  CONTRACT_METHODS.map((method) => [method, closedObject(ARGUMENT_SCHEMAS[method])]),
) as unknown as { [M in ContractMethod]: v.GenericSchema<unknown, CheckedArguments<M>> };

/**
 * Checks a method's named arguments. An absent optional argument is simply left out; a value of
 * `undefined` counts as absent. Every problem is reported at once, 422.
 */
export function checkArguments<M extends ContractMethod>(method: M, input: Readonly<Record<string, unknown>>): Result<CheckedArguments<M>> {
  const given = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  const parsed = v.safeParse(COMPILED[method], given, REPORT_ALL);
  if (parsed.success) return { ok: true, value: withoutUndefined(parsed.output) };
  return refused(422, toFieldErrors(parsed.issues));
}

/**
 * IPC's positional arguments as named ones. Extra arguments are a caller bug, not data to ignore.
 */
export function namedArguments(method: ContractMethod, positional: readonly unknown[]): Result<Record<string, unknown>> {
  const names: readonly string[] = METHOD_PARAMETERS[method];
  if (positional.length > names.length) return refusal(422, '', 'too_many_arguments', { limit: names.length });
  return { ok: true, value: Object.fromEntries(names.map((name, index) => [name, positional[index]])) };
}

/** The core sees `{limit: 5}`, not `{state: undefined, limit: 5}`: absent stays absent, one level down too. */
function withoutUndefined<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const entries = Object.entries(value).filter(([, field]) => field !== undefined);
  return Object.fromEntries(entries.map(([key, field]) => [key, withoutUndefined(field)])) as T;
}
