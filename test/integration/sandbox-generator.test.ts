// The seeded data set behind the sandbox: deterministic from (seed, index), realistic enough for the
// clerk's screens and search (Cyrillic with ё, Latin, mixed phone formats, every status), and the very
// orders the server serves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../../src-main/core/ticketscloud/types.ts';
import { ORDER_STATUSES } from '../../src-main/core/ticketscloud/types.ts';
import { PROMOCODE_ROLES, SANDBOX_PROMOCODES } from '../../src-main/sandbox/catalog.ts';
import { parseServerDate } from '../../src-main/sandbox/dates.ts';
import { DEFAULT_STARTED_AT_MS, generateDataset, generateOrder, generateRefs, holdsNoTickets } from '../../src-main/sandbox/generator.ts';
import { type Sandbox, startSandbox } from '../../src-main/sandbox/server.ts';

const SEED = 2026;
const orders: Order[] = [...generateDataset({ seed: SEED, count: 600 }).orders()];
const SERVER_DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const MONEY = /^\d+\.\d{2}$/;
const cents = (money: string): bigint => BigInt(money.replace('.', ''));

describe('determinism', () => {
  it('gives the same orders for the same seed and count, and other orders for another seed', () => {
    expect([...generateDataset({ seed: SEED, count: 600 }).orders()]).toEqual(orders);
    const other = [...generateDataset({ seed: SEED + 1, count: 600 }).orders()];
    expect(other.map((order) => order.id)).not.toEqual(orders.map((order) => order.id));
  });

  it('builds any order alone from (seed, index), so a smaller data set is a prefix of a larger one', () => {
    expect([...generateDataset({ seed: SEED, count: 40 }).orders()]).toEqual(orders.slice(0, 40));
    expect(generateOrder(SEED, 357)).toEqual(orders[357]);
  });

  it('streams a million-order data set lazily, one order at a time', () => {
    const dataset = generateDataset({ seed: SEED, count: 1_000_000 });
    const iterator = dataset.orders();
    expect(iterator.next().value).toEqual(orders[0]);
    expect(iterator.next().value).toEqual(orders[1]);
    const last = generateOrder(SEED, 999_999);
    expect(last.number).toBe(100_000 + 999_999);
    expect(last.id).toMatch(/^[0-9a-f]{24}$/);
  });
});

describe('the server serves the generated orders', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    // The data set the pure generator gives without a start: the same dates as `orders`.
    sandbox = await startSandbox({ orders: 600, seed: SEED, startedAt: DEFAULT_STARTED_AT_MS });
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('holds exactly the generated orders, whatever their order in the list', () => {
    expect([...sandbox.orderIds()].sort()).toEqual(orders.map((order) => order.id).sort());
    for (const order of orders) expect(sandbox.getOrderState(order.id)).toEqual(order);
  });

  it('exports the promocodes a test can type, one per role', () => {
    expect(sandbox.promocodes).toEqual({ ...SANDBOX_PROMOCODES });
    expect(Object.keys(sandbox.promocodes).sort()).toEqual([...PROMOCODE_ROLES].sort());
  });
});

describe('realistic content', () => {
  it('has every status among the first 60 orders, so small data sets can test each', () => {
    const statuses = new Set(orders.slice(0, 60).map((order) => order.status));
    expect([...statuses].sort()).toEqual([...ORDER_STATUSES].sort());
  });

  it('has Cyrillic names with ё, Latin names, e-mails and phones typed in several ways', () => {
    const customers = orders.map((order) => order.settings.customer).filter((customer) => customer !== undefined && customer !== null);
    const names = customers.map((customer) => customer.name ?? '');
    expect(names.some((name) => /ё/i.test(name))).toBe(true);
    expect(names.some((name) => /^[А-ЯЁ][а-яё]+ [А-ЯЁ]/.test(name))).toBe(true);
    expect(names.some((name) => /^[A-Z][a-zà-ÿ]+ [A-Z]/.test(name))).toBe(true);
    expect(customers.filter((customer) => customer.email?.includes('@')).length).toBeGreaterThan(customers.length / 2);
    const phoneShapes = new Set(customers.map((customer) => customer.phone?.replace(/\d/g, '9')).filter(Boolean));
    expect(phoneShapes.size).toBeGreaterThanOrEqual(5);
    expect(customers.every((customer) => customer.lang === 'ru' || customer.lang === 'en')).toBe(true);
    expect(orders.some((order) => order.settings.customer === undefined)).toBe(true);
  });

  it('has orders with vendor_data, with promocodes already applied, 1 to 6 tickets, and a few reserved ones with none', () => {
    expect(orders.some((order) => order.vendor_data.raw !== undefined)).toBe(true);
    expect(orders.some((order) => Object.keys(order.vendor_data).length === 0)).toBe(true);
    expect(orders.some((order) => order.promocodes.length > 0)).toBe(true);
    expect([...new Set(orders.map((order) => order.tickets.length))].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const empty = orders.filter((order) => order.tickets.length === 0);
    expect(empty.map((order) => order.number - 100_000)).toEqual([13, 77, 141]);
    for (const order of empty) {
      expect(order.status).toBe('executed');
      expect(order.values.full).toBe('0.00');
      expect(holdsNoTickets(order.number - 100_000)).toBe(true);
    }
  });

  it('gives barcodes of 13 digits and a done_at to done orders only', () => {
    for (const order of orders) {
      const done = order.status === 'done';
      expect(order.done_at === null).toBe(!done);
      for (const ticket of order.tickets) {
        if (done) expect(ticket.barcode).toMatch(/^[1-9]\d{12}$/);
        else expect(ticket.barcode).toBeNull();
      }
    }
  });

  it('dates every order from the data set\'s start: reservations end in minutes, hours and weeks; settled orders lie before it', () => {
    const start = DEFAULT_STARTED_AT_MS / 1000;
    const executed = orders.filter((order) => order.status === 'executed');
    const endsIn = executed.map((order) => parseServerDate(order.expired_after ?? '') - start);
    for (const order of executed) expect(parseServerDate(order.created_at)).toBeLessThan(start);
    expect(Math.min(...endsIn)).toBeGreaterThanOrEqual(10 * 60);
    expect(endsIn.some((seconds) => seconds < 3600)).toBe(true);
    expect(endsIn.some((seconds) => seconds >= 3600 && seconds < 86_400)).toBe(true);
    expect(endsIn.some((seconds) => seconds >= 7 * 86_400)).toBe(true);
    for (const order of orders.filter((candidate) => candidate.status === 'in_progress')) {
      expect(parseServerDate(order.expired_after ?? '')).toBe(parseServerDate(order.created_at) + 24 * 3600);
      expect(parseServerDate(order.expired_after ?? '')).toBeGreaterThan(start);
    }
    for (const order of orders.filter((candidate) => ['done', 'cancelled', 'expired'].includes(candidate.status))) {
      expect(parseServerDate(order.expired_after ?? '')).toBeLessThan(start);
      if (order.done_at) expect(parseServerDate(order.done_at)).toBeLessThan(start);
    }
  });

  it('moves every date with the start and keeps everything else, ids included: the same seed, index and start give the same order', () => {
    const later = DEFAULT_STARTED_AT_MS + 400 * 86_400_000;
    const moved = [...generateDataset({ seed: SEED, count: 600, startedAt: later }).orders()];
    expect([...generateDataset({ seed: SEED, count: 600, startedAt: later }).orders()]).toEqual(moved);
    expect(generateOrder(SEED, 357, later)).toEqual(moved[357]);
    for (const [index, order] of moved.entries()) {
      const original = orders[index]!;
      expect(parseServerDate(order.created_at) - parseServerDate(original.created_at)).toBe(400 * 86_400);
      expect(parseServerDate(order.expired_after ?? '') - parseServerDate(original.expired_after ?? '')).toBe(400 * 86_400);
      if (original.done_at) expect(parseServerDate(order.done_at ?? '') - parseServerDate(original.done_at)).toBe(400 * 86_400);
      expect({ ...order, created_at: '', expired_after: '', done_at: '' }).toEqual({ ...original, created_at: '', expired_after: '', done_at: '' });
    }
  });

  it('uses unique 24-hex ids and "YYYY-MM-DD HH:MM:SS" dates', () => {
    const orderIds = orders.map((order) => order.id);
    const ticketIds = orders.flatMap((order) => order.tickets.map((ticket) => ticket.id));
    expect(new Set(orderIds).size).toBe(orderIds.length);
    expect(new Set(ticketIds).size).toBe(ticketIds.length);
    for (const id of [...orderIds, ...ticketIds]) expect(id).toMatch(/^[0-9a-f]{24}$/);
    for (const order of orders) {
      expect(order.created_at).toMatch(SERVER_DATE);
      expect(order.expired_after).toMatch(SERVER_DATE);
      if (order.done_at !== null) expect(order.done_at).toMatch(SERVER_DATE);
    }
  });

  it('keeps money as two-decimal strings that add up: full = nominal + extra, totals = sums', () => {
    for (const order of orders) {
      for (const ticket of order.tickets) {
        for (const field of ['price', 'nominal', 'discount', 'extra', 'full'] as const) expect(ticket[field]).toMatch(MONEY);
        expect(cents(ticket.nominal)).toBe(cents(ticket.price) - cents(ticket.discount));
        expect(cents(ticket.full)).toBe(cents(ticket.nominal) + cents(ticket.extra));
      }
      for (const field of ['price', 'nominal', 'discount', 'extra', 'full'] as const) {
        expect(cents(order.values[field])).toBe(order.tickets.reduce((sum, ticket) => sum + cents(ticket[field]), 0n));
      }
    }
  });

  it('has several events with Russian and English titles, time zones, venues and sets', () => {
    const refs = generateRefs(SEED);
    const events = Object.values(refs.events ?? {});
    expect(events.length).toBeGreaterThanOrEqual(5);
    expect(events.some((event) => /[А-Яа-яЁё]/.test(event.title?.text ?? ''))).toBe(true);
    expect(events.some((event) => /^[A-Za-z:\s]+$/.test(event.title?.text ?? ''))).toBe(true);
    expect(new Set(events.map((event) => event.timezone))).toContain('Europe/Moscow');
    for (const event of events) expect(refs.venues?.[event.venue ?? '']).toBeDefined();
    expect(Object.keys(refs.sets ?? {}).length).toBeGreaterThanOrEqual(events.length * 2);
    const codes = Object.values(refs.promocodes ?? {}).map((promocode) => promocode.code);
    expect(codes.sort()).toEqual(Object.values(SANDBOX_PROMOCODES).map((code) => code.toLowerCase()).sort());
  });
});
