/**
 * Orders enriched with product details: the products topic is read into a GlobalKTable - every instance holds
 * all of it - and each order looks its product up by the product id the KeyValueMapper takes from the order's
 * value. Orders whose product is unknown are dropped (an inner join; `leftJoin` would keep them with null).
 */
import { Consumed, Materialized, Produced, Serdes, StreamsBuilder, type Topology } from '@tributary/streams';

export const ORDERS = 'orders';
export const PRODUCTS = 'products';
export const OUTPUT = 'orders-enriched';
export const PRODUCTS_STORE = 'products-store';

export interface Order {
  readonly productId: string;
  readonly quantity: number;
}
export interface Product {
  readonly name: string;
  readonly priceCents: number;
}
export interface EnrichedOrder {
  readonly productId: string;
  readonly product: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
  readonly totalCents: number;
}

export function buildTopology(): Topology {
  const builder = new StreamsBuilder();
  const products = builder.globalTable(PRODUCTS, Consumed.with(Serdes.String(), Serdes.JSON<Product>()), Materialized.as<string, Product>(PRODUCTS_STORE));
  builder
    .stream(ORDERS, Consumed.with(Serdes.String(), Serdes.JSON<Order>()))
    .join(
      products,
      (_orderId, order) => order.productId, // KeyValueMapper: which product row this order needs
      (order, product): EnrichedOrder => ({
        productId: order.productId,
        product: product.name,
        quantity: order.quantity,
        unitPriceCents: product.priceCents,
        totalCents: order.quantity * product.priceCents,
      }),
    )
    .to(OUTPUT, Produced.with(Serdes.String(), Serdes.JSON<EnrichedOrder>()));
  return builder.build();
}
