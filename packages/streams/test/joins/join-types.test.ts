import { describe, expectTypeOf, it } from 'vitest';
import { JoinWindows, Joined, Materialized, StreamJoined, StreamsBuilder, TableJoined, type KStream, type KTable } from '../../src/index.js';

// Type tests of the join overloads (checked by the compiler run in dsl-typecheck.test.ts; the bodies only build).

interface Order {
  readonly customer: string;
  readonly amount: number;
}

describe('join types', () => {
  it('stream-stream joins infer the result type; left/outer joiners see null partners', () => {
    const b = new StreamsBuilder();
    const clicks = b.stream<string, number>('clicks');
    const views = b.stream<string, boolean>('views');
    const w = JoinWindows.ofTimeDifferenceWithNoGrace(10);
    expectTypeOf(clicks.join(views, (c, v) => `${c}${v}`, w)).toEqualTypeOf<KStream<string, string>>();
    clicks.leftJoin(views, (c, v) => {
      expectTypeOf(c).toEqualTypeOf<number>();
      expectTypeOf(v).toEqualTypeOf<boolean | null>();
      return c;
    }, w, StreamJoined.with<string, number, boolean>(undefined, undefined, undefined).withStoreName('s'));
    clicks.outerJoin(views, (c, v) => {
      expectTypeOf(c).toEqualTypeOf<number | null>();
      expectTypeOf(v).toEqualTypeOf<boolean | null>();
      return 1;
    }, w);
    // Not called: at run time the missing windows raise an IllegalArgumentException.
    // @ts-expect-error a windowed join needs JoinWindows
    const missingWindows = () => clicks.join(views, (c, v) => c + Number(v));
    expectTypeOf(missingWindows).toBeFunction();
  });

  it('stream-table, global table and table-table joins', () => {
    const b = new StreamsBuilder();
    const orders = b.stream<string, Order>('orders');
    const names = b.table<string, string>('names');
    const regions = b.globalTable<number, string>('regions');
    expectTypeOf(orders.join(names, (o, n) => ({ amount: o.amount, n }), Joined.as<string, Order, string>('j'))).toEqualTypeOf<KStream<string, { amount: number; n: string }>>();
    expectTypeOf(orders.leftJoin(regions, (_k, o) => o.amount, (o, r) => r ?? o.customer)).toEqualTypeOf<KStream<string, string>>();
    const counts = b.table<string, number>('counts');
    expectTypeOf(names.join(counts, (n, c) => `${n}:${c}`)).toEqualTypeOf<KTable<string, string>>();
    expectTypeOf(names.outerJoin(counts, (n, c) => [n, c] as const, Materialized.as<string, readonly [string | null, number | null]>('m'))).toEqualTypeOf<
      KTable<string, readonly [string | null, number | null]>
    >();
    const customers = b.table<string, { readonly name: string }>('customers');
    const byOrder = b.table<string, Order>('orders-table');
    expectTypeOf(byOrder.join(customers, (o) => o.customer, (o, c) => `${o.amount} ${c.name}`, TableJoined.as<string, string>('fk'))).toEqualTypeOf<KTable<string, string>>();
    byOrder.leftJoin(customers, (o) => o.customer, (_o, c) => {
      expectTypeOf(c).toEqualTypeOf<{ readonly name: string } | null>();
      return 0;
    });
  });
});
