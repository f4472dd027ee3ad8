import type { StreamPartitioner } from '../processor/extractors.js';
import { validateName } from './named.js';

interface TableJoinedFields<K, KO> {
  readonly name: string | undefined;
  readonly partitioner: StreamPartitioner<K, void> | undefined;
  readonly otherPartitioner: StreamPartitioner<KO, void> | undefined;
}

/**
 * Options of a foreign-key table-table join (Kafka's `TableJoined`): the partitioners of the left table's topic
 * and of the right (foreign-key) table's topic, when they are not the default partitioner - the subscription
 * and response records must reach the partitions that hold the keys - and a name for the join's processors and
 * internal topics. Immutable.
 *
 * @example
 * ```ts
 * orders.join(customers, (o) => o.customerId, joiner, TableJoined.as('orders-by-customer'));
 * ```
 */
export class TableJoined<K, KO> implements TableJoinedFields<K, KO> {
  readonly name: string | undefined;
  readonly partitioner: StreamPartitioner<K, void> | undefined;
  readonly otherPartitioner: StreamPartitioner<KO, void> | undefined;

  private constructor(fields: TableJoinedFields<K, KO>) {
    this.name = fields.name;
    this.partitioner = fields.partitioner;
    this.otherPartitioner = fields.otherPartitioner;
  }

  /** The partitioners of this table and of the other table; undefined means the default (Kafka's `TableJoined.with`). */
  static with<K, KO>(partitioner: StreamPartitioner<K, void> | undefined, otherPartitioner: StreamPartitioner<KO, void> | undefined): TableJoined<K, KO> {
    return new TableJoined<K, KO>({ name: undefined, partitioner, otherPartitioner });
  }

  /** Only the name of the join's processors and topics (Kafka's `TableJoined.as`). */
  static as<K, KO>(name: string): TableJoined<K, KO> {
    return new TableJoined<K, KO>({ name: validateName(name), partitioner: undefined, otherPartitioner: undefined });
  }

  withPartitioner(partitioner: StreamPartitioner<K, void> | undefined): TableJoined<K, KO> {
    return new TableJoined<K, KO>({ name: this.name, partitioner, otherPartitioner: this.otherPartitioner });
  }

  withOtherPartitioner(otherPartitioner: StreamPartitioner<KO, void> | undefined): TableJoined<K, KO> {
    return new TableJoined<K, KO>({ name: this.name, partitioner: this.partitioner, otherPartitioner });
  }

  withName(name: string): TableJoined<K, KO> {
    return new TableJoined<K, KO>({ name: validateName(name), partitioner: this.partitioner, otherPartitioner: this.otherPartitioner });
  }
}
