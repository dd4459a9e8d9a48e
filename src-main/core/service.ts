// The box office itself: implements the ONE contract (contract.ts) by composing the database, the
// Ticketscloud client, the outbox, the sync engine, the cache, search and import. Both transports (Electron
// IPC and the HTTP bridge) wrap the `api` this returns and add nothing but transport. Plain Node: no electron.
import { openDatabase } from './db/open.ts';
import { startLoopMonitor, type LoopMonitor } from './diagnostics/loop-monitor.ts';
import { fetchedAtOf, getCachedOrder, listEvents } from './cache/read.ts';
import type {
  ApiEvent,
  CoreApi,
  EditDto,
  ImportFilter,
  ImportResult,
  OrderView,
  Result,
  StatusDto,
} from './contract.ts';
import { overlayIntents } from './edits/overlay.ts';
import { importOrders } from './import/import.ts';
import { refused } from './messages/catalog.ts';
import { createOutbox } from './outbox/outbox.ts';
import { OBJECT_ID } from './schemas/arguments.ts';
import { bringSearchIndexUpToDate } from './search/index-upgrade.ts';
import { resumeAutomergeIfPaused } from './search/index-merges.ts';
import { searchOrders } from './search/search.ts';
import { eventChannel } from './event-channel.ts';
import { createSyncEngine, type SyncEngineOptions } from './sync/engine.ts';
import { apiKeyErrors } from './ticketscloud/api-key.ts';
import { createTicketscloudClient } from './ticketscloud/client.ts';

export { API_KEY_MAX_LENGTH, apiKeyErrors } from './ticketscloud/api-key.ts';

export interface BoxOfficeOptions {
  dbFile: string;
  apiUrl: string;
  apiKey: string;
  /** Orders sent to Ticketscloud in parallel (the engine's default when omitted). */
  concurrency?: number;
  migrationsFolder?: string;
  policy?: SyncEngineOptions['policy'];
  /** How long GET one order may wait for the server when the order is not cached yet. */
  refreshWaitMs?: number;
  /**
   * What this process is ("headless", "desktop"), named in the refusal a second box office on the same
   * database gets (DatabaseInUseError from createBoxOffice). Default "box office".
   */
  processKind?: string;
}

export interface BoxOffice {
  api: CoreApi;
  /** Starts the sync engine: edits found in the outbox (from a previous run too) start draining. */
  start(): void;
  /**
   * Settles when the search index is up to date: after an upgrade that changed indexing, the cached
   * orders are re-indexed in the background (chunked), and search finds them once this settles.
   */
  searchIndexReady: Promise<void>;
  /** Stops the engine (requests in flight finish), then closes the client and the database. */
  stop(): Promise<void>;
  /** The longest event-loop block (ms) since start(); blocks over 50 ms are also logged as they happen. */
  longestLoopBlockMs(): number;
}

export const DEFAULT_OPERATOR = 'clerk';
const DEFAULT_REFRESH_WAIT_MS = 3_000;
// On stop, an import still paging in gets this long to finish its page before the database closes.
const IMPORT_STOP_WAIT_MS = 5_000;

export function createBoxOffice(options: BoxOfficeOptions): BoxOffice {
  // One engine per database: a second process on this file is refused here, before it migrates or sends.
  const database = openDatabase(options.dbFile, {
    migrationsFolder: options.migrationsFolder,
    exclusiveFor: options.processKind ?? 'box office',
  });
  const { sqlite, db } = database;
  const client = createTicketscloudClient({ baseUrl: options.apiUrl, apiKey: options.apiKey });
  const outbox = createOutbox(sqlite, db);
  const engine = createSyncEngine({
    sqlite,
    db,
    client,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.policy === undefined ? {} : { policy: options.policy }),
    startPausedForAuth: options.apiKey.trim() === '',
  });
  const refreshWaitMs = options.refreshWaitMs ?? DEFAULT_REFRESH_WAIT_MS;

  // One broken subscriber (a closed socket) must not stop the others from hearing about edits.
  const events = eventChannel<ApiEvent>((error) => console.error('box office: an event listener threw', error));
  const emit = (event: ApiEvent): void => events.emit(event);

  // The engine announces its own cache merges (`order` events); the service adds the ones it causes.
  const stopForwarding = engine.on(emit);

  const announceEdit = <T extends Result<EditDto>>(result: T): T => {
    if (result.ok) emit({ type: 'edit', edit: result.value });
    return result;
  };

  /**
   * A fresh copy of the order through its lane (engine.refresh), but the clerk never waits long for it:
   * offline nothing is asked, and a slow answer still lands in the cache and raises an `order` event.
   */
  async function refreshBriefly(orderId: string): Promise<void> {
    if (stopped || !engine.status().online) return;
    await Promise.race([engine.refresh(orderId), delay(refreshWaitMs)]);
  }

  function viewOf(orderId: string): OrderView {
    const cached = getCachedOrder(sqlite, orderId);
    const { edits, older } = outbox.forOrder(orderId);
    if (!cached) return { order: null, server_order: null, refs: null, fetched_at: null, edits, older_edits: older };
    const intents = outbox.pendingIntents(orderId);
    const fetchedAt = fetchedAtOf(sqlite, orderId);
    return {
      order: overlayIntents(cached.order, cached.refs, intents),
      server_order: cached.order,
      refs: cached.refs,
      fetched_at: fetchedAt === null ? null : new Date(fetchedAt).toISOString(),
      edits,
      older_edits: older,
    };
  }

  let importInFlight: Promise<Result<ImportResult>> | null = null;
  let stopped = false;
  // Watches the loop that serves the clerk (in the desktop app: Electron's main process) from start() on.
  let loopMonitor: LoopMonitor | null = null;

  // An import cut off by a crash left the index's merges paused (search/index-merges.ts).
  if (resumeAutomergeIfPaused(sqlite)) console.info('box office: search index merges resumed after an interrupted import');
  // Started at once (search is usable while it runs, finding more as it goes); stops between chunks on stop().
  const searchIndexReady = bringSearchIndexUpToDate(sqlite, {
    shouldStop: () => stopped,
    onProgress: ({ indexed, total, done }) => {
      if (total > 0 && (done || indexed % 10_000 === 0)) console.info(`box office: search index rebuilt for ${indexed} of ${total} orders`);
    },
  }).then(
    () => undefined,
    (error: unknown) => console.error('box office: rebuilding the search index failed; search may miss older orders', error),
  );

  const api: CoreApi = {
    async status(): Promise<StatusDto> {
      return engine.status();
    },

    async saveEdit(orderId, edit, operator = DEFAULT_OPERATOR) {
      const saved = announceEdit(outbox.saveEdit(orderId, edit, operator));
      if (saved.ok) engine.kick(saved.value.order_id);
      return saved;
    },

    async getOrder(orderId): Promise<OrderView> {
      if (!OBJECT_ID.test(orderId)) return viewOf('');
      // Not cached yet (never imported): ask the server once.
      if (getCachedOrder(sqlite, orderId) === null) await refreshBriefly(orderId);
      return viewOf(orderId);
    },

    async refreshOrder(orderId): Promise<OrderView> {
      if (!OBJECT_ID.test(orderId)) return viewOf('');
      await refreshBriefly(orderId);
      return viewOf(orderId);
    },

    async listEdits(filter = {}) {
      return outbox.list(filter);
    },

    async cancelEdit(editId) {
      return announceEdit(outbox.cancel(editId));
    },

    async retryEdit(editId) {
      const retried = announceEdit(outbox.retry(editId));
      if (retried.ok) engine.kick(retried.value.order_id);
      return retried;
    },

    async discardEdit(editId) {
      const discarded = announceEdit(outbox.discard(editId));
      // A failed edit may hold back its order's later edits; once it is out of the way they can go.
      if (discarded.ok) engine.kick(discarded.value.order_id);
      return discarded;
    },

    async pauseSync() {
      engine.pause();
      return engine.status();
    },

    async resumeSync() {
      engine.resume();
      return engine.status();
    },

    async setApiKey(key): Promise<Result<StatusDto>> {
      const errors = apiKeyErrors(key);
      if (errors.length > 0) return refused(422, errors);
      engine.setApiKey(key);
      return { ok: true, value: engine.status() };
    },

    async search(query) {
      return searchOrders(sqlite, query);
    },

    async listEvents() {
      return listEvents(sqlite);
    },

    async importOrders(filter: ImportFilter): Promise<Result<ImportResult>> {
      const running = importOrders({
        sqlite,
        client,
        filter,
        onProgress: (progress) => emit({ type: 'import', ...progress }),
      });
      importInFlight = running;
      try {
        return await running;
      } finally {
        importInFlight = null;
      }
    },

    async historyCsv(options) {
      return outbox.historyCsv({ separator: options?.separator ?? ',' });
    },

    historyCsvChunks(options) {
      return outbox.historyCsvChunks({ separator: options?.separator ?? ',' });
    },

    subscribe: (listener) => events.on(listener),
  };

  return {
    api,
    searchIndexReady,
    start() {
      loopMonitor ??= startLoopMonitor();
      engine.start();
    },
    longestLoopBlockMs: () => loopMonitor?.maxBlockMs() ?? 0,
    async stop() {
      if (stopped) return;
      stopped = true;
      loopMonitor?.stop();
      await engine.stop();
      stopForwarding();
      await searchIndexReady;
      if (importInFlight) await Promise.race([importInFlight, delay(IMPORT_STOP_WAIT_MS)]);
      events.clear();
      client.close();
      database.close();
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
