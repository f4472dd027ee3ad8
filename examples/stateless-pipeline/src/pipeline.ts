/**
 * The pipeline: payments in, routed by amount. Invalid payments are dropped, amounts are converted to cents,
 * large payments go to `payments-large`, the rest to `payments-small`, and every payment is re-keyed by
 * currency through a repartition topic into `payments-by-currency`.
 */
import { Branched, Consumed, Named, Produced, Repartitioned, Serdes, StreamsBuilder, type Topology } from '@tributary/streams';

export interface Payment {
  readonly id: string;
  readonly amount: number;
  readonly currency: string;
}

export interface PaymentInCents {
  readonly id: string;
  readonly cents: number;
  readonly currency: string;
}

export const INPUT = 'payments';
export const OUTPUTS = ['payments-large', 'payments-small', 'payments-by-currency'] as const;

export function buildTopology(): Topology {
  const builder = new StreamsBuilder();
  const payments = builder
    .stream(INPUT, Consumed.with(Serdes.String(), Serdes.JSON<Payment>()))
    .filter((_account, p) => p.amount > 0, Named.as('valid-payments'))
    .mapValues((p): PaymentInCents => ({ id: p.id, cents: Math.round(p.amount * 100), currency: p.currency }), Named.as('to-cents'));

  const out = Produced.with(Serdes.String(), Serdes.JSON<PaymentInCents>());
  payments
    .split(Named.as('by-size-'))
    .branch((_account, p) => p.cents >= 100_000, Branched.withConsumer((large) => large.to('payments-large', out), 'large'))
    .defaultBranch(Branched.withConsumer((small) => small.to('payments-small', out), 'small'));

  payments
    .selectKey((_account, p) => p.currency, Named.as('key-by-currency'))
    .repartition(Repartitioned.with(Serdes.String(), Serdes.JSON<PaymentInCents>()).withName('by-currency'))
    .to('payments-by-currency', out);

  return builder.build();
}
