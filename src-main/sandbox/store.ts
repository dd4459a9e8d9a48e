// The sandbox's orders: the generated data set plus every change made since start.
//
// Generated orders are not kept in memory: a compact index (status, event, customer flag, creation
// time — a few bytes per order) answers list filters, and an order is rebuilt from
// `generateOrder(seed, index)` when a request needs it. Only changed orders are stored whole. So a
// 100 000-order sandbox starts in well under a second and holds a few megabytes, not hundreds.
//
// Reservations end on the sandbox's clock: an `executed` order whose `expired_after` has passed is
// `expired` (tickets back on sale) from the next request on, as on the real service. Checked lazily, before
// every read, against a queue of generated reservations sorted by their end.
import { ORDER_STATUSES, type Order, type Refs } from '../core/ticketscloud/types.ts';
import type { Catalog } from './catalog.ts';
import { OBJECT_ID } from './ids.ts';
import { parseServerDate } from './dates.ts';
import { generateOrder, generateOrderHeader, orderIdOf } from './generator.ts';
import { withStatus } from './status.ts';

const NO_STATUS = 255;
const EXECUTED = statusCode('executed');

export interface OrderFilter {
  /** Inclusive bounds, epoch seconds. */
  createdFrom?: number;
  createdTo?: number;
  statuses?: readonly string[];
  eventIds?: readonly string[];
  onlyWithCustomer?: boolean;
}

export interface OrderPage {
  orders: Order[];
  /** How many orders match the filter (all pages). */
  total: number;
}

function statusCode(status: string): number {
  const code = (ORDER_STATUSES as readonly string[]).indexOf(status);
  return code === -1 ? NO_STATUS : code;
}

function hasCustomer(order: Order): boolean {
  const customer = order.settings.customer;
  return Boolean(customer && (customer.name || customer.email || customer.phone));
}

const INDEX_SPAN = 0x1000000; // 2^24: indexes fit in the id's 6-hex counter

/**
 * Generator indexes ordered by (created, index) — which is (created_at, id), since ids start with the
 * creation time and end with the index. Packs both into one exact double and lets the typed array's
 * native numeric sort do the work: a comparator sort of a million indexes takes seconds.
 */
function sortByCreation(created: Uint32Array): Uint32Array {
  const count = created.length;
  let earliest = Infinity;
  let latest = 0;
  for (const seconds of created) {
    if (seconds < earliest) earliest = seconds;
    if (seconds > latest) latest = seconds;
  }
  const order = new Uint32Array(count);
  if ((latest - earliest + 1) * INDEX_SPAN > Number.MAX_SAFE_INTEGER) {
    for (let i = 0; i < count; i++) order[i] = i;
    return order.sort((a, b) => (created[a] as number) - (created[b] as number) || a - b);
  }
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) keys[i] = ((created[i] as number) - earliest) * INDEX_SPAN + i;
  keys.sort();
  for (let i = 0; i < count; i++) order[i] = (keys[i] as number) % INDEX_SPAN;
  return order;
}

export class OrderStore {
  readonly #seed: number;
  readonly #count: number;
  readonly #catalog: Catalog;
  /** Generator indexes sorted by (created_at, id): the order the list answers in. */
  readonly #byCreation: Uint32Array;
  /** created_at (epoch seconds) of #byCreation[i], for binary search. */
  readonly #createdSorted: Uint32Array;
  /** Per generator index. */
  readonly #status: Uint8Array;
  readonly #event: Uint8Array;
  readonly #withCustomer: Uint8Array;
  /** created_at (epoch seconds) per generator index; with the index it gives the order's id. */
  readonly #created: Uint32Array;
  readonly #changed = new Map<string, Order>();
  /** When each generated reservation ends (epoch seconds), per generator index. */
  readonly #expires: Uint32Array;
  /** Indexes of the generated `executed` orders, soonest end first, and how many of them have ended. */
  readonly #reservationsByEnd: Uint32Array;
  #reservationsEnded = 0;
  /** Changed orders still `executed` → when their reservation ends (epoch seconds). */
  readonly #changedReservations = new Map<string, number>();
  readonly #startedAt: number;
  readonly #now: () => number;
  /** Single-use promocode id → the order holding it. Generated orders never hold one. */
  readonly #singleUseHolder = new Map<string, string>();
  /** Bumped by every put(): a cached filter result from an older version is stale. */
  #version = 0;
  #lastMatch: { key: string; version: number; indexes: Uint32Array } | null = null;

  /** `startedAt`: the data set's start (epoch ms); `now`: the sandbox's clock (epoch ms). */
  constructor(seed: number, count: number, catalog: Catalog, startedAt: number, now: () => number) {
    if (count > INDEX_SPAN) throw new Error('the sandbox holds at most 16 777 216 orders (the id counter has 24 bits)');
    this.#seed = seed;
    this.#count = count;
    this.#catalog = catalog;
    this.#startedAt = startedAt;
    this.#now = now;
    this.#status = new Uint8Array(count);
    this.#event = new Uint8Array(count);
    this.#withCustomer = new Uint8Array(count);
    // No id strings are kept: a million of them would cost more time (GC) than rebuilding one on demand.
    const created = new Uint32Array(count);
    this.#created = created;
    this.#expires = new Uint32Array(count);
    const reserved: number[] = [];
    for (let index = 0; index < count; index++) {
      const header = generateOrderHeader(seed, index, startedAt);
      this.#status[index] = statusCode(header.status);
      this.#event[index] = header.eventIndex;
      this.#withCustomer[index] = header.hasCustomer ? 1 : 0;
      created[index] = header.createdAt;
      this.#expires[index] = header.expiresAt;
      if (header.status === 'executed') reserved.push(index);
    }
    const expires = this.#expires;
    this.#reservationsByEnd = Uint32Array.from(reserved.sort((a, b) => (expires[a] as number) - (expires[b] as number) || a - b));
    this.#byCreation = sortByCreation(created);
    this.#createdSorted = this.#byCreation.map((index) => created[index] as number);
  }

  get size(): number {
    return this.#count;
  }

  /** Ids in list order (oldest first). */
  ids(): string[] {
    return Array.from(this.#byCreation, (index) => this.#idOf(index));
  }

  /** The generator index of `id`, or -1 when the id is not one of this data set's orders. */
  #indexOf(id: string): number {
    if (!OBJECT_ID.test(id)) return -1;
    // The id's last six hex digits are its index (see ids.ts); the full id must still match.
    const index = Number.parseInt(id.slice(18), 16);
    return index < this.#count && this.#idOf(index) === id ? index : -1;
  }

  #idOf(index: number): string {
    return orderIdOf(this.#seed, this.#created[index] as number, index, this.#startedAt);
  }

  has(id: string): boolean {
    return this.#indexOf(id) !== -1;
  }

  /** The current order; a fresh object each call, so callers may keep or change it freely. */
  get(id: string): Order | undefined {
    this.#expireEndedReservations();
    return this.#current(id);
  }

  #current(id: string): Order | undefined {
    const changed = this.#changed.get(id);
    if (changed) return structuredClone(changed);
    const index = this.#indexOf(id);
    return index === -1 ? undefined : generateOrder(this.#seed, index, this.#startedAt);
  }

  /** Stores a changed order (same id; created_at never changes). */
  put(order: Order): void {
    const index = this.#indexOf(order.id);
    if (index === -1) throw new Error(`order ${order.id} is not in the data set`);
    const copy = structuredClone(order);
    this.#changed.set(order.id, copy);
    this.#version += 1;
    this.#status[index] = statusCode(copy.status);
    this.#withCustomer[index] = hasCustomer(copy) ? 1 : 0;
    const endsAt = copy.status === 'executed' ? parseServerDate(copy.expired_after ?? '') : Number.NaN;
    if (Number.isFinite(endsAt)) this.#changedReservations.set(copy.id, endsAt);
    else this.#changedReservations.delete(copy.id);
  }

  /** Every `executed` order whose reservation has ended by the sandbox's clock becomes `expired`. */
  #expireEndedReservations(): void {
    const now = Math.floor(this.#now() / 1000);
    const queue = this.#reservationsByEnd;
    while (this.#reservationsEnded < queue.length) {
      const index = queue[this.#reservationsEnded] as number;
      if ((this.#expires[index] as number) > now) break;
      this.#reservationsEnded += 1;
      const id = this.#idOf(index);
      // A changed order is followed in #changedReservations (its status may not be executed any more).
      if (!this.#changed.has(id) && this.#status[index] === EXECUTED) this.#expire(generateOrder(this.#seed, index, this.#startedAt), now);
    }
    for (const [id, endsAt] of this.#changedReservations) {
      const order = endsAt <= now ? this.#changed.get(id) : undefined;
      if (order) this.#expire(order, now);
    }
  }

  #expire(order: Order, nowSeconds: number): void {
    this.put(withStatus(order, 'expired', nowSeconds));
    // Its tickets are back on sale, and so is a single-use code it held.
    for (const promocodeId of order.promocodes) this.releaseSingleUse(promocodeId, order.id);
  }

  singleUseHolder(promocodeId: string): string | undefined {
    return this.#singleUseHolder.get(promocodeId);
  }

  claimSingleUse(promocodeId: string, orderId: string): void {
    this.#singleUseHolder.set(promocodeId, orderId);
  }

  releaseSingleUse(promocodeId: string, orderId: string): void {
    if (this.#singleUseHolder.get(promocodeId) === orderId) this.#singleUseHolder.delete(promocodeId);
  }

  /** First position in creation order whose created_at is ≥ `seconds`. */
  #lowerBound(seconds: number): number {
    let low = 0;
    let high = this.#count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#createdSorted[middle] as number) < seconds) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /**
   * One page of the orders matching `filter`, oldest first, and how many match in all. Without
   * status/event/customer filters a page is a slice of the creation order (no scan at all); with them the
   * matching indexes are computed once and kept until the filter or any order changes, so paging through
   * a million orders does not rescan them for every page.
   */
  list(filter: OrderFilter, page: number, pageSize: number): OrderPage {
    this.#expireEndedReservations();
    const start = filter.createdFrom === undefined ? 0 : this.#lowerBound(filter.createdFrom);
    const end = filter.createdTo === undefined ? this.#count : this.#lowerBound(filter.createdTo + 1);
    const first = (page - 1) * pageSize;
    const plain = filter.statuses === undefined && filter.eventIds === undefined && filter.onlyWithCustomer !== true;
    const matching = plain ? this.#byCreation.subarray(start, Math.max(start, end)) : this.#matching(filter, start, end);
    const pageIndexes = matching.subarray(Math.min(first, matching.length), Math.min(first + pageSize, matching.length));
    return { orders: Array.from(pageIndexes, (index) => this.#current(this.#idOf(index)) as Order), total: matching.length };
  }

  #matching(filter: OrderFilter, start: number, end: number): Uint32Array {
    const key = JSON.stringify([start, end, filter.statuses, filter.eventIds, filter.onlyWithCustomer]);
    if (this.#lastMatch?.key === key && this.#lastMatch.version === this.#version) return this.#lastMatch.indexes;
    const statuses = filter.statuses ? new Set(filter.statuses.map(statusCode)) : null;
    const events = filter.eventIds ? new Set(filter.eventIds.map((id) => this.#catalog.events.findIndex((event) => event.ref.id === id))) : null;
    const onlyWithCustomer = filter.onlyWithCustomer === true;
    const indexes: number[] = [];
    for (let position = start; position < end; position++) {
      const index = this.#byCreation[position] as number;
      if (statuses && !statuses.has(this.#status[index] as number)) continue;
      if (events && !events.has(this.#event[index] as number)) continue;
      if (onlyWithCustomer && this.#withCustomer[index] !== 1) continue;
      indexes.push(index);
    }
    this.#lastMatch = { key, version: this.#version, indexes: Uint32Array.from(indexes) };
    return this.#lastMatch.indexes;
  }

  /** The refs a response about `orders` carries: their events, all sets of those events, venues, promocodes, organiser. */
  refsFor(orders: readonly Order[]): Refs {
    const refs: Required<Pick<Refs, 'events' | 'sets' | 'promocodes' | 'venues' | 'partners'>> = {
      events: {},
      sets: {},
      promocodes: {},
      venues: {},
      partners: {},
    };
    for (const order of orders) {
      const event = this.#catalog.eventsById.get(order.event);
      if (event && !refs.events[event.ref.id]) {
        refs.events[event.ref.id] = structuredClone(event.ref);
        refs.venues[event.venue.id] = structuredClone(event.venue);
        for (const set of event.sets) refs.sets[set.id] = { ...set };
      }
      for (const id of order.promocodes) {
        const rule = this.#catalog.promocodesById.get(id);
        if (rule) refs.promocodes[id] = structuredClone(rule.ref);
      }
      if (order.org) refs.partners[order.org] = { ...this.#catalog.org };
    }
    return refs;
  }
}
