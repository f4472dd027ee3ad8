/**
 * Our broker as a separate process for the broker benchmark:
 * `node --conditions=@tributary/source --import tsx test/bench/broker/broker-process.ts <log dir> [port]`.
 *
 * Prints one JSON line `{"bootstrap": "127.0.0.1:<port>", "apiKeys": [...], "readyAfterSeconds": n}` once it listens, stops cleanly on
 * SIGTERM or when stdin closes, and prints `{"cpu": {"user": µs, "system": µs}}` (`process.cpuUsage()`) just
 * before it exits, so the benchmark can check its per-phase `/proc` readings against the process's own total.
 */
import { Broker } from '@tributary/broker';

const logDir = process.argv[2];
if (!logDir) {
  console.error('usage: broker-process.ts <log dir> [port]');
  process.exit(2);
}
const port = Number(process.argv[3] ?? 0);

const broker = await Broker.start(
  {
    'node.id': 1,
    'log.dirs': logDir,
    listeners: `PLAINTEXT://127.0.0.1:${port}`,
    'num.partitions': 1,
    'offsets.topic.replication.factor': 1, // one node: as Kafka's single-broker server.properties sets it
  },
  { log: (m) => console.error(`[broker] ${m}`) },
);
const apiKeys = broker.apiVersions().map((v) => v.apiKey);
// readyAfterSeconds lets a profile summary leave out the start-up (module loading, log recovery).
process.stdout.write(`${JSON.stringify({ bootstrap: broker.bootstrapServers(), apiKeys, readyAfterSeconds: process.uptime() })}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await broker.stop();
  process.stdout.write(`${JSON.stringify({ cpu: process.cpuUsage() })}\n`);
  // Exit explicitly (stdout is a pipe: let it drain) so that --cpu-prof writes its profile on a normal exit.
  process.stdout.write('', () => process.exit(0));
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
process.stdin.resume();
process.stdin.on('end', () => void stop());
