// What the contract's methods answer and what its event stream carries, as valibot schemas: the
// contract's answer types (contract.ts) are inferred from these, so the shape is written once. The
// core builds its answers to these types; the renderer's HTTP client parses each answer with them
// (something between the browser and the bridge may answer instead), and so do the bridge's tests.
//
// Node-free: the renderer bundles this file.
import * as v from 'valibot';
import { EDIT_STATES } from '../edits/states.ts';
import type { EditIntent } from '../edits/schema.ts';
import type { Answer, ContractMethod } from '../transport-routes.ts';
import { isJsonObject, OrderSchema, PromocodeErrorSchema, RefsSchema } from './server.ts';

const isoTime = v.string();
const count = v.pipe(v.number(), v.integer(), v.minValue(0));

export const LocalizedTextSchema = v.object({ en: v.string(), ru: v.string() });

/** One problem with one field of a request. `path` is dotted: "settings.customer.email", "vendor_data.raw.note". */
export const FieldErrorSchema = v.object({ path: v.string(), code: v.string(), message: LocalizedTextSchema });

/** One field's value as compared for conflicts: text, a yes/no, or null for an empty field. */
const FieldValueSchema = v.nullable(v.union([v.string(), v.boolean()]));

/**
 * A field an edit changed that someone else (the web shop, another counter, the organiser) had ALSO
 * changed since the clerk saw it. The clerk's later save won; this records what it replaced.
 */
export const EditConflictSchema = v.object({
  /** Dotted path, as in FieldError: "settings.customer.email", "vendor_data.raw.<key>". */
  path: v.string(),
  /** What the clerk saw when saving (null: the field was empty). */
  base: FieldValueSchema,
  /** What the other writer had put there: the value this edit replaced. */
  server: FieldValueSchema,
  /** What this edit set (null: the clerk removed a vendor raw key). */
  mine: FieldValueSchema,
});

/**
 * The intent as the clerk saved it. It was judged by the edit schema (edits/schema.ts) when it was saved;
 * an answer does not judge it again, because a later version's stricter rule must not make the history
 * of an order unreadable.
 */
const SavedIntentSchema = v.custom<EditIntent>(isJsonObject);

/** An edit as the clerk and the UI see it. Times are ISO 8601 UTC. */
export const EditDtoSchema = v.object({
  id: count,
  order_id: v.string(),
  body: SavedIntentSchema,
  operator: v.string(),
  state: v.picklist(EDIT_STATES),
  attempts: count,
  created_at: isoTime,
  synced_at: v.nullable(isoTime),
  next_attempt_at: v.nullable(isoTime),
  error: v.nullable(v.string()),
  promocode_errors: v.array(PromocodeErrorSchema),
  /** Set when a failed edit was discarded by the clerk (its state is then `cancelled`). */
  discarded_at: v.nullable(isoTime),
  /** Set when the edit was synced and replaced changes made elsewhere; empty otherwise. */
  conflicts: v.array(EditConflictSchema),
});

export const PAUSE_REASONS = ['auth', 'user'] as const;

export const StatusDtoSchema = v.object({
  online: v.boolean(),
  paused: v.nullable(v.picklist(PAUSE_REASONS)),
  pending: count,
  failed: count,
  last_sync_at: v.nullable(isoTime),
  /** Queued edits of reservations that end within 15 minutes, and the soonest end; null when none. */
  deadline: v.nullable(v.object({ edits: count, ends_at: isoTime })),
});

export const OrderViewSchema = v.object({
  /** The server copy with the pending edits laid over it; null when the order is unknown here. */
  order: v.nullable(OrderSchema),
  server_order: v.nullable(OrderSchema),
  refs: v.nullable(RefsSchema),
  /** When the local copy came from Ticketscloud (ISO 8601 UTC), null when there is none: "as of 2 min ago". */
  fetched_at: v.nullable(isoTime),
  /** The edits of this order, newest first: at most the newest 500 (a script can queue tens of thousands). */
  edits: v.array(EditDtoSchema),
  /** How many older edits of this order are not in `edits` (0 nearly always); the history lists them all. */
  older_edits: count,
});

export const SearchResultDtoSchema = v.object({
  id: v.string(),
  number: v.number(),
  status: v.string(),
  event_title: v.nullable(v.string()),
  customer: v.object({ name: v.nullable(v.string()), email: v.nullable(v.string()), phone: v.nullable(v.string()) }),
  pending_edits: count,
  failed_edits: count,
});

export const SearchAnswerSchema = v.object({ results: v.array(SearchResultDtoSchema), took_ms: v.number() });

/** An order the import left out because Ticketscloud sent it malformed (e.g. without `vendor_data`). */
export const SkippedOrderDtoSchema = v.object({
  /** null when the order did not even have an id. */
  id: v.nullable(v.string()),
  /** The list page it was on. */
  page: count,
  /** What was wrong with it, for a log or Ticketscloud support (English, technical). */
  reason: v.string(),
});

export const ImportResultSchema = v.object({
  imported: count,
  pages: count,
  /** How many malformed orders were left out; the rest of their pages was merged. */
  skipped: count,
  /** The first of them (at most 20), with why. */
  skipped_orders: v.array(SkippedOrderDtoSchema),
});

export const EventDtoSchema = v.object({ id: v.string(), title: v.string() });

/** What the core pushes to the UI (IPC events / Server-Sent Events). */
export const ApiEventSchema = v.variant('type', [
  v.object({ type: v.literal('edit'), edit: EditDtoSchema }),
  v.object({ type: v.literal('engine'), status: StatusDtoSchema }),
  v.object({ type: v.literal('order'), order_id: v.string() }),
  v.object({ type: v.literal('import'), pages: count, imported: count, skipped: count, done: v.boolean() }),
]);

/**
 * Each method's answer (a Result's success value), for the transports that carry them as JSON. A method
 * of the contract without its answer here, or with another shape, fails to compile.
 */
export const ANSWER_SCHEMAS = {
  status: StatusDtoSchema,
  saveEdit: EditDtoSchema,
  getOrder: OrderViewSchema,
  refreshOrder: OrderViewSchema,
  listEdits: v.array(EditDtoSchema),
  cancelEdit: EditDtoSchema,
  retryEdit: EditDtoSchema,
  discardEdit: EditDtoSchema,
  pauseSync: StatusDtoSchema,
  resumeSync: StatusDtoSchema,
  setApiKey: StatusDtoSchema,
  search: SearchAnswerSchema,
  listEvents: v.array(EventDtoSchema),
  importOrders: ImportResultSchema,
  historyCsv: v.string(),
} as const satisfies { [M in ContractMethod]: v.GenericSchema<unknown, Answer<M>> };
