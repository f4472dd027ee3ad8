// A java.util.TreeSet (a red-black TreeMap) driven by a comparator, reproduced step by step. Kafka's
// TopologyDescription keeps each node's successors and predecessors in TreeSets whose comparator reads a
// "subtree size" that keeps growing after elements are inserted; the printed order is therefore the tree's
// order as built, which can differ from a fresh sort. Reproducing the insertions (and the rebalancing that
// decides later comparisons) is the only way to print the same order as Kafka.

type Color = 'red' | 'black';

interface Entry<T> {
  value: T;
  left: Entry<T> | null;
  right: Entry<T> | null;
  parent: Entry<T> | null;
  color: Color;
}

export class JavaTreeSet<T> {
  #root: Entry<T> | null = null;
  #size = 0;

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.#size;
  }

  /** TreeMap.put: walk down comparing, attach a red leaf, rebalance. Returns false when an equal element exists. */
  add(value: T): boolean {
    let t = this.#root;
    if (t === null) {
      this.#root = { value, left: null, right: null, parent: null, color: 'black' };
      this.#size = 1;
      return true;
    }
    let parent: Entry<T>;
    let cmp: number;
    do {
      parent = t;
      cmp = this.compare(value, t.value);
      if (cmp < 0) t = t.left;
      else if (cmp > 0) t = t.right;
      else return false;
    } while (t !== null);
    const e: Entry<T> = { value, left: null, right: null, parent, color: 'black' };
    if (cmp < 0) parent.left = e;
    else parent.right = e;
    this.#fixAfterInsertion(e);
    this.#size++;
    return true;
  }

  /** In-order traversal: the TreeSet's iteration order. */
  toArray(): T[] {
    const out: T[] = [];
    const walk = (e: Entry<T> | null): void => {
      if (e === null) return;
      walk(e.left);
      out.push(e.value);
      walk(e.right);
    };
    walk(this.#root);
    return out;
  }

  #fixAfterInsertion(start: Entry<T>): void {
    let x: Entry<T> = start;
    x.color = 'red';
    while (x !== this.#root && colorOf(x.parent) === 'red') {
      // A red parent is never the root (the root is black), so the grandparent exists.
      const p: Entry<T> = x.parent!;
      const g: Entry<T> = p.parent!;
      if (p === g.left) {
        const y = g.right;
        if (colorOf(y) === 'red') {
          p.color = 'black';
          y!.color = 'black';
          g.color = 'red';
          x = g;
        } else {
          if (x === p.right) {
            x = p;
            this.#rotateLeft(x);
          }
          const xp: Entry<T> = x.parent!;
          xp.color = 'black';
          xp.parent!.color = 'red';
          this.#rotateRight(xp.parent!);
        }
      } else {
        const y = g.left;
        if (colorOf(y) === 'red') {
          p.color = 'black';
          y!.color = 'black';
          g.color = 'red';
          x = g;
        } else {
          if (x === p.left) {
            x = p;
            this.#rotateRight(x);
          }
          const xp: Entry<T> = x.parent!;
          xp.color = 'black';
          xp.parent!.color = 'red';
          this.#rotateLeft(xp.parent!);
        }
      }
    }
    this.#root!.color = 'black';
  }

  #rotateLeft(p: Entry<T>): void {
    const r = p.right!;
    p.right = r.left;
    if (r.left !== null) r.left.parent = p;
    r.parent = p.parent;
    if (p.parent === null) this.#root = r;
    else if (p.parent.left === p) p.parent.left = r;
    else p.parent.right = r;
    r.left = p;
    p.parent = r;
  }

  #rotateRight(p: Entry<T>): void {
    const l = p.left!;
    p.left = l.right;
    if (l.right !== null) l.right.parent = p;
    l.parent = p.parent;
    if (p.parent === null) this.#root = l;
    else if (p.parent.right === p) p.parent.right = l;
    else p.parent.left = l;
    l.right = p;
    p.parent = l;
  }
}

function colorOf<T>(e: Entry<T> | null): Color {
  return e === null ? 'black' : e.color;
}

