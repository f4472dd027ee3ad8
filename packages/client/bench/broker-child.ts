/**
 * A broker in its own process for the kafkajs-over-TCP part of the consume benchmark, so the client's and
 * the broker's work do not share one event loop: prints `{"bootstrap": "host:port"}` once listening and
 * stops when stdin closes.
 */
import { Broker } from '@tributary/broker';

const broker = await Broker.start(
  { 'node.id': 1, 'log.dirs': process.argv[2]!, listeners: 'PLAINTEXT://127.0.0.1:0', 'offsets.topic.replication.factor': 1, 'group.initial.rebalance.delay.ms': 0 },
  { log: (m) => console.error(`[broker] ${m}`) },
);
process.stdout.write(`${JSON.stringify({ bootstrap: broker.bootstrapServers() })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void broker.stop().then(() => process.exit(0));
});
