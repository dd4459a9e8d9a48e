// Offline search over the cached orders: what the clerk types → the orders, exact codes first, each
// with its sync state. Every statement is prepared once per handle and bounded by a LIMIT inside
// SQLite, so a keystroke costs a few index lookups however many orders are cached.
import { performance } from 'node:perf_hooks';
import { perDatabase } from '../db/prepared.ts';
import type { SearchAnswer, SearchQuery, SearchResultDto } from '../contract.ts';
import type { Sqlite } from '../db/open.ts';
import { ARGUMENT_LIMITS } from '../schemas/arguments.ts';
import { planSearch } from './query.ts';

export const DEFAULT_SEARCH_LIMIT = 50;
export const MAX_SEARCH_LIMIT = ARGUMENT_LIMITS.searchResults;

interface MatchParams {
  match: string;
  status: string | null;
  event: string | null;
  limit: number;
}

interface ResultRow {
  id: string;
  number: number;
  status: string;
  event_title: unknown;
  name: unknown;
  email: unknown;
  phone: unknown;
  pending_edits: number;
  failed_edits: number;
}

const statements = perDatabase((sqlite) => ({
  // CROSS JOIN keeps FTS5 as the outer loop: it yields matches newest-cached first (rowid DESC) and
  // stops at the LIMIT; the filters are checked on each match through the orders' rowid.
  matching: sqlite
    .prepare<MatchParams, number>(
      `SELECT f.rowid FROM search_fts AS f CROSS JOIN orders AS o ON o.rowid = f.rowid
       WHERE search_fts MATCH @match
         AND (@status IS NULL OR o.status = @status)
         AND (@event IS NULL OR o.event_id = @event)
       ORDER BY f.rowid DESC LIMIT @limit`,
    )
    .pluck(),
  // An empty search box lists the newest cached orders (of the chosen event/status). One statement
  // per filter combination, so SQLite can use orders_event_status instead of scanning every order.
  newest: {
    all: sqlite.prepare<[number], number>('SELECT rowid FROM orders ORDER BY rowid DESC LIMIT ?').pluck(),
    byStatus: sqlite
      .prepare<[string, number], number>('SELECT rowid FROM orders WHERE status = ? ORDER BY rowid DESC LIMIT ?')
      .pluck(),
    byEvent: sqlite
      .prepare<[string, number], number>('SELECT rowid FROM orders WHERE event_id = ? ORDER BY rowid DESC LIMIT ?')
      .pluck(),
    byEventAndStatus: sqlite
      .prepare<[string, string, number], number>(
        'SELECT rowid FROM orders WHERE event_id = ? AND status = ? ORDER BY rowid DESC LIMIT ?',
      )
      .pluck(),
  },
  result: sqlite.prepare<[number], ResultRow>(
    `SELECT o.id, o.number, o.status,
       (SELECT json_extract(r.json, '$.title.text') FROM refs AS r WHERE r.kind = 'events' AND r.id = o.event_id) AS event_title,
       json_extract(o.json, '$.settings.customer.name') AS name,
       json_extract(o.json, '$.settings.customer.email') AS email,
       json_extract(o.json, '$.settings.customer.phone') AS phone,
       (SELECT count(*) FROM edits AS e WHERE e.order_id = o.id AND e.state IN ('pending', 'sending')) AS pending_edits,
       (SELECT count(*) FROM edits AS e WHERE e.order_id = o.id AND e.state = 'failed') AS failed_edits
     FROM orders AS o WHERE o.rowid = ?`,
  ),
}));

/**
 * Finds orders by number, customer name, email, phone (any formatting), ticket number, barcode, vendor
 * order id or promocode; prefix matching, any case, Cyrillic or Latin. An exact order number, ticket
 * number or barcode comes first, then the other matches, newest cached first. Never throws on what
 * the clerk typed: text with nothing searchable in it finds nothing.
 */
export function searchOrders(sqlite: Sqlite, query: SearchQuery): SearchAnswer {
  const started = performance.now();
  const { matching, newest, result } = statements(sqlite);
  const limit = clampLimit(query.limit);
  const filters = { status: query.status || null, event: query.event || null };
  const text = typeof query.q === 'string' ? query.q : '';

  let rowids: number[];
  if (text.trim() === '') {
    rowids = newestOrders(newest, filters, limit);
  } else {
    const plan = planSearch(text);
    const exact = plan.exactCode === null ? [] : matching.all({ match: plan.exactCode, ...filters, limit });
    const prefixed = plan.match === null ? [] : matching.all({ match: plan.match, ...filters, limit: limit + exact.length });
    rowids = [...new Set([...exact, ...prefixed])].slice(0, limit);
  }

  const results: SearchResultDto[] = [];
  for (const rowid of rowids) {
    const row = result.get(rowid);
    if (row !== undefined) results.push(toDto(row));
  }
  return { results, took_ms: Math.round((performance.now() - started) * 1000) / 1000 };
}

function newestOrders(
  newest: ReturnType<typeof statements>['newest'],
  { status, event }: { status: string | null; event: string | null },
  limit: number,
): number[] {
  if (event !== null && status !== null) return newest.byEventAndStatus.all(event, status, limit);
  if (event !== null) return newest.byEvent.all(event, limit);
  if (status !== null) return newest.byStatus.all(status, limit);
  return newest.all.all(limit);
}

function clampLimit(limit: number | undefined): number {
  if (typeof limit !== 'number' || !Number.isFinite(limit)) return DEFAULT_SEARCH_LIMIT;
  return Math.min(MAX_SEARCH_LIMIT, Math.max(1, Math.floor(limit)));
}

function toDto(row: ResultRow): SearchResultDto {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    event_title: textOrNull(row.event_title),
    customer: { name: textOrNull(row.name), email: textOrNull(row.email), phone: textOrNull(row.phone) },
    pending_edits: row.pending_edits,
    failed_edits: row.failed_edits,
  };
}

/** The server may send a number or an object where a string belongs; the result list shows text only. */
function textOrNull(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}
