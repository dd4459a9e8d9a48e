// The PATCH body, built when an edit is SENT, from the latest server copy plus the clerk's intent.
//
// Whether Ticketscloud merges `settings.customer` and `vendor_data` field by field or replaces them whole is
// not documented ("What a PATCH replaces" in ../shared/ticketscloud-api.md), so the body never depends on
// it: it carries the WHOLE customer and the WHOLE vendor_data (server values + the clerk's changes) and the
// FULL promocode list (codes already applied + new ones). Fields the clerk did not touch keep the server's
// latest values, and a retry of the same intent sends an equivalent body.
import type { Customer, Order, OrderPatch, Refs, VendorData } from '../ticketscloud/types.ts';
import { dedupeCodesIgnoringCase } from './promocode-list.ts';
import { asRawText } from './raw-text.ts';
import type { EditIntent } from './schema.ts';

type CustomerChanges = NonNullable<NonNullable<EditIntent['settings']>['customer']>;
type VendorDataChanges = NonNullable<EditIntent['vendor_data']>;
type VendorDataBody = NonNullable<OrderPatch['vendor_data']>;

function wholeCustomer(server: Customer | null | undefined, changes: CustomerChanges): Customer {
  const customer: Customer = { ...server };
  for (const [field, value] of Object.entries(changes)) {
    if (value !== undefined) customer[field] = value;
  }
  return customer;
}

function wholeVendorData(server: VendorData | null | undefined, changes: VendorDataChanges): VendorDataBody {
  const body: VendorDataBody = {};
  const orderId = changes.order_id ?? asRawText(server?.order_id);
  if (orderId !== undefined) body.order_id = orderId;

  const serverRaw = server?.raw;
  const hasServerRaw = typeof serverRaw === 'object' && serverRaw !== null;
  if (!hasServerRaw && changes.raw === undefined) return body;

  // A Map, not `object[key] = value`: a key such as `__proto__` from the server must stay a plain key.
  const raw = new Map<string, string>();
  if (hasServerRaw) {
    for (const [key, value] of Object.entries(serverRaw)) {
      const text = asRawText(value);
      if (text !== undefined) raw.set(key, text);
    }
  }
  for (const [key, value] of Object.entries(changes.raw ?? {})) {
    if (value === null) raw.delete(key);
    else raw.set(key, value);
  }
  body.raw = Object.fromEntries(raw);
  return body;
}

/** The codes of the promocodes already on the order, read from refs (the order itself holds only ids). */
export function appliedPromocodeCodes(server: Order, refs: Refs): string[] {
  const codes: string[] = [];
  for (const id of server.promocodes ?? []) {
    const code = refs.promocodes?.[id]?.code;
    if (typeof code === 'string') codes.push(code);
  }
  return codes;
}

/**
 * Applied promocode ids whose code the refs do not give. The full list a PATCH sends would silently drop
 * them (and the server would remove those discounts), so the caller must fetch the order again first.
 */
export function unresolvedPromocodeIds(server: Order, refs: Refs): string[] {
  return (server.promocodes ?? []).filter((id) => typeof refs.promocodes?.[id]?.code !== 'string');
}

function touchesCustomer(changes: CustomerChanges | undefined): changes is CustomerChanges {
  return changes !== undefined && Object.values(changes).some((value) => value !== undefined);
}

function touchesVendorData(changes: VendorDataChanges | undefined): changes is VendorDataChanges {
  return changes !== undefined && (changes.order_id !== undefined || Object.keys(changes.raw ?? {}).length > 0);
}

/**
 * The body for `PATCH /v2/resources/orders/:id`: only the parts the intent touches, each part whole.
 * Pure and deterministic: the same server copy, refs and intent always give the same body.
 * Check `unresolvedPromocodeIds` first when the intent adds promocodes.
 */
export function buildPatch(server: Order, refs: Refs, intent: EditIntent): OrderPatch {
  const patch: OrderPatch = {};

  const settings: NonNullable<OrderPatch['settings']> = {};
  const customerChanges = intent.settings?.customer;
  if (touchesCustomer(customerChanges)) settings.customer = wholeCustomer(server.settings?.customer, customerChanges);
  const sendTickets = intent.settings?.send_tickets;
  if (sendTickets !== undefined) settings.send_tickets = sendTickets;
  if (Object.keys(settings).length > 0) patch.settings = settings;

  if (touchesVendorData(intent.vendor_data)) patch.vendor_data = wholeVendorData(server.vendor_data, intent.vendor_data);

  const added = intent.promocodes ?? [];
  if (added.length > 0) {
    // A code already on the order is not an error when sent again; only the list as a whole matters.
    patch.promocodes = dedupeCodesIgnoringCase([...appliedPromocodeCodes(server, refs), ...added]);
  }
  if (intent.status !== undefined) patch.status = intent.status;
  return patch;
}
