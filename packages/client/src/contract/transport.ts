import type { Admin } from './admin.js';
import type { AdminConfig, ConsumerConfig, ProducerConfig } from './config.js';
import type { Consumer } from './consumer.js';
import type { Producer } from './producer.js';

/**
 * A way to reach a Kafka-protocol cluster, making the three clients of the contract. Streams and other users
 * take a `Transport` and never know which one it is: {@link inProcess} for the embedded broker, {@link kafkajs}
 * for any cluster over TCP.
 *
 * @example
 * ```ts
 * const transport = inProcess(broker); // or kafkajs({ 'bootstrap.servers': 'localhost:9092' })
 * const producer = transport.producer();
 * ```
 */
export interface Transport {
  /** A short name for logs and test titles (`in-process`, `kafkajs`). */
  readonly name: string;
  /** A new admin client. */
  admin(config?: AdminConfig): Admin;
  /** A new producer. */
  producer(config?: ProducerConfig): Producer;
  /** A new consumer. */
  consumer(config?: ConsumerConfig): Consumer;
  /** Closes every client this transport made that is still open. */
  close(): Promise<void>;
}
