// The sandbox's orders: the generated data set plus every change made since start.
//
// Generated orders are not kept in memory: a compact index (status, event, customer flag, creation
// time — a few bytes per order) answers list filters, and an order is rebuilt from
// `generateOrder(seed, index)` when a request needs it. Only changed orders are stored whole. So a
// 100 000-order sandbox starts in well under a second and holds a few megabytes, not hundreds.
import { ORDER_STATUSES, type Order, type Refs } from '../core/ticketscloud/types.ts';
import type { Catalog } from './catalog.ts';
import { OBJECT_ID } from './ids.ts';
import { generateOrder, generateOrderHeader } from './generator.ts';

const NO_STATUS = 255;

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
  readonly #ids: string[];
  readonly #changed = new Map<string, Order>();
  /** Single-use promocode id → the order holding it. Generated orders never hold one. */
  readonly #singleUseHolder = new Map<string, string>();

  constructor(seed: number, count: number, catalog: Catalog) {
    if (count > 0x1000000) throw new Error('the sandbox holds at most 16 777 216 orders (the id counter has 24 bits)');
    this.#seed = seed;
    this.#count = count;
    this.#catalog = catalog;
    this.#status = new Uint8Array(count);
    this.#event = new Uint8Array(count);
    this.#withCustomer = new Uint8Array(count);
    this.#ids = new Array<string>(count);
    const created = new Uint32Array(count);
    for (let index = 0; index < count; index++) {
      const header = generateOrderHeader(seed, index);
      this.#status[index] = statusCode(header.status);
      this.#event[index] = header.eventIndex;
      this.#withCustomer[index] = header.hasCustomer ? 1 : 0;
      this.#ids[index] = header.id;
      created[index] = header.createdAt;
    }
    // Ids start with the creation time and end with the index, so (created, index) is (created_at, id).
    const byCreation = new Uint32Array(count);
    for (let i = 0; i < count; i++) byCreation[i] = i;
    byCreation.sort((a, b) => (created[a] as number) - (created[b] as number) || a - b);
    this.#byCreation = byCreation;
    this.#createdSorted = byCreation.map((index) => created[index] as number);
  }

  get size(): number {
    return this.#count;
  }

  /** Ids in list order (oldest first). */
  ids(): string[] {
    return Array.from(this.#byCreation, (index) => this.#ids[index] as string);
  }

  /** The generator index of `id`, or -1 when the id is not one of this data set's orders. */
  #indexOf(id: string): number {
    if (!OBJECT_ID.test(id)) return -1;
    // The id's last six hex digits are its index (see ids.ts); the full id must still match.
    const index = Number.parseInt(id.slice(18), 16);
    return index < this.#count && this.#ids[index] === id ? index : -1;
  }

  has(id: string): boolean {
    return this.#indexOf(id) !== -1;
  }

  /** The current order; a fresh object each call, so callers may keep or change it freely. */
  get(id: string): Order | undefined {
    const changed = this.#changed.get(id);
    if (changed) return structuredClone(changed);
    const index = this.#indexOf(id);
    return index === -1 ? undefined : generateOrder(this.#seed, index);
  }

  /** Stores a changed order (same id; created_at never changes). */
  put(order: Order): void {
    const index = this.#indexOf(order.id);
    if (index === -1) throw new Error(`order ${order.id} is not in the data set`);
    const copy = structuredClone(order);
    this.#changed.set(order.id, copy);
    this.#status[index] = statusCode(copy.status);
    this.#withCustomer[index] = hasCustomer(copy) ? 1 : 0;
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

  /** One page of the orders matching `filter`, oldest first, and how many match in all. */
  list(filter: OrderFilter, page: number, pageSize: number): OrderPage {
    const start = filter.createdFrom === undefined ? 0 : this.#lowerBound(filter.createdFrom);
    const end = filter.createdTo === undefined ? this.#count : this.#lowerBound(filter.createdTo + 1);
    const statuses = filter.statuses ? new Set(filter.statuses.map(statusCode)) : null;
    const events = filter.eventIds ? new Set(filter.eventIds.map((id) => this.#catalog.events.findIndex((event) => event.ref.id === id))) : null;
    const onlyWithCustomer = filter.onlyWithCustomer === true;

    const first = (page - 1) * pageSize;
    const pageIndexes: number[] = [];
    let total = 0;
    for (let position = start; position < end; position++) {
      const index = this.#byCreation[position] as number;
      if (statuses && !statuses.has(this.#status[index] as number)) continue;
      if (events && !events.has(this.#event[index] as number)) continue;
      if (onlyWithCustomer && this.#withCustomer[index] !== 1) continue;
      if (total >= first && pageIndexes.length < pageSize) pageIndexes.push(index);
      total += 1;
    }
    return { orders: pageIndexes.map((index) => this.get(this.#ids[index] as string) as Order), total };
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
