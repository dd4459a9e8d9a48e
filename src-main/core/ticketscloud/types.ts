// The shapes Ticketscloud API v2 sends and takes, as ../shared/ticketscloud-api.md describes them.
// Shared by the client, the cache, the sandbox and (through contract.ts) the renderer.
//
// Money is ALWAYS a decimal string with two places ("946.12"): it is never parsed into a float.
// Dates are "YYYY-MM-DD HH:MM:SS" with no zone; the project treats them as UTC.
// Every object may carry fields this file does not list: they are kept as they came (the index
// `Loose` says so), never dropped, because the cache stores the server JSON whole.

/** 24-hex-character ObjectId. */
export type ObjectId = string;
/** Decimal string with two places, e.g. "946.12". */
export type Money = string;
/** "YYYY-MM-DD HH:MM:SS", UTC by the project's reading. */
export type ServerDateTime = string;

/** An object the server sent, with the fields the app uses; any other field is kept as it came. */
export type Loose<T extends object> = T & { [extra: string]: unknown };

export const ORDER_STATUSES = ['executed', 'in_progress', 'done', 'cancelled', 'expired'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export type CustomerLang = 'en' | 'ru';

export type Customer = Loose<{
  name?: string;
  email?: string;
  phone?: string;
  lang?: CustomerLang;
}>;

export type OrderSettings = Loose<{
  customer?: Customer;
  send_tickets?: boolean;
  invitation?: boolean;
}>;

export type VendorData = Loose<{
  order_id?: string;
  /** Free-form vendor fields; the project only ever sends string values. */
  raw?: Record<string, unknown>;
}>;

export type Seat = Loose<{ sector?: string; row?: string; number?: string }>;

export type Ticket = Loose<{
  id: ObjectId;
  number: number;
  serial?: string;
  /** Only `done` orders have barcodes; null before. */
  barcode: string | null;
  set: ObjectId;
  status: string;
  seat?: Seat | null;
  price: Money;
  nominal: Money;
  discount: Money;
  extra: Money;
  full: Money;
}>;

export type SetValues = Loose<{
  id: ObjectId;
  price: Money;
  nominal: Money;
  discount: Money;
  promocode?: ObjectId | null;
}>;

export type OrderValues = Loose<{
  price: Money;
  nominal: Money;
  discount: Money;
  extra: Money;
  full: Money;
  sets_values?: Record<ObjectId, SetValues>;
  viral_promocodes?: ObjectId[];
}>;

export type Order = Loose<{
  id: ObjectId;
  number: number;
  status: OrderStatus | string;
  created_at: ServerDateTime;
  done_at?: ServerDateTime | null;
  expired_after?: ServerDateTime | null;
  event: ObjectId;
  org?: ObjectId;
  vendor?: ObjectId;
  origin?: string;
  /** Promocode ids; their codes are in refs.promocodes[id].code. */
  promocodes: ObjectId[];
  settings: OrderSettings;
  vendor_data: VendorData;
  tickets: Ticket[];
  values: OrderValues;
}>;

export type PromocodeDiscount = { fix: Money } | { percentage: string };

export type PromocodeRef = Loose<{
  id: ObjectId;
  /** Lower case. */
  code: string;
  discount: PromocodeDiscount;
  viral: boolean;
}>;

export type EventRef = Loose<{
  id: ObjectId;
  title?: { text?: string; [extra: string]: unknown };
  lifetime?: { start?: string; finish?: string; [extra: string]: unknown } | string;
  timezone?: string;
  venue?: ObjectId;
}>;

export type SetRef = Loose<{
  id: ObjectId;
  name: string;
  price: Money;
  with_seats: boolean;
}>;

export type VenueRef = Loose<{
  id: ObjectId;
  name?: string;
}>;

export type Refs = Loose<{
  events?: Record<ObjectId, EventRef>;
  sets?: Record<ObjectId, SetRef>;
  promocodes?: Record<ObjectId, PromocodeRef>;
  venues?: Record<ObjectId, VenueRef>;
  partners?: Record<ObjectId, Record<string, unknown>>;
}>;

export const REF_KINDS = ['events', 'sets', 'promocodes', 'venues', 'partners'] as const;
export type RefKind = (typeof REF_KINDS)[number];

export const PROMOCODE_ERROR_CODES = [
  'promocode_not_found',
  'promocode_already_used',
  'promocode_limit_min_tickets',
  'promocode_apply_info',
] as const;
export type PromocodeErrorCode = (typeof PROMOCODE_ERROR_CODES)[number];

/** A promocode failure reported inside a 200 answer. `code` may be one the project does not know. */
export interface PromocodeError {
  code: PromocodeErrorCode | string;
  msg: string;
}

/** The PATCH body Ticketscloud takes. Built by the engine from server state + the clerk's intents. */
export interface OrderPatch {
  settings?: {
    customer?: Customer;
    send_tickets?: boolean;
  };
  vendor_data?: { order_id?: string; raw?: Record<string, string> };
  promocodes?: string[];
}

/** `{data, refs, errors?}` of PATCH and GET one order. */
export interface OrderResponse {
  data: Order;
  refs: Refs;
  errors?: PromocodeError[];
}

export interface OrderListResponse {
  data: Order[];
  refs: Refs;
  pagination: { page: number; page_size: number; total: number };
}

/** Filters of `GET /v2/resources/orders`. Dates are ISO 8601 (`2000-07-28T13:00:00`). */
export interface OrderListQuery {
  page: number;
  page_size: number;
  events?: ObjectId[];
  status?: OrderStatus[];
  created_from?: string;
  created_to?: string;
  only_with_customer?: boolean;
}
