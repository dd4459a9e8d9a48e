// Fills the local cache from Ticketscloud's order list, page by page, so search works offline. The
// progress lives in the `imports` table: an import cut off (network gone, app closed) continues from
// its next page; one that finished starts again from page 1, which is how the cache is refreshed.
import { eq, sql } from 'drizzle-orm';
import * as v from 'valibot';
import type { ImportFilter, ImportResult, Result, SkippedOrderDto } from '../contract.ts';
import { refusal, type MessageRef } from '../messages/catalog.ts';
import { askCopySequence } from '../cache/copy-sequence.ts';
import { mergeIntoCache } from '../cache/merge.ts';
import { boundValue, perDatabase } from '../db/prepared.ts';
import { withoutFsync } from '../db/without-fsync.ts';
import { queryBuilderFor, type Sqlite } from '../db/open.ts';
import { imports } from '../db/schema.ts';
import type { TicketscloudClient } from '../ticketscloud/client.ts';
import type { Outcome } from '../ticketscloud/outcome.ts';
import type { OrderListQuery, OrderResponse } from '../ticketscloud/types.ts';
import { SkippedOrderDtoSchema } from '../schemas/answers.ts';
import { importFilterKey } from './filter-key.ts';
import { paceImport, type ImportPacing } from './page-pacing.ts';

/** The list endpoint's largest page. */
export const MAX_PAGE_SIZE = 200;

export interface ImportProgress {
  /** Pages read so far by this import, counting pages read before an interruption. */
  pages: number;
  /** Orders merged so far by this import, counting those merged before an interruption. */
  imported: number;
  /** Malformed orders left out so far (the rest of their pages is merged), likewise counted across interruptions. */
  skipped: number;
  done: boolean;
}

/** How many skipped orders are kept with their reason; the count goes on beyond it. */
export const MAX_SKIPPED_SHOWN = 20;

export interface ImportOptions {
  sqlite: Sqlite;
  client: Pick<TicketscloudClient, 'listOrders'>;
  filter: ImportFilter;
  pageSize?: number;
  onProgress?: (progress: ImportProgress) => void;
  now?: () => number;
}

const placeholder = sql.placeholder;

// Once per page, not a hot path: plain drizzle, prepared once per database all the same.
const statements = perDatabase((sqlite) => {
  const db = queryBuilderFor(sqlite);
  const thisImport = eq(imports.filterKey, placeholder('key'));
  return {
    find: db
      .select({
        nextPage: imports.nextPage,
        imported: imports.imported,
        skipped: imports.skipped,
        skippedOrders: imports.skippedOrders,
        finishedAt: imports.finishedAt,
      })
      .from(imports)
      .where(thisImport)
      .prepare(),
    // A finished import of the same filter starts again from page 1 (it refreshes what changed).
    start: db
      .insert(imports)
      .values({ filterKey: placeholder('key'), nextPage: 1, imported: 0, startedAt: placeholder('at'), finishedAt: null })
      .onConflictDoUpdate({
        target: imports.filterKey,
        set: { nextPage: 1, imported: 0, skipped: 0, skippedOrders: '[]', startedAt: sql`excluded.started_at`, finishedAt: null },
      })
      .prepare(),
    advance: db
      .update(imports)
      .set({
        nextPage: boundValue('nextPage'),
        imported: boundValue('imported'),
        skipped: boundValue('skipped'),
        skippedOrders: boundValue('skippedOrders'),
        finishedAt: boundValue('finishedAt'),
      })
      .where(thisImport)
      .prepare(),
  };
});

/**
 * Databases with an import running: the one guard against two at once (a second import would page over
 * the same rows, or race the first's resume point). The service and the demo start both come through here.
 */
const running = new WeakSet<Sqlite>();

/**
 * Reads every page of the filtered order list into the cache. Stops on an empty or short page (what
 * `pagination.total` counts is undocumented, so it is never trusted). Each page is merged and the
 * progress saved in one transaction, so a page is either wholly in the cache and counted, or not at all.
 * A failed request ends the import with an error value; the progress is kept and the next call resumes.
 */
export async function importOrders(options: ImportOptions): Promise<Result<ImportResult>> {
  const { sqlite, client, filter, onProgress } = options;
  const now = options.now ?? Date.now;
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(options.pageSize ?? MAX_PAGE_SIZE)));
  const key = importFilterKey(filter);

  if (running.has(sqlite)) return refusal(409, 'import', 'import_running');
  // A page's commit writes ~220 WAL pages, so every fifth one carried a checkpoint (20–30 ms on the
  // loop) and every few one the search index's merges (10–30 ms): both are paced off the commits.
  const pacing = paceImport(sqlite);
  running.add(sqlite);
  try {
    return await runImport(sqlite, client, filter, key, pageSize, now, onProgress, pacing);
  } finally {
    pacing.release();
    running.delete(sqlite);
  }
}

async function runImport(
  sqlite: Sqlite,
  client: Pick<TicketscloudClient, 'listOrders'>,
  filter: ImportFilter,
  key: string,
  pageSize: number,
  now: () => number,
  onProgress: ((progress: ImportProgress) => void) | undefined,
  pacing: ImportPacing,
): Promise<Result<ImportResult>> {
  const { find, start, advance } = statements(sqlite);
  let progress = find.get({ key });
  if (progress === undefined || progress.finishedAt !== null) {
    start.run({ key, at: now() });
    progress = { nextPage: 1, imported: 0, skipped: 0, skippedOrders: '[]', finishedAt: null };
  }
  let { nextPage: page, imported, skipped } = progress;
  const skippedOrders = parseSkippedOrders(progress.skippedOrders);
  let previousPageIds: string | null = null;

  for (;;) {
    const asked = askCopySequence(sqlite);
    const outcome = await client.listOrders(listQuery(filter, page, pageSize));
    // A checkpoint asked for after an earlier page ran while this page was on its way (page-pacing.ts).
    await pacing.beforeWrite();
    if (outcome.kind !== 'ok') return requestFailed(outcome, page);
    const { data: orders, rejected } = outcome.value;
    // What the server sent, malformed orders included: they count for "the page is full" and "the same page again".
    const sent = orders.length + rejected.length;
    // A server that ignores `page` would send page 1 forever; the same ids twice in a row means that.
    const pageIds = [...orders.map((order) => order.id), ...rejected.map((order) => order.id ?? `#${order.index}`)].join(',');
    if (sent > 0 && pageIds === previousPageIds) {
      return refusal(502, 'import', 'import_pages_repeat', { page, previous: page - 1 });
    }
    previousPageIds = pageIds;

    // A server that serves smaller pages than asked for says so in `pagination.page_size`; judging
    // "short" against what we asked would then end the import after its first page.
    const served = outcome.value.pagination?.page_size;
    const fullPage = typeof served === 'number' && served >= 1 ? Math.min(pageSize, served) : pageSize;
    const done = sent < fullPage;
    // Without fsync, like every cache write: a power cut can only take back the last pages and their
    // progress together, and the import then reads them again (db/without-fsync.ts).
    withoutFsync(sqlite, () => {
      const report = mergeIntoCache(sqlite, orders, outcome.value.refs, asked, now());
      imported += report.merged + report.stale;
      // A malformed order is left out (the client's parse named it), not a reason to stop: stopping
      // would fail every later try at this same page, and the pages after it would never be read.
      const left = rejected.map((order) => ({ id: order.id, page, reason: order.problem }));
      skipped += left.length;
      skippedOrders.push(...left.slice(0, Math.max(0, MAX_SKIPPED_SHOWN - skippedOrders.length)));
      advance.run({
        key,
        nextPage: page + 1,
        imported,
        skipped,
        skippedOrders: JSON.stringify(skippedOrders),
        finishedAt: done ? now() : null,
      });
    });
    onProgress?.({ pages: page, imported, skipped, done });
    // Its merge steps also let the event loop breathe between pages: a 1M-order import must not freeze
    // the UI or the bridge.
    await pacing.afterPage(sent);
    if (done) {
      await pacing.finish();
      return { ok: true, value: { imported, pages: page, skipped, skipped_orders: skippedOrders } };
    }
    page++;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** GET one order and merge it: the clerk's "refresh" of a single order, and the engine's fetch before a first PATCH. */
export async function fetchOrderIntoCache(options: {
  sqlite: Sqlite;
  client: Pick<TicketscloudClient, 'getOrder'>;
  orderId: string;
  now?: () => number;
}): Promise<Outcome<OrderResponse>> {
  const asked = askCopySequence(options.sqlite);
  const outcome = await options.client.getOrder(options.orderId);
  if (outcome.kind !== 'ok') return outcome;
  mergeIntoCache(options.sqlite, [outcome.value.data], outcome.value.refs, asked, (options.now ?? Date.now)());
  return outcome;
}

function parseSkippedOrders(json: string): SkippedOrderDto[] {
  try {
    const parsed = v.safeParse(v.array(SkippedOrderDtoSchema), JSON.parse(json));
    return parsed.success ? parsed.output.slice(0, MAX_SKIPPED_SHOWN) : [];
  } catch {
    // Our own column; unreadable only if hand-edited. The count is still right.
    return [];
  }
}

function listQuery(filter: ImportFilter, page: number, pageSize: number): OrderListQuery {
  const query: OrderListQuery = { page, page_size: pageSize };
  if (filter.events && filter.events.length > 0) query.events = [...filter.events];
  if (filter.status && filter.status.length > 0) query.status = [...filter.status];
  if (filter.created_from) query.created_from = filter.created_from;
  if (filter.created_to) query.created_to = filter.created_to;
  return query;
}

function requestFailed(outcome: Exclude<Outcome<unknown>, { kind: 'ok' }>, page: number): Result<ImportResult> {
  const kept: MessageRef = { message: 'import.kept', params: { page } };
  switch (outcome.kind) {
    case 'transient':
      return refusal(503, 'import', 'ticketscloud_unavailable', { page, reason: outcome.message, kept });
    case 'auth':
      // 502, not 401: the bridge's own 401 means "wrong bridge token"; this is Ticketscloud refusing the API key.
      return refusal(502, 'import', 'ticketscloud_auth', { status: outcome.status, kept });
    case 'permanent':
      return refusal(502, 'import', 'ticketscloud_rejected', { status: outcome.status, reason: outcome.message, kept });
  }
}
