// Seeded, deterministic sandbox data. `generateOrder(seed, index)` is pure and needs no other order,
// so a benchmark can stream a million orders without a server and without holding them in memory, and
// the server can build its store from the same function: (seed, count) always gives the same orders.
import type { Order, OrderStatus, Refs, Ticket, VendorData } from '../core/ticketscloud/types.ts';
import { type Catalog, type CatalogEvent, type PromocodeRole, SANDBOX_PROMOCODES, catalogRefs, sandboxCatalog } from './catalog.ts';
import { DEFAULT_STARTED_AT_MS, formatServerDate } from './dates.ts';
import { machinePart, objectId } from './ids.ts';
import { feeOf, formatMoney, parseMoney } from './money.ts';
import { generateCustomer } from './people.ts';
import { priceOrder } from './promocodes.ts';
import { type Random, chance, intBetween, mixSeed, mulberry32, pick, pickWeighted } from './prng.ts';

// Every date of a data set is an offset from its start (DEFAULT_DATASET_START unless given): the sandbox
// starts its data set at the moment it starts (its clock), so the demo on any day shows reservations that
// end in minutes, hours and weeks, and orders that expired a while ago. Pure callers (benchmarks, tests of
// the generator) that give no start get the same dates on every run.
export { DEFAULT_DATASET_START, DEFAULT_STARTED_AT_MS } from './dates.ts';

const RESERVATION_SECONDS = 15 * 60;
/** An order in payment (in_progress) keeps its tickets longer: the payment system extends the reservation. */
const PAYMENT_HOLD_SECONDS = 24 * 3600;
/**
 * When the reservation of an `executed` order ends, seen from the start: soon (a counter sale in
 * progress), later today, or in weeks (an invoice for a group). The nearest is still 10 minutes away, so a
 * test that takes a few minutes never sees its order expire under it; a test that wants expiry moves the
 * sandbox's clock (the `now` option).
 */
const RESERVATION_HORIZONS: readonly { createdAgo: [number, number]; endsIn: [number, number] }[] = [
  { createdAgo: [60, 10 * 60], endsIn: [10 * 60, 50 * 60] },
  { createdAgo: [10 * 60, 6 * 3600], endsIn: [3600, 20 * 3600] },
  { createdAgo: [3600, 3 * 86_400], endsIn: [7 * 86_400, 21 * 86_400] },
];
const RESERVATION_HORIZON_WEIGHTS = [40, 35, 25];
const OLD_ORDER_SPACING_SECONDS = 90;
/**
 * The first orders of any data set carry every status, so a 20-order data set has executed, done,
 * cancelled… orders to test with. Further on, orders are mostly old and settled, as in a real account.
 */
const FRESH_ORDERS = 200;
const STATUSES: readonly OrderStatus[] = ['executed', 'in_progress', 'done', 'cancelled', 'expired'];
const FRESH_STATUS_WEIGHTS = [30, 12, 33, 12, 13];
const OLD_STATUS_WEIGHTS = [2, 2, 66, 13, 17];
const TICKET_COUNTS = [1, 2, 3, 4, 5, 6];
const TICKET_COUNT_WEIGHTS = [30, 35, 15, 10, 5, 5];
const ORIGINS = ['api', 'web', 'salespoint'];
const ORIGIN_WEIGHTS = [3, 5, 2];
const TICKET_STATUS: Readonly<Record<string, string>> = {
  executed: 'reserved',
  in_progress: 'reserved',
  done: 'sold',
  cancelled: 'vacant',
  expired: 'vacant',
};
const SERIAL_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const VENDOR_SOURCES = ['web', 'kassa', 'partner', 'call-center'];
const VENDOR_MANAGERS = ['Ольга', 'Семён', 'Алёна', 'Alice', 'Bob'];
const VENDOR_NOTES = ['Позвонить за день до концерта', 'Оплата по счёту', 'VIP-гость', 'Needs wheelchair access', 'Подарочный сертификат №1172'];

interface GeneratorContext {
  catalog: Catalog;
  orderMachine: string;
  ticketMachine: string;
  eventIndexes: number[];
  eventWeights: number[];
  /** Set price and fee (`extra`) per set id, in cents, computed once. */
  setPrices: Map<string, { price: number; extra: number }>;
}

const contexts = new Map<number, GeneratorContext>();

function contextFor(seed: number): GeneratorContext {
  let context = contexts.get(seed);
  if (!context) {
    const catalog = sandboxCatalog(seed);
    const setPrices = new Map<string, { price: number; extra: number }>();
    for (const event of catalog.events) {
      for (const set of event.sets) {
        const price = parseMoney(set.price);
        setPrices.set(set.id, { price, extra: feeOf(price, event.feePer100k) });
      }
    }
    context = {
      catalog,
      orderMachine: machinePart(seed, 'order'),
      ticketMachine: machinePart(seed, 'ticket'),
      eventIndexes: catalog.events.map((_, i) => i),
      eventWeights: catalog.events.map((event) => event.popularity),
      setPrices,
    };
    contexts.set(seed, context);
  }
  return context;
}

/**
 * A few reserved orders hold no ticket (all of them were taken off the order): finishing one is refused
 * with "there is no tickets in order". Every 64th of the first orders, from the 14th, so even a 20-order
 * data set has one.
 */
const EMPTY_ORDER_EVERY = 64;
const EMPTY_ORDER_OFFSET = 13;

export function holdsNoTickets(index: number): boolean {
  return index < FRESH_ORDERS && index % EMPTY_ORDER_EVERY === EMPTY_ORDER_OFFSET;
}

function statusFor(random: Random, index: number): OrderStatus {
  const drawn = pickWeighted(random, STATUSES, index < FRESH_ORDERS ? FRESH_STATUS_WEIGHTS : OLD_STATUS_WEIGHTS);
  return holdsNoTickets(index) ? 'executed' : drawn;
}

/** `intBetween` from a draw already made. */
function between(draw: number, min: number, max: number): number {
  return min + Math.floor(draw * (max - min + 1));
}

/**
 * When the order was created and when its reservation ends (`expired_after`), in epoch seconds, from the
 * data set's start: reservations are recent and end after the start, settled orders go back in time.
 * `createdDraw` is the header's second draw (as it was when every date was fixed), so the event and the
 * customer of every index stayed what they were; the reservation's horizon is drawn after them.
 */
function datesFor(random: Random, createdDraw: number, status: OrderStatus, index: number, start: number): { createdAt: number; expiresAt: number } {
  if (status === 'executed') {
    const horizon = pickWeighted(random, RESERVATION_HORIZONS, RESERVATION_HORIZON_WEIGHTS);
    const createdAt = start - between(createdDraw, ...horizon.createdAgo);
    return { createdAt, expiresAt: start + intBetween(random, ...horizon.endsIn) };
  }
  if (status === 'in_progress') {
    const createdAt = start - between(createdDraw, 60, 3 * 3600);
    return { createdAt, expiresAt: createdAt + PAYMENT_HOLD_SECONDS };
  }
  const createdAt = start - 20 * 60 - index * OLD_ORDER_SPACING_SECONDS - between(createdDraw, 0, OLD_ORDER_SPACING_SECONDS - 1);
  return { createdAt, expiresAt: createdAt + RESERVATION_SECONDS };
}

function serial(random: Random): string {
  let out = '';
  for (let i = 0; i < 3; i++) out += SERIAL_LETTERS[Math.floor(random() * 26)];
  return out;
}

/** 13 digits, no leading zero, as EAN-13-style scanners expect. */
function barcode(random: Random): string {
  // Two small integers: turning one 13-digit double into text is several times slower.
  return String(1_000_000 + Math.floor(random() * 9_000_000)) + String(1_000_000 + Math.floor(random() * 1_000_000)).slice(1);
}

/** `idTime`: the time part of the tickets' ids (see idTime). */
function generateTickets(random: Random, context: GeneratorContext, event: CatalogEvent, status: OrderStatus, idTime: number, index: number): Ticket[] {
  const count = pickWeighted(random, TICKET_COUNTS, TICKET_COUNT_WEIGHTS);
  const primary = pick(random, event.sets);
  const secondary = event.sets.length > 1 && count > 1 && chance(random, 0.2) ? pick(random, event.sets) : primary;
  const nextSeat = new Map<string, { row: number; seat: number }>();
  const tickets: Ticket[] = [];
  for (let k = 0; k < count; k++) {
    const set = k > 0 && chance(random, 0.5) ? secondary : primary;
    const money = context.setPrices.get(set.id);
    if (!money) throw new Error(`set ${set.id} has no price`);
    const ticket: Ticket = {
      id: objectId(idTime, context.ticketMachine, index * 6 + k),
      number: 1_000_000 + index * 6 + k,
      serial: serial(random),
      barcode: status === 'done' ? barcode(random) : null,
      set: set.id,
      status: TICKET_STATUS[status] ?? 'reserved',
      price: set.price,
      nominal: set.price,
      discount: '0.00',
      extra: formatMoney(money.extra),
      full: formatMoney(money.price + money.extra),
    };
    if (set.with_seats) {
      // Seats of one set sit side by side in one row, as a clerk sells them.
      let place = nextSeat.get(set.id);
      if (!place) {
        place = { row: intBetween(random, 1, 25), seat: intBetween(random, 1, 30) };
        nextSeat.set(set.id, place);
      }
      ticket.seat = { sector: set.name, row: String(place.row), number: String(place.seat) };
      place.seat += 1;
    }
    tickets.push(ticket);
  }
  return tickets;
}

function generateVendorData(random: Random, number: number): VendorData {
  if (!chance(random, 0.25)) return {};
  const raw: Record<string, string> = { source: pick(random, VENDOR_SOURCES) };
  if (chance(random, 0.6)) raw.manager = pick(random, VENDOR_MANAGERS);
  if (chance(random, 0.4)) raw.note = pick(random, VENDOR_NOTES);
  return chance(random, 0.8) ? { order_id: `SHOP-${number}`, raw } : { raw };
}

/** Roles of codes a generated order may already carry. Never the single-use code: tests own that one. */
function seededPromocodeRole(random: Random, context: GeneratorContext, event: CatalogEvent, ticketCount: number): PromocodeRole {
  const roles: PromocodeRole[] = ['fixed', 'percent'];
  if (ticketCount >= 3) roles.push('minTickets');
  const otherEvent = context.catalog.promocodes.find((rule) => rule.role === 'otherEvent');
  if (otherEvent && otherEvent.eventId === event.ref.id) roles.push('otherEvent');
  return pick(random, roles);
}

/**
 * What the server's index needs to know of an order without building it: drawn from a PRNG stream of
 * its own, so the store can index a million orders in a fraction of a second and build an order only
 * when a request asks for it.
 */
/** Each order draws from two PRNG streams: the header's (cheap, for the index) and the body's. */
const HEADER_STREAM = 0;
const BODY_STREAM = 1;

export interface OrderHeader {
  index: number;
  id: string;
  status: OrderStatus;
  /** Epoch seconds. */
  createdAt: number;
  /** When the reservation ends (`expired_after`), epoch seconds: what makes an executed order expire. */
  expiresAt: number;
  /** Position of the order's event in the catalogue's `events`. */
  eventIndex: number;
  hasCustomer: boolean;
}

/** `startedAt`: the data set's start, epoch milliseconds (see DEFAULT_DATASET_START). */
export function generateOrderHeader(seed: number, index: number, startedAt: number = DEFAULT_STARTED_AT_MS): OrderHeader {
  if (!Number.isSafeInteger(index) || index < 0) throw new Error(`order index must be a whole number ≥ 0, got ${index}`);
  const context = contextFor(seed);
  const random = mulberry32(mixSeed(seed, index, HEADER_STREAM));
  const status = statusFor(random, index);
  const createdDraw = random();
  const eventIndex = pickWeighted(random, context.eventIndexes, context.eventWeights);
  const hasCustomer = chance(random, 0.85);
  const { createdAt, expiresAt } = datesFor(random, createdDraw, status, index, Math.floor(startedAt / 1000));
  const id = objectId(idTime(createdAt, startedAt), context.orderMachine, index);
  return { index, id, status, createdAt, expiresAt, eventIndex, hasCustomer };
}

/**
 * The time part of an order's or ticket's id: its creation time as seen from the default start. So ids
 * depend on (seed, index) only — a sandbox restarted later (a test bringing "the server" back, a demo
 * reopened on a kept database) serves the same orders under the same ids — and still sort like created_at.
 */
function idTime(createdAt: number, startedAt: number): number {
  return createdAt - (Math.floor(startedAt / 1000) - DEFAULT_STARTED_AT_MS / 1000);
}

/**
 * The id of order `index` created at `createdAt` (epoch seconds) in the data set started at `startedAt`
 * (epoch ms): what generateOrderHeader(seed, index, startedAt).id is.
 */
export function orderIdOf(seed: number, createdAt: number, index: number, startedAt: number = DEFAULT_STARTED_AT_MS): string {
  return objectId(idTime(createdAt, startedAt), contextFor(seed).orderMachine, index);
}

/**
 * Order number `index` of the data set of `seed` that started at `startedAt` (epoch ms). Pure: the same
 * arguments always give the same order.
 */
export function generateOrder(seed: number, index: number, startedAt: number = DEFAULT_STARTED_AT_MS): Order {
  const header = generateOrderHeader(seed, index, startedAt);
  const context = contextFor(seed);
  const { catalog } = context;
  const random = mulberry32(mixSeed(seed, index, BODY_STREAM));
  const { status, createdAt } = header;
  const event = catalog.events[header.eventIndex];
  if (!event) throw new Error(`no event number ${header.eventIndex} in the catalogue`);
  const number = 100_000 + index;
  const ticketIdTime = idTime(createdAt, startedAt);
  const tickets = holdsNoTickets(index) ? [] : generateTickets(random, context, event, status, ticketIdTime, index);
  const customer = header.hasCustomer ? generateCustomer(random) : undefined;

  const order: Order = {
    id: header.id,
    number,
    status,
    created_at: formatServerDate(createdAt),
    done_at: status === 'done' ? formatServerDate(createdAt + intBetween(random, 60, 12 * 60)) : null,
    expired_after: formatServerDate(header.expiresAt),
    event: event.ref.id,
    org: catalog.org.id,
    vendor: catalog.org.id,
    origin: pickWeighted(random, ORIGINS, ORIGIN_WEIGHTS),
    promocodes: [],
    settings: customer ? { customer, send_tickets: chance(random, 0.4), invitation: false } : { send_tickets: false, invitation: false },
    vendor_data: generateVendorData(random, number),
    tickets,
    values: { price: '0.00', nominal: '0.00', discount: '0.00', extra: '0.00', full: '0.00' },
  };

  const settled = status === 'cancelled' || status === 'expired';
  if (!settled && chance(random, 0.15)) {
    const role = seededPromocodeRole(random, context, event, tickets.length);
    const rule = catalog.promocodes.find((candidate) => candidate.role === role);
    if (rule) order.promocodes.push(rule.ref.id);
  }
  priceOrder(order, catalog);
  return order;
}

/** Every event, set, venue, partner and promocode of the seed's data set (events dated from `startedAt`). */
export function generateRefs(seed: number, startedAt: number = DEFAULT_STARTED_AT_MS): Refs {
  return catalogRefs(sandboxCatalog(seed, startedAt));
}

export interface DatasetOptions {
  seed: number;
  count: number;
  /** Epoch ms; default DEFAULT_STARTED_AT_MS. */
  startedAt?: number;
}

export interface Dataset {
  seed: number;
  count: number;
  /** The data set's start ("YYYY-MM-DD HH:MM:SS", UTC): every date in it is an offset from this. */
  start: string;
  refs: Refs;
  /** role → code to type, e.g. `fixed: 'PROMO100'`. */
  promocodes: Readonly<Record<PromocodeRole, string>>;
  /** The orders, generated one at a time as they are read (nothing is kept). */
  orders(): Generator<Order, void, undefined>;
}

export function generateDataset({ seed, count, startedAt = DEFAULT_STARTED_AT_MS }: DatasetOptions): Dataset {
  if (!Number.isSafeInteger(count) || count < 0) throw new Error(`order count must be a whole number ≥ 0, got ${count}`);
  return {
    seed,
    count,
    start: formatServerDate(Math.floor(startedAt / 1000)),
    refs: generateRefs(seed, startedAt),
    promocodes: SANDBOX_PROMOCODES,
    *orders() {
      for (let index = 0; index < count; index++) yield generateOrder(seed, index, startedAt);
    },
  };
}
