// The ONE typed API between the renderer and the core. Both transports carry exactly this:
// Electron IPC (src-main/electron/ipc.ts + preload.ts) and the HTTP bridge of headless/browser mode
// (src-main/headless/bridge.ts, documented in docs/bridge-api.md). The renderer sees only `BoxOfficeApi`
// (src-renderer/lib/client.ts) and cannot tell which transport it has.
//
// Type-only imports: the renderer compiles this file, so nothing here may pull in Node code.
import type { EditState } from './db/schema.ts';
import type { EditIntent } from './edits/schema.ts';
import type { Lang } from './messages/catalog.ts';
import type { EditFilter, HistoryCsvOptions, ImportFilter, SearchQuery } from './schemas/arguments.ts';
import type { CsvSeparator } from './outbox/csv.ts';
import type { Order, OrderStatus, PromocodeError, Refs } from './ticketscloud/types.ts';

export type { CsvSeparator, EditFilter, EditIntent, EditState, HistoryCsvOptions, ImportFilter, Order, OrderStatus, PromocodeError, Refs, SearchQuery };

/** A message the clerk reads, in both interface languages (texts: src-main/core/messages/). */
export type LocalizedText = Readonly<Record<Lang, string>>;

/** One problem with one field of a request. `path` is dotted: "settings.customer.email", "vendor_data.raw.note". */
export interface FieldError {
  path: string;
  code: string;
  message: LocalizedText;
}

/** Errors as values at the boundary. `status` is the HTTP status the bridge answers with (422, 404, 409, …). */
export type Result<T> = { ok: true; value: T } | { ok: false; status: number; errors: FieldError[] };

/** One field's value as compared for conflicts: text, a yes/no, or null for an empty field. */
export type FieldValue = string | boolean | null;

/**
 * A field this edit changed that someone else (the web shop, another counter, the organiser) had ALSO
 * changed since the clerk saw it. The clerk's later save won; this records what it replaced.
 */
export interface EditConflict {
  /** Dotted path, as in FieldError: "settings.customer.email", "settings.send_tickets", "vendor_data.order_id", "vendor_data.raw.<key>". */
  path: string;
  /** What the clerk saw when saving (null: the field was empty). */
  base: FieldValue;
  /** What the other writer had put there: the value this edit replaced. */
  server: FieldValue;
  /** What this edit set (null: the clerk removed a vendor raw key). */
  mine: FieldValue;
}

/** An edit as the clerk and the UI see it. Times are ISO 8601 UTC. */
export interface EditDto {
  id: number;
  order_id: string;
  /** The intent as the clerk saved it, not the PATCH built from it. */
  body: EditIntent;
  operator: string;
  state: EditState;
  attempts: number;
  created_at: string;
  synced_at: string | null;
  next_attempt_at: string | null;
  error: string | null;
  promocode_errors: PromocodeError[];
  /** Set when a failed edit was discarded by the clerk (its state is then `cancelled`). */
  discarded_at: string | null;
  /** Set when the edit was synced and replaced changes made elsewhere; empty otherwise. */
  conflicts: EditConflict[];
}

export type PauseReason = 'auth' | 'user';

export interface StatusDto {
  online: boolean;
  paused: PauseReason | null;
  pending: number;
  failed: number;
  last_sync_at: string | null;
}

export type EngineState = 'online' | 'offline' | 'paused:auth' | 'paused:user';

export interface OrderView {
  /** The server copy with the pending edits laid over it; null when the order is unknown here. */
  order: Order | null;
  server_order: Order | null;
  refs: Refs | null;
  /** The edits of this order, newest first: at most the newest 500 (a script can queue tens of thousands). */
  edits: EditDto[];
  /** How many older edits of this order are not in `edits` (0 nearly always); the history lists them all. */
  older_edits: number;
}

export interface SearchResultDto {
  id: string;
  number: number;
  status: string;
  event_title: string | null;
  customer: { name: string | null; email: string | null; phone: string | null };
  pending_edits: number;
  failed_edits: number;
}

export interface SearchAnswer {
  results: SearchResultDto[];
  took_ms: number;
}

/** An order the import left out because Ticketscloud sent it malformed (e.g. without `vendor_data`). */
export interface SkippedOrderDto {
  /** null when the order did not even have an id. */
  id: string | null;
  /** The list page it was on. */
  page: number;
  /** What was wrong with it, for a log or Ticketscloud support (English, technical). */
  reason: string;
}

export interface ImportResult {
  imported: number;
  pages: number;
  /** How many malformed orders were left out; the rest of their pages was merged. */
  skipped: number;
  /** The first of them (at most 20), with why. */
  skipped_orders: SkippedOrderDto[];
}

export interface EventDto {
  id: string;
  title: string;
}

/** What the core pushes to the UI (IPC events / Server-Sent Events). */
export type ApiEvent =
  | { type: 'edit'; edit: EditDto }
  | { type: 'engine'; state: EngineState; status: StatusDto }
  | { type: 'order'; order_id: string }
  | { type: 'import'; pages: number; imported: number; skipped: number; done: boolean };

export interface BoxOfficeApi {
  status(): Promise<StatusDto>;
  /** Validates, then commits the edit durably before answering. Invalid → 422 with one error per field. */
  saveEdit(orderId: string, edit: unknown, operator?: string): Promise<Result<EditDto>>;
  getOrder(orderId: string): Promise<OrderView>;
  /** Newest first. */
  listEdits(filter?: EditFilter): Promise<EditDto[]>;
  /** Only a `pending` edit can be cancelled; otherwise 409. */
  cancelEdit(editId: number): Promise<Result<EditDto>>;
  /** Only a `failed` edit can be retried; it goes back to `pending`. */
  retryEdit(editId: number): Promise<Result<EditDto>>;
  /** Only a `failed` edit can be discarded; it becomes `cancelled` and stays in history. */
  discardEdit(editId: number): Promise<Result<EditDto>>;
  pauseSync(): Promise<StatusDto>;
  resumeSync(): Promise<StatusDto>;
  setApiKey(key: string): Promise<Result<StatusDto>>;
  search(query: SearchQuery): Promise<SearchAnswer>;
  listEvents(): Promise<EventDto[]>;
  importOrders(filter: ImportFilter): Promise<Result<ImportResult>>;
  /** The whole edit history as CSV (what, who, when, outcome), UTF-8 with a byte order mark. */
  historyCsv(options?: HistoryCsvOptions): Promise<string>;
  /** Returns the function that unsubscribes. */
  subscribe(listener: (event: ApiEvent) => void): () => void;
}

/**
 * What the core offers its transports on top of the renderer's contract. The history export as a stream
 * of CSV chunks: the HTTP bridge sends it as it is read, so a history of a million edits is never one
 * string in memory. (IPC cannot carry a stream; its historyCsv joins the same chunks.)
 */
export interface CoreApi extends BoxOfficeApi {
  historyCsvChunks(options?: HistoryCsvOptions): AsyncIterable<string>;
}
