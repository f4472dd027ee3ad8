import { describe, expect, it } from 'vitest';
import { Serdes } from '@tributary/streams';
import { TopologyTestDriver } from '@tributary/streams/testing';
import { buildTopology, ORDERS, OUTPUT, PRODUCTS, type EnrichedOrder, type Order, type Product } from '../src/topology.js';
import { runMain } from './run-main.js';

describe('global table enrichment', () => {
  it('looks each order up by the product id its value names, with the product row current at the time (test driver)', async () => {
    const driver = new TopologyTestDriver(buildTopology(), { 'application.id': 'enrich' }, 0);
    const products = driver.createInputTopic(PRODUCTS, Serdes.String().serializer(), Serdes.JSON<Product>().serializer());
    const orders = driver.createInputTopic(ORDERS, Serdes.String().serializer(), Serdes.JSON<Order>().serializer());
    const output = driver.createOutputTopic(OUTPUT, Serdes.String().deserializer(), Serdes.JSON<EnrichedOrder>().deserializer());
    await products.pipeInput('p1', { name: 'pen', priceCents: 150 }, 1);
    await orders.pipeInput('o1', { productId: 'p1', quantity: 4 }, 2);
    await orders.pipeInput('o2', { productId: 'nope', quantity: 1 }, 3);
    await products.pipeInput('p1', { name: 'pen', priceCents: 200 }, 4);
    await orders.pipeInput('o3', { productId: 'p1', quantity: 1 }, 5);
    expect(output.readKeyValuesToList().map((kv) => `${kv.key} ${kv.value.product} ${kv.value.totalCents}`)).toEqual(['o1 pen 600', 'o3 pen 200']);
    driver.close();
  });

  it('npm start prints every order with a known product, enriched, o5 at the changed price', async () => {
    const { code, stdout } = await runMain();
    expect(code).toBe(0);
    expect(stdout).toContain('price change: p2 Stream mug 15.00 (seen in the global store)');
    expect(stdout.slice(stdout.indexOf('enriched orders')).trim().split('\n')).toEqual([
      'enriched orders (orders-enriched):',
      '  o1  2 x Kafka T-shirt (p1) at 20.00 = 40.00',
      '  o2  10 x Sticker pack (p3) at 3.00 = 30.00',
      '  o4  1 x Stream mug (p2) at 12.00 = 12.00',
      '  o5  2 x Stream mug (p2) at 15.00 = 30.00',
    ]);
  }, 90_000);
});
