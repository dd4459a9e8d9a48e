// The sync workloads of issue 6 and the clerk edits that make them, drawn from a seeded PRNG so every run
// saves the same edits in the same order.
import type { EditIntent } from '../src-main/core/edits/schema.ts';
import { mulberry32, type Random } from '../src-main/sandbox/prng.ts';

export interface WorkloadSpec {
  key: 'a' | 'b' | 'c' | 'd';
  title: string;
  edits: number;
  orders: number;
  /** Share of edits that add a promocode (valid codes and some the server refuses). */
  promocodeShare: number;
  /** Share of API requests the sandbox answers 500/502/503. */
  rate5xx: number;
  /** After the drain, a second edit per order drained by the same engine on warm copies (sync.ts). */
  warmRun?: boolean;
}

export interface WorkloadScale {
  edits: number;
  /** (a) and (d): one order per edit. */
  manyOrders: number;
  /** (b): few orders, many edits each. */
  fewOrders: number;
  /** (c): some orders, with promocode edits. */
  someOrders: number;
}

export const FULL_SCALE: WorkloadScale = { edits: 1_000, manyOrders: 1_000, fewOrders: 10, someOrders: 100 };
export const TINY_SCALE: WorkloadScale = { edits: 20, manyOrders: 20, fewOrders: 5, someOrders: 5 };

export function workloadSpecs(scale: WorkloadScale): WorkloadSpec[] {
  const { edits, manyOrders, fewOrders, someOrders } = scale;
  return [
    { key: 'a', title: `${edits} edits over ${manyOrders} orders`, edits, orders: manyOrders, promocodeShare: 0, rate5xx: 0, warmRun: true },
    { key: 'b', title: `${edits} edits over ${fewOrders} orders, queued offline`, edits, orders: fewOrders, promocodeShare: 0, rate5xx: 0 },
    { key: 'c', title: `${edits} edits over ${someOrders} orders, 20 % promocodes`, edits, orders: someOrders, promocodeShare: 0.2, rate5xx: 0 },
    { key: 'd', title: `(a) with 10 % 5xx`, edits, orders: manyOrders, promocodeShare: 0, rate5xx: 0.1 },
  ];
}

export interface PlannedEdit {
  orderId: string;
  intent: EditIntent;
}

/** Codes the sandbox does not know: the server answers 200 with a promocode error for them. */
const UNKNOWN_CODES = ['NOSUCHCODE', 'SUMMER1999', 'TYPO-PROMO'];
const NAMES = ['Анна Смирнова', 'Иван Петров', 'Ольга Ёлкина', 'John Smith', 'Marie Curie', 'Семён Кузнецов'];

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** What a clerk at the counter changes most: contact details, the CRM reference, a vendor note. */
function ordinaryEdit(random: Random, n: number): EditIntent {
  switch (Math.floor(random() * 6)) {
    case 0:
      return { settings: { customer: { name: pick(random, NAMES) } } };
    case 1:
      return { settings: { customer: { email: `guest${n}@example.com` } } };
    case 2:
      return { settings: { customer: { phone: `+7999${String(1_000_000 + n).slice(-7)}` } } };
    case 3:
      return { settings: { send_tickets: random() < 0.5 } };
    case 4:
      return { vendor_data: { order_id: `CRM-${n}` } };
    default:
      return { vendor_data: { raw: { [`note${n % 5}`]: `counter note ${n}` } } };
  }
}

function promocodeEdit(random: Random, knownCodes: readonly string[]): EditIntent {
  // One in four codes is one the server does not know (a typo at the counter).
  return { promocodes: [random() < 0.75 ? pick(random, knownCodes) : pick(random, UNKNOWN_CODES)] };
}

/**
 * The edits of a workload in the order they are saved: the first `orders` edits touch every order once
 * (shuffled), the rest land on orders drawn at random.
 */
export function planEdits(spec: WorkloadSpec, orderIds: readonly string[], knownCodes: readonly string[], seed: number): PlannedEdit[] {
  if (orderIds.length < spec.orders) throw new Error(`workload ${spec.key} needs ${spec.orders} orders, the sandbox has ${orderIds.length}`);
  const random = mulberry32(seed);
  const targets = orderIds.slice(0, spec.orders);
  for (let i = targets.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [targets[i], targets[j]] = [targets[j] as string, targets[i] as string];
  }
  const planned: PlannedEdit[] = [];
  for (let n = 0; n < spec.edits; n++) {
    const orderId = n < targets.length ? (targets[n] as string) : pick(random, targets);
    const intent = random() < spec.promocodeShare ? promocodeEdit(random, knownCodes) : ordinaryEdit(random, n);
    planned.push({ orderId, intent });
  }
  return planned;
}
