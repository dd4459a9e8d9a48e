// What Ticketscloud API v2 sends, as valibot schemas: the order and its refs, the one-order envelope of
// GET and PATCH, and the list page. The server's types (ticketscloud/types.ts) are inferred from these,
// and the client parses every answer with them once (ticketscloud/response-shape.ts); nothing downstream
// checks an order again.
//
// The server is untrusted, but it is also the owner of the data, so the schemas are written to that:
// - every object is loose (`jsonObject`): fields this file does not name are kept as they came (the cache
//   stores the server's JSON whole, and a PATCH must never drop what another writer put there);
// - required is what the API documents on every order and the app relies on or shows (identity, status,
//   the objects a PATCH rebuilds, the promocode list, tickets and their money); what the docs say may be
//   absent (done_at and expired_after, a seat, a barcode before payment, a customer) may be missing or null;
// - an order that lacks a required field, or has any documented field with the wrong type (money as a
//   number, tickets as an object), is unreadable: it is reported by id, never half-stored. In a list page
//   that is the one order, not the page.
// Money is ALWAYS a decimal string with two places ("946.12"), never a float. Dates are
// "YYYY-MM-DD HH:MM:SS" with no zone; the project reads them as UTC.
import * as v from 'valibot';

/** Longer than any ObjectId (24 hex characters) by far: an id past this is not one. */
const MAX_ID_LENGTH = 64;

export const ORDER_STATUSES = ['executed', 'in_progress', 'done', 'cancelled', 'expired'] as const;

/** One of the documented statuses (the schema keeps an unknown one as it came, to be shown as such). */
export function isOrderStatus(status: string): status is (typeof ORDER_STATUSES)[number] {
  return (ORDER_STATUSES as readonly string[]).includes(status);
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A JSON object, never an array: valibot's own object schemas take any `typeof === 'object'`, and
 * `vendor_data: []` is exactly the kind of answer a broken proxy sends.
 */
function jsonObject<const TEntries extends v.ObjectEntries>(entries: TEntries) {
  return v.pipe(v.custom<Record<string, unknown>>(isJsonObject), v.looseObject(entries));
}

const objectId = v.string();
const money = v.string();
const serverDateTime = v.string();
const maybeString = v.nullish(v.string());

const orderId = v.pipe(
  v.string(),
  v.check((id: string) => id.length > 0 && id.length <= MAX_ID_LENGTH, `should be 1 to ${MAX_ID_LENGTH} characters`),
);
const wholeNumber = v.pipe(v.number(), v.check((value: number) => Number.isSafeInteger(value), 'should be a whole number'));

export const CustomerSchema = jsonObject({
  name: maybeString,
  email: maybeString,
  phone: maybeString,
  lang: maybeString,
});

export const OrderSettingsSchema = jsonObject({
  customer: v.nullish(CustomerSchema),
  send_tickets: v.nullish(v.boolean()),
  invitation: v.nullish(v.boolean()),
});

export const VendorDataSchema = jsonObject({
  order_id: maybeString,
  /** Free-form vendor fields; the project only ever sends string values. */
  raw: v.nullish(v.record(v.string(), v.unknown())),
});

export const SeatSchema = jsonObject({ sector: maybeString, row: maybeString, number: maybeString });

export const TicketSchema = jsonObject({
  id: objectId,
  number: v.number(),
  serial: maybeString,
  /** Only `done` orders have barcodes; null before. */
  barcode: maybeString,
  set: objectId,
  status: v.string(),
  seat: v.nullish(SeatSchema),
  price: money,
  nominal: money,
  discount: money,
  extra: money,
  full: money,
});

export const SetValuesSchema = jsonObject({
  id: objectId,
  price: money,
  nominal: money,
  discount: money,
  promocode: v.nullish(objectId),
});

export const OrderValuesSchema = jsonObject({
  price: money,
  nominal: money,
  discount: money,
  extra: money,
  full: money,
  sets_values: v.nullish(v.record(objectId, SetValuesSchema)),
  viral_promocodes: v.nullish(v.array(objectId)),
});

export const OrderSchema = jsonObject({
  id: orderId,
  number: wholeNumber,
  /** One of ORDER_STATUSES as documented; an unknown one is kept and shown as it came. */
  status: v.string(),
  created_at: serverDateTime,
  done_at: v.nullish(serverDateTime),
  expired_after: v.nullish(serverDateTime),
  event: objectId,
  org: v.nullish(objectId),
  vendor: v.nullish(objectId),
  origin: maybeString,
  /** Promocode ids; their codes are in refs.promocodes[id].code. */
  promocodes: v.array(objectId),
  settings: OrderSettingsSchema,
  vendor_data: VendorDataSchema,
  tickets: v.array(TicketSchema),
  values: OrderValuesSchema,
});

/** `{"fix": "100.00"}` or `{"percentage": "5%"}`. */
const PromocodeDiscountSchema = jsonObject({ fix: v.optional(money), percentage: v.optional(v.string()) });

export const PromocodeRefSchema = jsonObject({
  id: objectId,
  /** Lower case. The engine resends an order's promocodes by these codes, so one without it is no ref. */
  code: v.string(),
  discount: PromocodeDiscountSchema,
  viral: v.boolean(),
});

const TextSchema = jsonObject({ text: maybeString });
const LifetimeSchema = v.union([jsonObject({ start: maybeString, finish: maybeString }), v.string()]);

export const EventRefSchema = jsonObject({
  id: objectId,
  title: v.nullish(TextSchema),
  /** An object with start/finish, or an iCalendar VEVENT text. */
  lifetime: v.nullish(LifetimeSchema),
  timezone: maybeString,
  venue: v.nullish(objectId),
});

export const SetRefSchema = jsonObject({
  id: objectId,
  name: v.string(),
  price: money,
  with_seats: v.boolean(),
});

export const VenueRefSchema = jsonObject({ id: objectId, name: maybeString });

/** The ref kinds the app reads, each with the schema of one entry. Other kinds are kept, unread. */
export const REF_SCHEMAS = {
  events: EventRefSchema,
  sets: SetRefSchema,
  promocodes: PromocodeRefSchema,
  venues: VenueRefSchema,
} as const;

export const RefsSchema = jsonObject({
  events: v.optional(v.record(objectId, EventRefSchema)),
  sets: v.optional(v.record(objectId, SetRefSchema)),
  promocodes: v.optional(v.record(objectId, PromocodeRefSchema)),
  venues: v.optional(v.record(objectId, VenueRefSchema)),
  /** Not read by the app; kept as sent. */
  partners: v.optional(v.record(objectId, v.record(v.string(), v.unknown()))),
});

/** A promocode failure reported inside a 200 answer. `code` may be one the project does not know. */
export const PromocodeErrorSchema = v.object({ code: v.string(), msg: v.string() });

export const PaginationSchema = jsonObject({ page: v.number(), page_size: v.number(), total: v.number() });
