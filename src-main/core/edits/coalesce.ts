// Coalescing: consecutive pending edits of one order travel as ONE PATCH (the contract allows several
// actions in one request), so a clerk who fixes a typo five times costs one request, not five.
import { dedupeCodesIgnoringCase } from './promocode-list.ts';
import type { EditIntent } from './schema.ts';

export interface PendingEdit {
  id: number;
  intent: EditIntent;
}

export interface EditBatch {
  /** The edits this request carries, in queue order: a prefix of the queue. */
  editIds: number[];
  intent: EditIntent;
  /** The one edit of the batch that adds promocodes (promocode errors belong to it), or null. */
  promocodeEditId: number | null;
}

/** An explicit `undefined` is "not touched", never a value that should override an earlier edit. */
function definedFields<T extends object>(fields: T | undefined): Partial<T> {
  if (fields === undefined) return {};
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function addsPromocodes(intent: EditIntent): boolean {
  return (intent.promocodes?.length ?? 0) > 0;
}

/**
 * `b` laid over `a`: field by field the later value wins — each customer field, `send_tickets`,
 * `order_id` and each `raw` key on its own (a `null`, "remove this key", wins like any value). Promocodes
 * add up: both edits' codes, deduplicated without case.
 */
export function mergeIntents(a: EditIntent, b: EditIntent): EditIntent {
  const customer = { ...definedFields(a.settings?.customer), ...definedFields(b.settings?.customer) };
  const sendTickets = b.settings?.send_tickets ?? a.settings?.send_tickets;
  const orderId = b.vendor_data?.order_id ?? a.vendor_data?.order_id;
  const raw = Object.fromEntries([
    ...Object.entries(a.vendor_data?.raw ?? {}),
    ...Object.entries(b.vendor_data?.raw ?? {}),
  ]);
  const promocodes = dedupeCodesIgnoringCase([...(a.promocodes ?? []), ...(b.promocodes ?? [])]);

  const merged: EditIntent = {};
  const settings: NonNullable<EditIntent['settings']> = {};
  if (Object.keys(customer).length > 0) settings.customer = customer;
  if (sendTickets !== undefined) settings.send_tickets = sendTickets;
  if (Object.keys(settings).length > 0) merged.settings = settings;

  const vendorData: NonNullable<EditIntent['vendor_data']> = {};
  if (orderId !== undefined) vendorData.order_id = orderId;
  if (Object.keys(raw).length > 0) vendorData.raw = raw;
  if (Object.keys(vendorData).length > 0) merged.vendor_data = vendorData;

  if (promocodes.length > 0) merged.promocodes = promocodes;
  return merged;
}

/**
 * At most this many edits travel in one request. A clerk never makes more by hand, but a script or a stuck
 * queue can (20 000 on one order were seen): every edit of a batch is read, marked and logged per try, and
 * without a cap one request's bookkeeping blocked the process for most of a second.
 */
export const MAX_EDITS_PER_REQUEST = 200;

/**
 * The next request for one order: the head of its FIFO queue and the consecutive edits after it, merged
 * (at most MAX_EDITS_PER_REQUEST of them).
 *
 * A status change is never merged with anything: it is a request of its own.
 * Two edits that both add promocodes never share a request: the batch stops before the second one.
 * WHY: Ticketscloud reports promocode failures inside a 200 answer (`errors: [{code, msg}]`) without saying
 * WHICH code failed. With one promocode action per request, each error maps to exactly one thing the clerk
 * did, and the app can show it next to that edit.
 */
export function takeBatch(pending: readonly PendingEdit[]): EditBatch {
  const editIds: number[] = [];
  let intent: EditIntent = {};
  let promocodeEditId: number | null = null;
  for (const edit of pending) {
    if (editIds.length >= MAX_EDITS_PER_REQUEST) break;
    // A status change (paid, cancelled) travels alone, after the edits saved before it: its 400 is its own.
    if (edit.intent.status !== undefined) {
      if (editIds.length === 0) return { editIds: [edit.id], intent: edit.intent, promocodeEditId: null };
      break;
    }
    if (addsPromocodes(edit.intent)) {
      if (promocodeEditId !== null) break;
      promocodeEditId = edit.id;
    }
    editIds.push(edit.id);
    intent = mergeIntents(intent, edit.intent);
  }
  return { editIds, intent, promocodeEditId };
}
