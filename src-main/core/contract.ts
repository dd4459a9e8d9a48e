// The ONE typed API between the renderer and the core. Both transports carry exactly this:
// Electron IPC (src-main/electron/ipc.ts + preload.ts) and the HTTP bridge of headless/browser mode
// (src-main/headless/bridge.ts, documented in docs/bridge-api.md). The renderer sees only `BoxOfficeApi`
// (src-renderer/lib/client.ts) and cannot tell which transport it has.
//
// Nothing here may pull in Node code: the renderer and the sandboxed preload compile this file.
import type * as v from 'valibot';
import type { EditState } from './edits/states.ts';
import type { EditIntent } from './edits/schema.ts';
import type { Lang } from './messages/catalog.ts';
import type { EditFilter, HistoryCsvOptions, ImportFilter, SearchQuery } from './schemas/arguments.ts';
import type { CsvSeparator } from './outbox/csv.ts';
import type { Order, OrderStatus, PromocodeError, Refs } from './ticketscloud/types.ts';
import type {
  ApiEventSchema,
  EditConflictSchema,
  EditDtoSchema,
  EventDtoSchema,
  FieldErrorSchema,
  ImportResultSchema,
  OrderViewSchema,
  SearchAnswerSchema,
  SearchResultDtoSchema,
  SkippedOrderDtoSchema,
  StatusDtoSchema,
} from './schemas/answers.ts';

export type { CsvSeparator, EditFilter, EditIntent, EditState, HistoryCsvOptions, ImportFilter, Order, OrderStatus, PromocodeError, Refs, SearchQuery };

/** A message the clerk reads, in both interface languages (texts: src-main/core/messages/). */
export type LocalizedText = Readonly<Record<Lang, string>>;

// The answers' shapes are written once, as schemas (schemas/answers.ts, which documents each field).
export type FieldError = v.InferOutput<typeof FieldErrorSchema>;
export type EditConflict = v.InferOutput<typeof EditConflictSchema>;
export type FieldValue = EditConflict['mine'];
export type EditDto = v.InferOutput<typeof EditDtoSchema>;
export type StatusDto = v.InferOutput<typeof StatusDtoSchema>;
export type PauseReason = NonNullable<StatusDto['paused']>;
export type OrderView = v.InferOutput<typeof OrderViewSchema>;
export type SearchResultDto = v.InferOutput<typeof SearchResultDtoSchema>;
export type SearchAnswer = v.InferOutput<typeof SearchAnswerSchema>;
export type SkippedOrderDto = v.InferOutput<typeof SkippedOrderDtoSchema>;
export type ImportResult = v.InferOutput<typeof ImportResultSchema>;
export type EventDto = v.InferOutput<typeof EventDtoSchema>;
/** What the core pushes to the UI (IPC events / Server-Sent Events). */
export type ApiEvent = v.InferOutput<typeof ApiEventSchema>;

/** Errors as values at the boundary. `status` is the HTTP status the bridge answers with (422, 404, 409, …). */
export type Result<T> = { ok: true; value: T } | { ok: false; status: number; errors: FieldError[] };

/** The engine as the status bar names it: derived from the status, never carried beside it. */
export type EngineState = 'online' | 'offline' | 'paused:auth' | 'paused:user';

export function engineStateOf(status: Pick<StatusDto, 'online' | 'paused'>): EngineState {
  if (status.paused === 'auth') return 'paused:auth';
  if (status.paused === 'user') return 'paused:user';
  return status.online ? 'online' : 'offline';
}

export interface BoxOfficeApi {
  status(): Promise<StatusDto>;
  /** Validates, then commits the edit durably before answering. Invalid → 422 with one error per field. */
  saveEdit(orderId: string, edit: unknown, operator?: string): Promise<Result<EditDto>>;
  /** The cached order with its pending edits laid over it; an order not cached yet is asked for once. */
  getOrder(orderId: string): Promise<OrderView>;
  /**
   * The clerk opened the order: while online, one GET through the order's lane (never beside a PATCH of it)
   * refreshes the cached copy first, waiting a few seconds at most; then the same view as getOrder.
   */
  refreshOrder(orderId: string): Promise<OrderView>;
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
