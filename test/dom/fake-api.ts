// An in-memory BoxOfficeApi for component tests only: it validates with the real edit schema and keeps
// edits, orders and status in memory, so a component can be driven exactly as the real core drives it.
// (The end-to-end suite runs the real core, bridge and sandbox.)
import type {
  ApiEvent,
  BoxOfficeApi,
  EditDto,
  EditFilter,
  EventDto,
  HistoryCsvOptions,
  ImportResult,
  Order,
  OrderView,
  Refs,
  Result,
  SearchAnswer,
  SearchQuery,
  SearchResultDto,
  StatusDto,
} from '../../src-main/core/contract.ts';
import { validateEdit } from '../../src-main/core/edits/schema.ts';
import { sampleEdit } from '../support/fixtures.ts';

type Listener = (event: ApiEvent) => void;

export class FakeApi implements BoxOfficeApi {
  orders = new Map<string, { order: Order; refs: Refs }>();
  edits: EditDto[] = [];
  currentStatus: StatusDto = { online: true, paused: null, pending: 0, failed: 0, last_sync_at: null, deadline: null };
  events: EventDto[] = [];
  apiKeys: string[] = [];
  saved: { orderId: string; edit: unknown; operator: string | undefined }[] = [];
  csv = 'id,order_id\n';
  /** What each historyCsv call asked for. */
  csvRequests: (HistoryCsvOptions | undefined)[] = [];
  private listeners = new Set<Listener>();
  private nextId = 100;

  emit(event: ApiEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  addOrder(order: Order, refs: Refs): void {
    this.orders.set(order.id, { order, refs });
  }

  async status(): Promise<StatusDto> {
    return this.currentStatus;
  }

  async saveEdit(orderId: string, edit: unknown, operator?: string): Promise<Result<EditDto>> {
    const checked = validateEdit(edit);
    if (!checked.ok) return checked;
    this.saved.push({ orderId, edit, operator });
    const dto = sampleEdit(checked.value, { id: this.nextId++, order_id: orderId, operator: operator ?? 'clerk', created_at: new Date().toISOString() });
    this.edits.unshift(dto);
    this.emit({ type: 'edit', edit: dto });
    return { ok: true, value: dto };
  }

  /** The time the fake's copies "came from Ticketscloud"; a test moves it to show an older copy. */
  fetchedAt = new Date().toISOString();
  /** Which orders the screen asked to refresh, in order. */
  refreshed: string[] = [];

  async getOrder(orderId: string): Promise<OrderView> {
    const found = this.orders.get(orderId);
    return {
      order: found?.order ?? null,
      server_order: found?.order ?? null,
      refs: found?.refs ?? null,
      fetched_at: found ? this.fetchedAt : null,
      edits: this.edits.filter((edit) => edit.order_id === orderId),
      older_edits: 0,
    };
  }

  async refreshOrder(orderId: string): Promise<OrderView> {
    this.refreshed.push(orderId);
    return this.getOrder(orderId);
  }

  async listEdits(filter: EditFilter = {}): Promise<EditDto[]> {
    return this.edits.filter(
      (edit) => (!filter.state || edit.state === filter.state) && (!filter.order_id || edit.order_id === filter.order_id),
    );
  }

  private transition(editId: number, from: EditDto['state'], change: Partial<EditDto>): Result<EditDto> {
    const edit = this.edits.find((candidate) => candidate.id === editId);
    if (!edit) return { ok: false, status: 404, errors: [{ path: '', code: 'not_found', message: { en: 'No such edit', ru: 'Нет такого изменения' } }] };
    if (edit.state !== from) {
      return { ok: false, status: 409, errors: [{ path: '', code: 'invalid_state', message: { en: 'Wrong state', ru: 'Не то состояние' } }] };
    }
    Object.assign(edit, change);
    this.emit({ type: 'edit', edit });
    return { ok: true, value: edit };
  }

  async cancelEdit(editId: number): Promise<Result<EditDto>> {
    return this.transition(editId, 'pending', { state: 'cancelled' });
  }

  async retryEdit(editId: number): Promise<Result<EditDto>> {
    return this.transition(editId, 'failed', { state: 'pending', error: null });
  }

  async discardEdit(editId: number): Promise<Result<EditDto>> {
    return this.transition(editId, 'failed', { state: 'cancelled', discarded_at: new Date().toISOString() });
  }

  async pauseSync(): Promise<StatusDto> {
    this.currentStatus = { ...this.currentStatus, paused: 'user' };
    return this.currentStatus;
  }

  async resumeSync(): Promise<StatusDto> {
    this.currentStatus = { ...this.currentStatus, paused: null };
    return this.currentStatus;
  }

  async setApiKey(key: string): Promise<Result<StatusDto>> {
    this.apiKeys.push(key);
    this.currentStatus = { ...this.currentStatus, paused: null };
    return { ok: true, value: this.currentStatus };
  }

  async search(query: SearchQuery): Promise<SearchAnswer> {
    const needle = query.q.trim().toLowerCase();
    const results: SearchResultDto[] = [];
    for (const { order, refs } of this.orders.values()) {
      const customer = order.settings.customer ?? {};
      const haystack = [String(order.number), customer.name ?? '', customer.email ?? '', ...order.tickets.map((t) => t.barcode ?? '')]
        .join(' ')
        .toLowerCase();
      if (needle === '' || !haystack.includes(needle)) continue;
      const edits = this.edits.filter((edit) => edit.order_id === order.id);
      results.push({
        id: order.id,
        number: order.number,
        status: order.status,
        event_title: refs.events?.[order.event]?.title?.text ?? null,
        customer: { name: customer.name ?? null, email: customer.email ?? null, phone: customer.phone ?? null },
        pending_edits: edits.filter((edit) => edit.state === 'pending').length,
        failed_edits: edits.filter((edit) => edit.state === 'failed').length,
      });
    }
    return { results, took_ms: 0 };
  }

  async listEvents(): Promise<EventDto[]> {
    return this.events;
  }

  /** What importOrders answers. */
  importResult: ImportResult = { imported: 0, pages: 0, skipped: 0, skipped_orders: [] };

  async importOrders(): Promise<Result<ImportResult>> {
    return { ok: true, value: this.importResult };
  }

  async historyCsv(options?: HistoryCsvOptions): Promise<string> {
    this.csvRequests.push(options);
    return this.csv;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
