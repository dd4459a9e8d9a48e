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

function addsPromocodes(intent: EditIntent): boolean {
  return (intent.promocodes?.length ?? 0) > 0;
}

/**
 * The intents laid over each other, oldest first: field by field the later value wins — each customer
 * field, `send_tickets`, `order_id` and each `raw` key on its own (a `null`, "remove this key", wins like
 * any value). Promocodes add up: every edit's codes, deduplicated without case. One pass with one set of
 * accumulators: a batch merges up to MAX_EDITS_PER_REQUEST intents, and folding them pairwise copied
 * every field gathered so far once per edit.
 */
export function mergeAllIntents(intents: readonly EditIntent[]): EditIntent {
  // Maps, not objects: a raw key may be any text, "__proto__" too, and Object.assign would set the prototype.
  const customer = new Map<string, unknown>();
  const raw = new Map<string, string | null>();
  const codes: string[] = [];
  let sendTickets: boolean | undefined;
  let orderId: string | undefined;
  for (const intent of intents) {
    for (const [field, value] of Object.entries(intent.settings?.customer ?? {})) {
      if (value !== undefined) customer.set(field, value); // an explicit `undefined` is "not touched"
    }
    sendTickets = intent.settings?.send_tickets ?? sendTickets;
    orderId = intent.vendor_data?.order_id ?? orderId;
    for (const [key, value] of Object.entries(intent.vendor_data?.raw ?? {})) raw.set(key, value);
    if (intent.promocodes !== undefined) codes.push(...intent.promocodes);
  }
  const promocodes = dedupeCodesIgnoringCase(codes);

  const merged: EditIntent = {};
  const settings: NonNullable<EditIntent['settings']> = {};
  if (customer.size > 0) settings.customer = Object.fromEntries(customer) as NonNullable<EditIntent['settings']>['customer'];
  if (sendTickets !== undefined) settings.send_tickets = sendTickets;
  if (Object.keys(settings).length > 0) merged.settings = settings;

  const vendorData: NonNullable<EditIntent['vendor_data']> = {};
  if (orderId !== undefined) vendorData.order_id = orderId;
  if (raw.size > 0) vendorData.raw = Object.fromEntries(raw);
  if (Object.keys(vendorData).length > 0) merged.vendor_data = vendorData;

  if (promocodes.length > 0) merged.promocodes = promocodes;
  return merged;
}

/** `b` laid over `a` (see mergeAllIntents). */
export function mergeIntents(a: EditIntent, b: EditIntent): EditIntent {
  return mergeAllIntents([a, b]);
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
  const intents: EditIntent[] = [];
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
    intents.push(edit.intent);
  }
  return { editIds, intent: mergeAllIntents(intents), promocodeEditId };
}
