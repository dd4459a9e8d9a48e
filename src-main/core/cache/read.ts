// Reading the cache back: one order with exactly the refs it points at, and the events the cache knows.
import type { EventDto } from '../contract.ts';
import type { Sqlite } from '../db/open.ts';
import type { Order, Refs } from '../ticketscloud/types.ts';
import { perDatabase } from '../db/prepared.ts';

/** The ref kinds an order view needs; partners and kinds we do not know stay in the table, unread. */
type ViewRefKind = 'events' | 'sets' | 'promocodes' | 'venues';

const statements = perDatabase((sqlite) => ({
  order: sqlite.prepare<[string], string>('SELECT json FROM orders WHERE id = ?').pluck(),
  fetchedAt: sqlite.prepare<[string], number>('SELECT fetched_at FROM orders WHERE id = ?').pluck(),
  copySeq: sqlite.prepare<[string], number>('SELECT copy_seq FROM orders WHERE id = ?').pluck(),
  ref: sqlite.prepare<[string, string], string>('SELECT json FROM refs WHERE kind = ? AND id = ?').pluck(),
  events: sqlite.prepare<[], { id: string; title: unknown }>(
    `SELECT id, json_extract(json, '$.title.text') AS title FROM refs WHERE kind = 'events'`,
  ),
}));

export interface CachedOrder {
  /** The server's JSON as stored, unknown fields included. */
  order: Order;
  /** Only what this order references: its event, that event's venue, its ticket sets, its promocodes. */
  refs: Refs;
}

export function getCachedOrder(sqlite: Sqlite, orderId: string): CachedOrder | null {
  const json = statements(sqlite).order.get(orderId);
  if (json === undefined) return null;
  const order = JSON.parse(json) as Order;
  return { order, refs: referencedRefs(sqlite, order) };
}

/** When the cached copy of the order came from Ticketscloud (epoch ms), or null when it is not cached. */
export function fetchedAtOf(sqlite: Sqlite, orderId: string): number | null {
  return statements(sqlite).fetchedAt.get(orderId) ?? null;
}

/** The request number of the cached copy of the order (cache/copy-sequence.ts), or null when it is not cached. */
export function copySeqOf(sqlite: Sqlite, orderId: string): number | null {
  return statements(sqlite).copySeq.get(orderId) ?? null;
}

/** Every event the cache has a ref for, by title (an event without a title shows its id). */
export function listEvents(sqlite: Sqlite): EventDto[] {
  return statements(sqlite)
    .events.all()
    .map((row) => ({ id: row.id, title: typeof row.title === 'string' && row.title !== '' ? row.title : row.id }))
    .sort((a, b) => a.title.localeCompare(b.title, ['ru', 'en']));
}

function referencedRefs(sqlite: Sqlite, order: Order): Refs {
  const refs: Required<Pick<Refs, ViewRefKind>> = { events: {}, sets: {}, promocodes: {}, venues: {} };
  const add = (kind: ViewRefKind, id: unknown): Record<string, unknown> | null => {
    if (typeof id !== 'string' || id in refs[kind]) return null;
    const json = statements(sqlite).ref.get(kind, id);
    if (json === undefined) return null;
    const ref = JSON.parse(json) as Record<string, unknown>;
    (refs[kind] as Record<string, unknown>)[id] = ref;
    return ref;
  };

  const event = add('events', order.event);
  if (event !== null) add('venues', event.venue);
  for (const ticket of arrayOf(order.tickets)) add('sets', (ticket as { set?: unknown } | null)?.set);
  const setsValues = order.values?.sets_values;
  if (typeof setsValues === 'object' && setsValues !== null) {
    for (const [setId, values] of Object.entries(setsValues)) {
      add('sets', setId);
      add('promocodes', (values as { promocode?: unknown } | null)?.promocode);
    }
  }
  for (const id of arrayOf(order.promocodes)) add('promocodes', id);
  for (const id of arrayOf(order.values?.viral_promocodes)) add('promocodes', id);
  return refs;
}

/** The stored JSON is the server's: a list field may be missing or not a list. */
function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
