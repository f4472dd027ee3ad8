// java.util.PriorityQueue's binary heap, reproduced so that punctuations due at the same time fire in the
// order Kafka fires them (its PunctuationQueue compares timestamps only, so ties follow the heap's shape).

export class JavaPriorityQueue<T> {
  readonly #heap: T[] = [];

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.#heap.length;
  }

  peek(): T | undefined {
    return this.#heap[0];
  }

  add(x: T): void {
    const heap = this.#heap;
    let k = heap.length;
    heap.push(x);
    while (k > 0) {
      const parent = (k - 1) >>> 1;
      const e = heap[parent]!;
      if (this.compare(x, e) >= 0) break;
      heap[k] = e;
      k = parent;
    }
    heap[k] = x;
  }

  poll(): T | undefined {
    const heap = this.#heap;
    if (heap.length === 0) return undefined;
    const result = heap[0];
    const x = heap.pop()!;
    const n = heap.length;
    if (n > 0) {
      let k = 0;
      const half = n >>> 1;
      while (k < half) {
        let child = 2 * k + 1;
        let c = heap[child]!;
        const right = child + 1;
        if (right < n && this.compare(c, heap[right]!) > 0) c = heap[(child = right)]!;
        if (this.compare(x, c) <= 0) break;
        heap[k] = c;
        k = child;
      }
      heap[k] = x;
    }
    return result;
  }
}
