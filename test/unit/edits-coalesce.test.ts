import { describe, expect, it } from 'vitest';
import { mergeAllIntents, mergeIntents, takeBatch, type PendingEdit } from '../../src-main/core/edits/coalesce.ts';
import type { EditIntent } from '../../src-main/core/edits/schema.ts';

const queue = (...intents: EditIntent[]): PendingEdit[] => intents.map((intent, i) => ({ id: i + 1, intent }));

/** Takes batch after batch until the queue is empty, as the engine does: what goes out as which request. */
function drain(pending: PendingEdit[]): number[][] {
  const requests: number[][] = [];
  let rest = pending;
  while (rest.length > 0) {
    const { editIds } = takeBatch(rest);
    requests.push(editIds);
    rest = rest.slice(editIds.length);
  }
  return requests;
}

describe('merging two intents of one order', () => {
  const cases: [string, EditIntent, EditIntent, EditIntent][] = [
    [
      'the later customer field wins, the others stay',
      { settings: { customer: { name: 'Anna', email: 'anna@example.com' } } },
      { settings: { customer: { name: 'Anna Petrova' } } },
      { settings: { customer: { name: 'Anna Petrova', email: 'anna@example.com' } } },
    ],
    [
      'send_tickets false after true is false',
      { settings: { send_tickets: true } },
      { settings: { send_tickets: false } },
      { settings: { send_tickets: false } },
    ],
    [
      'the later order_id wins',
      { vendor_data: { order_id: 'V-1' } },
      { vendor_data: { order_id: 'V-2' } },
      { vendor_data: { order_id: 'V-2' } },
    ],
    [
      'raw keys merge one by one',
      { vendor_data: { raw: { a: '1', b: '2' } } },
      { vendor_data: { raw: { b: '20', c: '3' } } },
      { vendor_data: { raw: { a: '1', b: '20', c: '3' } } },
    ],
    [
      'a later removal (null) of a raw key wins',
      { vendor_data: { raw: { a: '1' } } },
      { vendor_data: { raw: { a: null } } },
      { vendor_data: { raw: { a: null } } },
    ],
    [
      'a value set after a removal wins',
      { vendor_data: { raw: { a: null } } },
      { vendor_data: { raw: { a: 'back' } } },
      { vendor_data: { raw: { a: 'back' } } },
    ],
    [
      'different parts of the order add up',
      { settings: { customer: { phone: '+79991234576' } } },
      { vendor_data: { order_id: 'V-1' }, settings: { send_tickets: true } },
      { settings: { customer: { phone: '+79991234576' }, send_tickets: true }, vendor_data: { order_id: 'V-1' } },
    ],
    [
      'promocodes add up, deduplicated ignoring case',
      { promocodes: ['PROMO100', 'spring'] },
      { promocodes: ['promo100', 'AUTUMN'] },
      { promocodes: ['PROMO100', 'spring', 'AUTUMN'] },
    ],
  ];

  it.each(cases)('%s', (_name, a, b, expected) => {
    expect(mergeIntents(a, b)).toEqual(expected);
  });

  it('leaves both intents as they were', () => {
    const a: EditIntent = { settings: { customer: { name: 'A' } }, vendor_data: { raw: { k: '1' } }, promocodes: ['X'] };
    const b: EditIntent = { settings: { customer: { name: 'B' } }, vendor_data: { raw: { k: null } }, promocodes: ['Y'] };
    const before = structuredClone([a, b]);
    mergeIntents(a, b);
    expect([a, b]).toEqual(before);
  });
});

describe('merging a whole batch in one pass', () => {
  it('gives what merging the intents two at a time, oldest first, gives', () => {
    const intents: EditIntent[] = Array.from({ length: 200 }, (_, i) => {
      const kind = i % 5;
      if (kind === 0) return { settings: { customer: { name: `Name ${i}` } } };
      if (kind === 1) return { settings: { customer: { email: `e${i}@example.com` }, send_tickets: i % 2 === 0 } };
      if (kind === 2) return { vendor_data: { raw: { [`k${i % 7}`]: i % 3 === 0 ? null : `v${i}` } } };
      if (kind === 3) return { vendor_data: { order_id: `V-${i}` } };
      return { promocodes: [`CODE${i % 4}`, `code${(i + 1) % 4}`] };
    });
    const pairwise = intents.reduce<EditIntent>((merged, intent) => mergeIntents(merged, intent), {});
    expect(mergeAllIntents(intents)).toEqual(pairwise);
    expect(pairwise).toEqual({
      settings: { customer: { name: 'Name 195', email: 'e196@example.com' }, send_tickets: true },
      vendor_data: {
        raw: { k0: 'v182', k1: 'v197', k2: null, k3: null, k4: 'v172', k5: 'v187', k6: 'v167' },
        order_id: 'V-198',
      },
      promocodes: ['CODE0', 'code1', 'code2', 'code3'],
    });
  });

  it('keeps a raw key named "__proto__" as a key, never as the prototype', () => {
    const raw = JSON.parse('{"__proto__": "x", "a": "1"}') as Record<string, string>;
    const merged = mergeAllIntents([{ vendor_data: { raw } }, { vendor_data: { raw: { a: '2' } } }]);
    expect(Object.getPrototypeOf(merged.vendor_data?.raw)).toBe(Object.prototype);
    expect(Object.entries(merged.vendor_data?.raw ?? {})).toEqual([
      ['__proto__', 'x'],
      ['a', '2'],
    ]);
  });
});

describe('which queued edits travel together in one PATCH', () => {
  it('sends 10 queued customer and vendor edits of one order as one request, the latest values winning', () => {
    const pending = queue(
      ...Array.from({ length: 10 }, (_, i): EditIntent =>
        i % 2 === 0 ? { settings: { customer: { name: `Name ${i}` } } } : { vendor_data: { raw: { [`k${i % 3}`]: `v${i}` } } },
      ),
    );
    const batch = takeBatch(pending);
    expect(batch.editIds).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(batch.intent).toEqual({
      settings: { customer: { name: 'Name 8' } },
      vendor_data: { raw: { k1: 'v7', k0: 'v9', k2: 'v5' } },
    });
    expect(batch.promocodeEditId).toBeNull();
  });

  it('sends 3 promocode edits as 3 requests, so each promocode error belongs to one clerk action', () => {
    const pending = queue({ promocodes: ['A'] }, { promocodes: ['B'] }, { promocodes: ['C'] });
    expect(drain(pending)).toEqual([[1], [2], [3]]);
  });

  it('stops before the second edit that adds promocodes, carrying the other edits before it', () => {
    const pending = queue(
      { promocodes: ['A'] },
      { settings: { customer: { name: 'Anna' } } },
      { promocodes: ['B'] },
      { settings: { send_tickets: true } },
    );
    const first = takeBatch(pending);
    expect(first).toEqual({
      editIds: [1, 2],
      intent: { settings: { customer: { name: 'Anna' } }, promocodes: ['A'] },
      promocodeEditId: 1,
    });
    expect(takeBatch(pending.slice(2))).toEqual({
      editIds: [3, 4],
      intent: { settings: { send_tickets: true }, promocodes: ['B'] },
      promocodeEditId: 3,
    });
  });

  it('lets a promocode edit join the customer edits queued before it', () => {
    const pending = queue({ settings: { customer: { lang: 'en' } } }, { promocodes: ['A'] }, { promocodes: ['B'] });
    const batch = takeBatch(pending);
    expect(batch.editIds).toEqual([1, 2]);
    expect(batch.promocodeEditId).toBe(2);
  });

  it('keeps FIFO order: a batch is always the head of the queue', () => {
    const pending = queue(
      { promocodes: ['A'] },
      { promocodes: ['B'] },
      { vendor_data: { order_id: 'V' } },
      { promocodes: ['C'] },
      { settings: { send_tickets: false } },
    );
    expect(drain(pending)).toEqual([[1], [2, 3], [4, 5]]);
  });

  it('gives an empty batch for an empty queue', () => {
    expect(takeBatch([])).toEqual({ editIds: [], intent: {}, promocodeEditId: null });
  });
});
