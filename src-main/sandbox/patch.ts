// PATCH /v2/resources/orders/:id — checking the body as the real service would, and applying it by
// the project's strict reading of the contract ("What a PATCH replaces"):
// - `settings.customer` is replaced WHOLE (a field left out is gone), `settings.send_tickets` is set;
// - `vendor_data` is replaced whole;
// - `promocodes` is the full list of codes wanted: codes left out are removed.
// A client that sends partial objects therefore loses data here, as it might against the real service.
// `{status: "done" | "cancelled"}` finishes or cancels the order instead (status.ts).
import type { Customer, Order, OrderPatch, PromocodeError } from '../core/ticketscloud/types.ts';
import type { Catalog } from './catalog.ts';
import { type SingleUseHolders, priceOrder, resolvePromocodes } from './promocodes.ts';
import { REQUESTABLE_STATUSES, type RequestedStatus } from './status.ts';

/** A PATCH body as the sandbox reads it: the edit fields, or a status change alone. */
export type SandboxPatch = OrderPatch & { status?: RequestedStatus };

export const VENDOR_ORDER_ID_MAX = 64;
export const RAW_MAX_KEYS = 20;
export const RAW_KEY_MAX = 40;
export const RAW_VALUE_MAX = 128;
/** Statuses in which an order takes no PATCH at all. */
export const FROZEN_STATUSES: ReadonlySet<string> = new Set(['done', 'cancelled', 'expired']);

const TOP_LEVEL_KEYS = new Set(['settings', 'vendor_data', 'promocodes', 'status']);
const SETTINGS_KEYS = new Set(['customer', 'send_tickets']);
const CUSTOMER_KEYS = new Set(['name', 'email', 'phone', 'lang']);
const VENDOR_DATA_KEYS = new Set(['order_id', 'raw']);
// Deliberately loose: the real service's exact rule is unknown, and a stricter sandbox than the client's
// own validation would fail edits the service accepts. Empty means "no e-mail".
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type PatchCheck = { ok: true; patch: SandboxPatch } | { ok: false; errors: string[] };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(value: Record<string, unknown>, allowed: ReadonlySet<string>, where: string): string[] {
  return Object.keys(value)
    .filter((key) => !allowed.has(key))
    .map((key) => `${where}${key}: unknown field`);
}

function checkCustomer(customer: unknown, errors: string[]): Customer | undefined {
  if (!isPlainObject(customer)) {
    errors.push('settings.customer: must be an object');
    return undefined;
  }
  errors.push(...unknownKeys(customer, CUSTOMER_KEYS, 'settings.customer.'));
  const result: Customer = {};
  for (const key of ['name', 'email', 'phone'] as const) {
    const value = customer[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') errors.push(`settings.customer.${key}: value is not a string`);
    else result[key] = value;
  }
  if (typeof result.email === 'string' && result.email !== '' && !EMAIL_SHAPE.test(result.email)) {
    errors.push('settings.customer.email: not a valid email address');
  }
  if (customer.lang !== undefined) {
    if (customer.lang === 'en' || customer.lang === 'ru') result.lang = customer.lang;
    else errors.push('settings.customer.lang: must be one of en, ru');
  }
  return result;
}

function checkVendorData(vendorData: unknown, errors: string[]): OrderPatch['vendor_data'] {
  if (!isPlainObject(vendorData)) {
    errors.push('vendor_data: must be an object');
    return undefined;
  }
  errors.push(...unknownKeys(vendorData, VENDOR_DATA_KEYS, 'vendor_data.'));
  const result: NonNullable<OrderPatch['vendor_data']> = {};
  const orderId = vendorData.order_id;
  if (orderId !== undefined) {
    if (typeof orderId !== 'string') errors.push('vendor_data.order_id: value is not a string');
    else if (orderId.length > VENDOR_ORDER_ID_MAX) errors.push(`vendor_data.order_id: String is longer than ${VENDOR_ORDER_ID_MAX} characters`);
    else result.order_id = orderId;
  }
  const raw = vendorData.raw;
  if (raw !== undefined) {
    if (!isPlainObject(raw)) {
      errors.push('vendor_data.raw: must be an object');
    } else {
      const entries = Object.entries(raw);
      if (entries.length > RAW_MAX_KEYS) errors.push(`vendor_data.raw: more than ${RAW_MAX_KEYS} keys`);
      const checked: Record<string, string> = {};
      for (const [key, value] of entries) {
        if (key.length > RAW_KEY_MAX) errors.push(`vendor_data.raw: key "${key.slice(0, RAW_KEY_MAX)}…" is longer than ${RAW_KEY_MAX} characters`);
        if (typeof value !== 'string') errors.push(`vendor_data.raw.${key}: value is not a string`);
        else if (value.length > RAW_VALUE_MAX) errors.push(`vendor_data.raw.${key}: String is longer than ${RAW_VALUE_MAX} characters`);
        else checked[key] = value;
      }
      result.raw = checked;
    }
  }
  return result;
}

/** Checks a parsed PATCH body; every problem is reported, as plain strings (the API's 400 shape). */
export function checkPatchBody(body: unknown): PatchCheck {
  if (!isPlainObject(body)) return { ok: false, errors: ['Request body must be a JSON object'] };
  const errors: string[] = unknownKeys(body, TOP_LEVEL_KEYS, '');
  const patch: SandboxPatch = {};

  if (body.status !== undefined) {
    // Strict where the notes are silent: a status change is its own request (the API notes: never merged
    // with another edit), so a client that mixes them learns it here, not from a half-applied order.
    if (typeof body.status !== 'string' || !(REQUESTABLE_STATUSES as readonly string[]).includes(body.status)) {
      errors.push(`status: must be one of ${REQUESTABLE_STATUSES.join(', ')}`);
    } else {
      patch.status = body.status as RequestedStatus;
    }
    const others = Object.keys(body).filter((key) => key !== 'status' && TOP_LEVEL_KEYS.has(key));
    if (others.length > 0) errors.push(`status: a status change goes alone, not with ${others.join(', ')}`);
  }

  if (body.settings !== undefined) {
    if (!isPlainObject(body.settings)) {
      errors.push('settings: must be an object');
    } else {
      errors.push(...unknownKeys(body.settings, SETTINGS_KEYS, 'settings.'));
      const settings: NonNullable<OrderPatch['settings']> = {};
      if (body.settings.customer !== undefined) settings.customer = checkCustomer(body.settings.customer, errors);
      const sendTickets = body.settings.send_tickets;
      if (sendTickets !== undefined) {
        if (typeof sendTickets !== 'boolean') errors.push('settings.send_tickets: value should be True or False');
        else settings.send_tickets = sendTickets;
      }
      patch.settings = settings;
    }
  }
  if (body.vendor_data !== undefined) patch.vendor_data = checkVendorData(body.vendor_data, errors);
  if (body.promocodes !== undefined) {
    const codes = body.promocodes;
    if (!Array.isArray(codes)) errors.push('promocodes: value is not a list');
    else if (!codes.every((code): code is string => typeof code === 'string')) errors.push('promocodes: every code must be a string');
    else patch.promocodes = [...codes];
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, patch };
}

export interface PatchContext {
  catalog: Catalog;
  singleUse: SingleUseHolders;
}

export type PatchResult =
  | { ok: true; order: Order; errors: PromocodeError[]; claimed: string[]; released: string[] }
  | { ok: false; errors: string[] };

/**
 * The order after `patch`, as a new object (the stored one is not touched). Refused with 400-style
 * strings when the order's status takes no edits, or when the e-mail would change on an order that is
 * no longer `executed` (the public docs: the e-mail can be changed only while the order is executed).
 */
export function applyPatch(order: Order, patch: OrderPatch, context: PatchContext): PatchResult {
  if (FROZEN_STATUSES.has(order.status)) return { ok: false, errors: [`Not allow to update order in status ${order.status}`] };
  const newCustomer = patch.settings?.customer;
  if (newCustomer !== undefined && order.status !== 'executed') {
    const before = order.settings.customer?.email ?? '';
    const after = newCustomer.email ?? '';
    if (before !== after) return { ok: false, errors: [`Customer email can be changed only in status executed, the order is ${order.status}`] };
  }

  const next = structuredClone(order);
  if (newCustomer !== undefined) next.settings.customer = structuredClone(newCustomer);
  if (patch.settings?.send_tickets !== undefined) next.settings.send_tickets = patch.settings.send_tickets;
  if (patch.vendor_data !== undefined) next.vendor_data = structuredClone(patch.vendor_data);

  let promocodeErrors: PromocodeError[] = [];
  let claimed: string[] = [];
  let released: string[] = [];
  if (patch.promocodes !== undefined) {
    const resolution = resolvePromocodes(order, patch.promocodes, context.catalog, context.singleUse);
    next.promocodes = resolution.promocodeIds;
    promocodeErrors = resolution.errors;
    claimed = resolution.claimed;
    released = resolution.released;
    priceOrder(next, context.catalog);
  }
  return { ok: true, order: next, errors: promocodeErrors, claimed, released };
}
