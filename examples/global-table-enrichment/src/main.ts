#!/usr/bin/env node
/**
 * GlobalKTable enrichment on the embedded broker, in this process: load the products, start the application (its
 * global thread reads the products topic to its end before any order is processed), feed orders, change a price,
 * feed more orders, and print the enriched orders.
 *
 * Run: `npm start -w @tributary/example-global-table-enrichment`.
 */
import { KafkaStreams, QueryableStoreTypes, StoreQueryParameters } from '@tributary/streams';
import { createTopics, produce, readTopic, startEmbeddedBroker, waitUntilProcessed, type SampleRecord } from '@tributary/example-support';
import { buildTopology, ORDERS, OUTPUT, PRODUCTS, PRODUCTS_STORE, type EnrichedOrder, type Order, type Product } from './topology.js';

const APPLICATION_ID = 'orders-enricher';
const T0 = Date.UTC(2024, 0, 1, 10, 0, 0);
const product = (id: string, name: string, priceCents: number, minute = 0): SampleRecord => ({ key: id, value: { name, priceCents } satisfies Product, timestamp: T0 + minute * 60_000 });
const order = (id: string, productId: string, quantity: number, minute: number): SampleRecord => ({ key: id, value: { productId, quantity } satisfies Order, timestamp: T0 + minute * 60_000 });
const money = (cents: number) => (cents / 100).toFixed(2);

const embedded = await startEmbeddedBroker('global-table');
try {
  const { transport } = embedded;
  // No co-partitioning needed: the products topic has 1 partition, orders 3, and every task sees all products.
  await createTopics(transport, [{ name: ORDERS, numPartitions: 3 }, { name: PRODUCTS, numPartitions: 1 }, { name: OUTPUT, numPartitions: 1 }]);
  await produce(transport, PRODUCTS, [product('p1', 'Kafka T-shirt', 2000), product('p2', 'Stream mug', 1200), product('p3', 'Sticker pack', 300)]);
  console.log('products: p1 Kafka T-shirt 20.00, p2 Stream mug 12.00, p3 Sticker pack 3.00');

  const streams = new KafkaStreams(buildTopology(), { 'application.id': APPLICATION_ID, 'state.dir': embedded.stateDir, 'commit.interval.ms': 100 }, transport);
  streams.start();
  await produce(transport, ORDERS, [order('o1', 'p1', 2, 1), order('o2', 'p3', 10, 2), order('o3', 'p9', 1, 3), order('o4', 'p2', 1, 4)]);
  await waitUntilProcessed(transport, APPLICATION_ID, [ORDERS]);
  console.log('orders o1..o4 processed (o3 asks for p9, which does not exist)');

  // The global thread keeps reading the products topic: a price change reaches every instance's copy.
  await produce(transport, PRODUCTS, [product('p2', 'Stream mug', 1500, 5)]);
  const store = streams.store(StoreQueryParameters.fromNameAndType(PRODUCTS_STORE, QueryableStoreTypes.keyValueStore<string, Product>()));
  for (const deadline = Date.now() + 30_000; store.get('p2')?.priceCents !== 1500; await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > deadline) throw new Error('the price change did not reach the global store within 30 s');
  }
  console.log('price change: p2 Stream mug 15.00 (seen in the global store)');
  await produce(transport, ORDERS, [order('o5', 'p2', 2, 6)]);
  await waitUntilProcessed(transport, APPLICATION_ID, [ORDERS]);
  await streams.close();

  console.log(`\nenriched orders (${OUTPUT}):`);
  const enriched = (await readTopic(transport, OUTPUT)).map((r) => ({ id: r.key!.toString(), value: JSON.parse(r.value!.toString()) as EnrichedOrder }));
  for (const { id, value: e } of enriched.sort((a, b) => a.id.localeCompare(b.id))) {
    console.log(`  ${id}  ${e.quantity} x ${e.product} (${e.productId}) at ${money(e.unitPriceCents)} = ${money(e.totalCents)}`);
  }
} finally {
  await embedded.stop();
}
