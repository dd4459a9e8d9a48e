// Other writers (../shared/ticketscloud-api.md "Other writers"): the order is shared with the web shop,
// other counters and the organiser, and the API has no version or ETag. So an edit remembers, when it is
// saved, what the clerk saw in every field it changes (its BASE); when it is sent, the body is built from a
// copy fetched just before (build-patch.ts), and each changed field is compared three ways:
//   base = fresh            nobody else touched it: the clerk's value goes out, nothing to say;
//   fresh = mine            someone else made the same change: nothing to say;
//   base ≠ fresh ≠ mine     a CONFLICT: someone else changed it too. The clerk's later save wins (it is the
//                           newer intent) and the edit records what it replaced, so the clerk can put it back.
// Fields the clerk did not change are never compared: they go out as the fresh copy has them.
// Pure functions; no Node, no SQLite (the renderer may use them).
import type { EditConflict, FieldValue } from '../contract.ts';
import type { Order } from '../ticketscloud/types.ts';
import { asRawText } from './raw-text.ts';
import type { EditIntent } from './schema.ts';

/** What the clerk saw, by dotted path ("settings.customer.email", "vendor_data.raw.seat_note"). */
export type EditBase = Record<string, FieldValue>;

/** One field an intent changes: where it is, the value the clerk set, and how to read it from an order. */
export interface FieldChange {
  path: string;
  mine: FieldValue;
  read(order: Order): FieldValue;
}

function textOrNull(value: unknown): string | null {
  return asRawText(value) ?? null;
}

function ownValue(record: unknown, key: string): unknown {
  if (typeof record !== 'object' || record === null || !Object.hasOwn(record, key)) return undefined;
  return (record as Record<string, unknown>)[key];
}

/** Every field the intent changes, in a fixed order. Promocodes are not fields: they are added, never replaced. */
export function changedFields(intent: EditIntent): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, value] of Object.entries(intent.settings?.customer ?? {})) {
    if (value === undefined) continue;
    changes.push({
      path: `settings.customer.${field}`,
      mine: value,
      read: (order) => textOrNull(ownValue(order.settings?.customer, field)),
    });
  }
  const sendTickets = intent.settings?.send_tickets;
  if (sendTickets !== undefined) {
    changes.push({
      path: 'settings.send_tickets',
      mine: sendTickets,
      read: (order) => (typeof order.settings?.send_tickets === 'boolean' ? order.settings.send_tickets : null),
    });
  }
  const vendorOrderId = intent.vendor_data?.order_id;
  if (vendorOrderId !== undefined) {
    changes.push({ path: 'vendor_data.order_id', mine: vendorOrderId, read: (order) => textOrNull(order.vendor_data?.order_id) });
  }
  for (const [key, value] of Object.entries(intent.vendor_data?.raw ?? {})) {
    changes.push({
      path: `vendor_data.raw.${key}`,
      mine: value,
      read: (order) => textOrNull(ownValue(order.vendor_data?.raw, key)),
    });
  }
  return changes;
}

/**
 * The base of a new edit: each field it changes as the clerk saw it (the cached copy with the edits still
 * queued laid over it). Null when the order is not cached: nothing was seen, so no conflict can be told.
 */
export function captureBase(seen: Order | null, intent: EditIntent): EditBase | null {
  if (seen === null) return null;
  const base: EditBase = {};
  for (const change of changedFields(intent)) base[change.path] = change.read(seen);
  return base;
}

/**
 * The base of several edits sent as one request (coalesce.ts): for each field, what the clerk saw before
 * the FIRST edit that changed it. A later edit's base of that field is the earlier edit's own value, not
 * something the server held; when the first edit has no base the field stays unknown.
 */
export function batchBase(edits: readonly { intent: EditIntent; base: EditBase | null }[]): EditBase {
  const base: EditBase = {};
  const seen = new Set<string>();
  for (const edit of edits) {
    for (const { path } of changedFields(edit.intent)) {
      if (seen.has(path)) continue;
      seen.add(path);
      if (edit.base !== null && Object.hasOwn(edit.base, path)) base[path] = edit.base[path] ?? null;
    }
  }
  return base;
}

/** The fields where someone else changed what the clerk also changed, since the clerk saw it. */
export function findConflicts(fresh: Order, intent: EditIntent, base: EditBase): EditConflict[] {
  const conflicts: EditConflict[] = [];
  for (const change of changedFields(intent)) {
    if (!Object.hasOwn(base, change.path)) continue;
    const seen = base[change.path] ?? null;
    const server = change.read(fresh);
    if (server !== seen && server !== change.mine) conflicts.push({ path: change.path, base: seen, server, mine: change.mine });
  }
  return conflicts;
}
