// The engine's in-memory fresh copies (sync/fresh-copies.ts): recalled only within the window, forgotten
// on request, and swept so orders never edited again do not stay in memory.
import { describe, expect, it } from 'vitest';
import type { CachedOrder } from '../../src-main/core/cache/read.ts';
import { FreshCopies } from '../../src-main/core/sync/fresh-copies.ts';

const copy = (id: string): CachedOrder => ({ order: { id } as unknown as CachedOrder['order'], refs: {} });

describe('fresh copies', () => {
  it('recalls a copy with its request number within the window, and not after it', () => {
    let now = 0;
    const kept = new FreshCopies(1_000, () => now);
    kept.remember('a', copy('a'), 7);
    now = 1_000;
    expect(kept.recall('a')).toEqual({ copy: copy('a'), askedSeq: 7, at: 0 });
    now = 1_001;
    expect(kept.recall('a')).toBeNull();
    expect(kept.size).toBe(0);
  });

  it('forgets a copy on request, and a newer copy replaces an older one', () => {
    let now = 0;
    const kept = new FreshCopies(1_000, () => now);
    kept.remember('a', copy('a'), 1);
    now = 10;
    kept.remember('a', copy('a'), 2);
    expect(kept.recall('a')?.askedSeq).toBe(2);
    kept.forget('a');
    expect(kept.recall('a')).toBeNull();
  });

  it('sweeps what fell out of the window whenever a copy is kept', () => {
    let now = 0;
    const kept = new FreshCopies(1_000, () => now);
    for (let n = 0; n < 100; n++) kept.remember(`order-${n}`, copy(`order-${n}`), n);
    now = 500;
    kept.remember('late', copy('late'), 100);
    expect(kept.size).toBe(101);
    now = 1_200;
    kept.remember('later', copy('later'), 101);
    expect(kept.size).toBe(2);
    expect(kept.recall('order-0')).toBeNull();
    expect(kept.recall('late')?.askedSeq).toBe(100);
  });
});
