/** One record header (Kafka's `Header`): a string key and nullable bytes. Keys may repeat. */
export interface Header {
  readonly key: string;
  readonly value: Buffer | null;
}

/**
 * The headers of a record (Kafka's `Headers` / `RecordHeaders`): an ordered list of key/value pairs in which a
 * key may appear more than once. Mutable, like Kafka's; every {@link Record} owns its own copy, so changing one
 * record's headers never changes another's.
 *
 * @example
 * ```ts
 * const headers = new Headers().add('trace', 'abc');
 * headers.lastHeader('trace')?.value?.toString(); // 'abc'
 * ```
 */
export class Headers implements Iterable<Header> {
  // A plain (non-#) field so test matchers such as toEqual compare header contents.
  private list: Header[];

  constructor(headers?: Iterable<Header>) {
    this.list = [];
    if (headers === undefined) return;
    // A plain loop: Array.from with a mapping function is several times slower on this hot path.
    for (const h of headers) this.list.push({ key: h.key, value: h.value });
  }

  /** Appends a header; a string value is stored as its UTF-8 bytes. Returns `this` for chaining. */
  add(key: string, value: Buffer | string | null): this {
    this.list.push({ key, value: typeof value === 'string' ? Buffer.from(value, 'utf8') : value });
    return this;
  }

  /** Removes every header with this key. Returns `this` for chaining. */
  remove(key: string): this {
    this.list = this.list.filter((h) => h.key !== key);
    return this;
  }

  /** The last header added with this key, or `undefined` (Kafka returns `null`). */
  lastHeader(key: string): Header | undefined {
    for (let i = this.list.length - 1; i >= 0; i--) {
      const h = this.list[i]!;
      if (h.key === key) return h;
    }
    return undefined;
  }

  /** Every header with this key, in the order they were added. */
  headers(key: string): Header[] {
    return this.list.filter((h) => h.key === key);
  }

  /** All headers in order (a copy of the list). */
  toArray(): Header[] {
    return this.list.slice();
  }

  /** How many headers there are. */
  get size(): number {
    return this.list.length;
  }

  [Symbol.iterator](): Iterator<Header> {
    return this.list[Symbol.iterator]();
  }

  /** Kafka's `RecordHeaders.toString()` shape, e.g. `RecordHeaders(headers = [...], isReadOnly = false)`. */
  toString(): string {
    const items = this.list.map((h) => `RecordHeader(key = ${h.key}, value = ${h.value === null ? 'null' : `[${Array.from(h.value).join(', ')}]`})`);
    return `RecordHeaders(headers = [${items.join(', ')}], isReadOnly = false)`;
  }
}
