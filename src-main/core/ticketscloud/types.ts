// The shapes Ticketscloud API v2 sends and takes, as ../shared/ticketscloud-api.md describes them.
// Shared by the client, the cache, the sandbox and (through contract.ts) the renderer.
// What the server sends is inferred from its schemas (schemas/server.ts, which says what is required
// and why); what the app sends (the PATCH body, the list filters) is written out here.
//
// Money is ALWAYS a decimal string with two places ("946.12"): it is never parsed into a float.
// Dates are "YYYY-MM-DD HH:MM:SS" with no zone; the project treats them as UTC.

import type * as v from 'valibot';
import type {
  CustomerSchema,
  EventRefSchema,
  OrderSchema,
  OrderSettingsSchema,
  OrderValuesSchema,
  PaginationSchema,
  PromocodeErrorSchema,
  PromocodeRefSchema,
  RefsSchema,
  SeatSchema,
  SetRefSchema,
  SetValuesSchema,
  TicketSchema,
  VendorDataSchema,
  VenueRefSchema,
} from '../schemas/server.ts';
import { ORDER_STATUSES } from '../schemas/server.ts';

export { ORDER_STATUSES };

/** 24-hex-character ObjectId. */
export type ObjectId = string;
/** Decimal string with two places, e.g. "946.12". */
export type Money = string;
/** "YYYY-MM-DD HH:MM:SS", UTC by the project's reading. */
export type ServerDateTime = string;

export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type CustomerLang = 'en' | 'ru';

// Inferred from schemas/server.ts: what the client's parse guarantees, unknown fields included.
export type Customer = v.InferOutput<typeof CustomerSchema>;
export type OrderSettings = v.InferOutput<typeof OrderSettingsSchema>;
export type VendorData = v.InferOutput<typeof VendorDataSchema>;
export type Seat = v.InferOutput<typeof SeatSchema>;
export type Ticket = v.InferOutput<typeof TicketSchema>;
export type SetValues = v.InferOutput<typeof SetValuesSchema>;
export type OrderValues = v.InferOutput<typeof OrderValuesSchema>;
export type Order = v.InferOutput<typeof OrderSchema>;
export type PromocodeRef = v.InferOutput<typeof PromocodeRefSchema>;
export type EventRef = v.InferOutput<typeof EventRefSchema>;
export type SetRef = v.InferOutput<typeof SetRefSchema>;
export type VenueRef = v.InferOutput<typeof VenueRefSchema>;
export type Refs = v.InferOutput<typeof RefsSchema>;
export type PromocodeError = v.InferOutput<typeof PromocodeErrorSchema>;
export type Pagination = v.InferOutput<typeof PaginationSchema>;

/** The PATCH body Ticketscloud takes. Built by the engine from server state + the clerk's intents. */
export interface OrderPatch {
  settings?: {
    customer?: Customer;
    send_tickets?: boolean;
  };
  vendor_data?: { order_id?: string; raw?: Record<string, string> };
  promocodes?: string[];
  /** Paid at the counter, or cancelled: always alone in its request (edits/coalesce.ts). */
  status?: 'done' | 'cancelled';
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
  pagination: Pagination;
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
