// The copies this engine stored moments ago, kept in memory: a lane that sends an order's next edit
// within the fresh-copy window builds its PATCH on the answer it just stored instead of reading the order
// back from SQLite and parsing it again. The database stays the truth: a kept copy is used only while the
// cache still holds that very copy (the same copy_seq; anything merged since — an import page, a refresh —
// has a higher one), else the caller reads the cache.
import type { CachedOrder } from '../cache/read.ts';

interface Kept {
  copy: CachedOrder;
  askedSeq: number;
  /** Steady clock (ms). */
  at: number;
}

export class FreshCopies {
  readonly #windowMs: number;
  readonly #now: () => number;
  // Insertion order is keeping order (remember deletes first), so the oldest entries are at the front.
  readonly #kept = new Map<string, Kept>();

  constructor(windowMs: number, now: () => number) {
    this.#windowMs = windowMs;
    this.#now = now;
  }

  remember(orderId: string, copy: CachedOrder, askedSeq: number): void {
    this.#kept.delete(orderId);
    this.#kept.set(orderId, { copy, askedSeq, at: this.#now() });
    this.#sweep();
  }

  /** The copy stored for the order within the window, or null (never stored, too old, or forgotten). */
  recall(orderId: string): { copy: CachedOrder; askedSeq: number } | null {
    const kept = this.#kept.get(orderId);
    if (kept === undefined) return null;
    if (this.#now() - kept.at > this.#windowMs) {
      this.#kept.delete(orderId);
      return null;
    }
    return kept;
  }

  forget(orderId: string): void {
    this.#kept.delete(orderId);
  }

  get size(): number {
    return this.#kept.size;
  }

  /** Drops what fell out of the window, so orders never edited again do not stay in memory all day. */
  #sweep(): void {
    const oldest = this.#now() - this.#windowMs;
    for (const [orderId, kept] of this.#kept) {
      if (kept.at >= oldest) return;
      this.#kept.delete(orderId);
    }
  }
}
