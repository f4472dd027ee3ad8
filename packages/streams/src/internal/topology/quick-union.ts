/** Union-find over node names (Kafka's QuickUnion): nodes that share a parent or a store end up in one group. */
export class QuickUnion {
  readonly #parent = new Map<string, string>();

  add(id: string): void {
    if (!this.#parent.has(id)) this.#parent.set(id, id);
  }

  root(id: string): string {
    let current = id;
    for (;;) {
      const parent = this.#parent.get(current);
      if (parent === undefined) throw new Error(`QuickUnion: unknown id ${id}`);
      if (parent === current) return current;
      // Path halving keeps the trees flat.
      const grand = this.#parent.get(parent)!;
      this.#parent.set(current, grand);
      current = grand;
    }
  }

  unite(id: string, ...others: string[]): void {
    for (const other of others) {
      const a = this.root(id);
      const b = this.root(other);
      if (a !== b) this.#parent.set(a, b);
    }
  }
}
