/**
 * Our broker for the broker benchmark: started as a separate Node process (`broker-process.ts`, TypeScript
 * sources through tsx like every benchmark), reached over loopback TCP, and administered with kafkajs's admin
 * client (topics are created before a phase starts, so creation is never inside a timed window).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { startServer, type Server } from './processes.js';

const SCRIPT = join(import.meta.dirname, 'broker-process.ts');

/** A running broker process. */
export interface BrokerProcess {
  readonly server: Server;
  readonly bootstrap: string;
  /** The API keys it advertises (to tell whether consumer groups are served yet). */
  readonly apiKeys: readonly number[];
  /** Seconds from process start to listening (`process.uptime()` then). */
  readonly readyAfterSeconds: number;
  readonly admin: Admin;
  /** Creates a one-partition topic. */
  createTopic(topic: string): Promise<void>;
  /** The partition's high watermark (kafkajs admin, ListOffsets). */
  highWatermark(topic: string): Promise<number>;
  /** Stops the broker; resolves with the CPU seconds it reported itself (`process.cpuUsage()`) at exit. */
  stop(): Promise<number | null>;
}

/**
 * Starts the broker with its log dir under `dir`. With `profileDir`, the process runs under `--cpu-prof` and
 * writes its profile there when it exits; it then runs the built `dist/` JavaScript (what `npm run bench` builds
 * first) rather than the sources through tsx, whose output puts each module on one line and would leave the
 * profile without line numbers.
 */
export async function startBroker(dir: string, profileDir?: string): Promise<BrokerProcess> {
  const logDir = join(dir, 'broker-logs');
  mkdirSync(logDir, { recursive: true });
  let info: { bootstrap: string; apiKeys: number[]; readyAfterSeconds: number } | null = null;
  let cpuAtExit: number | null = null;
  const nodeArgs = profileDir
    ? ['--import', 'tsx', '--cpu-prof', `--cpu-prof-dir=${profileDir}`]
    : ['--conditions=@tributary/source', '--import', 'tsx'];
  const server = await startServer(process.execPath, [...nodeArgs, SCRIPT, logDir], /^\{"bootstrap"/, {
    stdin: true, // the broker stops itself when this pipe closes, so it never outlives the benchmark
    timeoutMs: 60_000,
    onLine: (line) => {
      if (line.startsWith('{"bootstrap"')) info = JSON.parse(line) as { bootstrap: string; apiKeys: number[]; readyAfterSeconds: number };
      else if (line.startsWith('{"cpu"')) {
        const { cpu } = JSON.parse(line) as { cpu: { user: number; system: number } };
        cpuAtExit = (cpu.user + cpu.system) / 1e6;
      } else if (line.startsWith('[broker]')) console.log(`  ${line}`);
    },
  });
  const { bootstrap, apiKeys, readyAfterSeconds } = info!;
  const kafka = new Kafka({ clientId: 'bench-admin', brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  return {
    server,
    bootstrap,
    apiKeys,
    readyAfterSeconds,
    admin,
    createTopic: async (topic) => {
      await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
    },
    highWatermark: async (topic) => {
      const offsets = await admin.fetchTopicOffsets(topic);
      return Number(offsets.find((o) => o.partition === 0)?.high ?? -1);
    },
    stop: async () => {
      await admin.disconnect();
      server.child.stdin?.end();
      await server.stop(30_000);
      return cpuAtExit;
    },
  };
}
