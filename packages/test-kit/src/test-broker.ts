import { Broker, type BrokerConfigInput } from '@tributary/broker';
import { tempDir, type TempDir } from './temp-dir.js';

/** Options of {@link startTestBroker}. */
export interface TestBrokerOptions {
  /** Kafka broker settings laid over the test defaults (e.g. `{'auto.create.topics.enable': false}`). */
  readonly config?: BrokerConfigInput;
  /** Where the broker keeps its logs; default a fresh temp dir, removed by `cleanup()`. */
  readonly logDir?: string;
  /** The port to listen on (default 0: an ephemeral port). */
  readonly port?: number;
  /** Where broker warnings go (default: dropped, so test output stays readable). */
  readonly log?: (message: string) => void;
}

/** A broker started by {@link startTestBroker}, with the means to restart it on the same dirs and port. */
export interface TestBroker {
  /** The running broker (replaced by {@link TestBroker.restart}). */
  readonly broker: Broker;
  /** `host:port` for a client's `bootstrap.servers`; stays the same across restarts. */
  readonly bootstrap: string;
  /** The bound port; stays the same across restarts. */
  readonly port: number;
  /** The log directory. */
  readonly logDir: string;
  /** Stops the broker cleanly and starts a new one on the same log dir and port. */
  restart(): Promise<void>;
  /** Stops the broker (idempotent). */
  stop(): Promise<void>;
  /** Stops the broker and removes the temp dir this helper made (not a `logDir` it was given). */
  cleanup(): Promise<void>;
}

/**
 * Settings that keep tests fast and predictable: one node on loopback, no initial rebalance delay, a small
 * `__consumer_offsets`, and short group session timeouts allowed.
 */
export const testBrokerDefaults: BrokerConfigInput = Object.freeze({
  'node.id': 1,
  'group.initial.rebalance.delay.ms': 0,
  'group.min.session.timeout.ms': 1000,
  'offsets.topic.num.partitions': 5,
  'offsets.topic.replication.factor': 1,
});

/**
 * Starts `Broker.start` in this process on a temp dir and an ephemeral loopback port. Clients that are CLI
 * tools must then run as async child processes (`runProcess`), never `spawnSync`, so the broker can answer.
 */
export async function startTestBroker(options: TestBrokerOptions = {}): Promise<TestBroker> {
  const owned: TempDir | null = options.logDir === undefined ? await tempDir('tributary-broker-') : null;
  const logDir = options.logDir ?? owned!.path;
  const log = options.log ?? (() => {});
  const start = (port: number): Promise<Broker> =>
    Broker.start(
      { ...testBrokerDefaults, ...options.config, 'log.dirs': logDir, listeners: `PLAINTEXT://127.0.0.1:${port}` },
      { log },
    );
  let broker = await start(options.port ?? 0);
  const port = broker.advertisedEndpoints[0]!.port;
  let stopped = false;
  const handle: TestBroker = {
    get broker() {
      return broker;
    },
    bootstrap: `127.0.0.1:${port}`,
    port,
    logDir,
    async restart() {
      await broker.stop();
      broker = await start(port);
      stopped = false;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await broker.stop();
    },
    async cleanup() {
      await handle.stop();
      await owned?.cleanup();
    },
  };
  return handle;
}

/** Fails with a clear message unless the broker advertises `apiKey` in ApiVersions (to gate tests of unserved APIs). */
export function requireApi(broker: Broker, apiKey: number, name: string): void {
  if (!broker.apiVersions().some((v) => v.apiKey === apiKey)) {
    throw new Error(`the broker does not serve ${name} (API key ${apiKey}) yet`);
  }
}
