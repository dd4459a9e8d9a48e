// The orders whose work is due now, in the order the engine serves them: first the ones whose
// reservation ends soonest (a reserved order's `expired_after`: after it Ticketscloud takes no change,
// so an edit that waits past it is lost work), then the rest in the order they became due, which keeps
// orders without a deadline fair among themselves.
//
// A min-heap over (deadline, arrival) for the orders with a deadline, an insertion-ordered Set for the
// others. Taking one is O(log n) however many thousands of orders are queued (pump runs after every
// request). Removed or re-added orders leave stale heap entries behind; they are skipped when reached.

interface HeapEntry {
  deadline: number;
  arrival: number;
  orderId: string;
}

function before(a: HeapEntry, b: HeapEntry): boolean {
  return a.deadline < b.deadline || (a.deadline === b.deadline && a.arrival < b.arrival);
}

export class ReadyQueue {
  /** order → the arrival number of its live entry (the heap's or the Set's). */
  readonly #arrivals = new Map<string, number>();
  readonly #heap: HeapEntry[] = [];
  readonly #withoutDeadline = new Set<string>();
  #nextArrival = 0;

  get size(): number {
    return this.#arrivals.size;
  }

  has(orderId: string): boolean {
    return this.#arrivals.has(orderId);
  }

  /** `deadline`: epoch ms when the order's reservation ends, or null when it has none (not reserved, or not cached). */
  add(orderId: string, deadline: number | null): void {
    this.delete(orderId);
    const arrival = this.#nextArrival++;
    this.#arrivals.set(orderId, arrival);
    if (deadline === null) this.#withoutDeadline.add(orderId);
    else this.#push({ deadline, arrival, orderId });
  }

  delete(orderId: string): void {
    if (this.#arrivals.delete(orderId)) this.#withoutDeadline.delete(orderId);
  }

  clear(): void {
    this.#arrivals.clear();
    this.#heap.length = 0;
    this.#withoutDeadline.clear();
  }

  /** Removes and returns the order to serve next, passing over those `busy` says cannot go now (they stay). */
  take(busy: (orderId: string) => boolean): string | undefined {
    const passed: HeapEntry[] = [];
    let found: string | undefined;
    while (this.#heap.length > 0) {
      const entry = this.#pop();
      if (this.#arrivals.get(entry.orderId) !== entry.arrival) continue; // stale
      if (busy(entry.orderId)) {
        passed.push(entry);
        continue;
      }
      found = entry.orderId;
      break;
    }
    for (const entry of passed) this.#push(entry);
    if (found === undefined) {
      for (const orderId of this.#withoutDeadline) {
        if (busy(orderId)) continue;
        found = orderId;
        break;
      }
    }
    if (found !== undefined) this.delete(found);
    return found;
  }

  #push(entry: HeapEntry): void {
    const heap = this.#heap;
    heap.push(entry);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(heap[index]!, heap[parent]!)) break;
      [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
      index = parent;
    }
  }

  #pop(): HeapEntry {
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        const right = left + 1;
        let smallest = index;
        if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === index) break;
        [heap[index], heap[smallest]] = [heap[smallest]!, heap[index]!];
        index = smallest;
      }
    }
    return top;
  }
}
