/**
 * One instance of the application: its HTTP query server on a free port, and a KafkaStreams whose
 * `application.server` is that server's `host:port` - the assignment shares it with the other instances, which is
 * how `queryMetadataForKey` can name the instance owning a key.
 */
import type { Server } from 'node:http';
import type { Transport } from '@tributary/client';
import { KafkaStreams, KafkaStreamsState } from '@tributary/streams';
import { startQueryServer } from './query-server.js';
import { buildTopology } from './topology.js';

export const APPLICATION_ID = 'page-view-counts';

export interface Instance {
  readonly name: string;
  /** `host:port` of the query server, also the instance's `application.server`. */
  readonly endpoint: string;
  readonly streams: KafkaStreams;
  close(): Promise<void>;
}

export async function startInstance(transport: Transport, name: string, stateDir: string): Promise<Instance> {
  let streams: KafkaStreams | undefined;
  const { endpoint, server } = await startQueryServer('127.0.0.1', () => streams!);
  streams = new KafkaStreams(buildTopology(), {
    'application.id': APPLICATION_ID,
    'application.server': endpoint,
    'state.dir': stateDir,
    'commit.interval.ms': 100,
  }, transport);
  streams.start();
  const started = streams;
  return {
    name,
    endpoint,
    streams: started,
    async close() {
      await new Promise<void>((resolve) => (server as Server).close(() => resolve()));
      await started.close();
    },
  };
}

/**
 * Waits until every instance is RUNNING and each hosts some partitions of the store: the rebalance after the last
 * instance joined is over and every instance knows who owns what.
 */
export async function waitForAssignment(instances: readonly Instance[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const ready = () =>
    instances.every((i) => i.streams.state() === KafkaStreamsState.RUNNING && i.streams.metadataForLocalThreads().some((t) => t.activeTasks.length > 0)) &&
    instances.every((i) => i.streams.metadataForAllStreamsClients().length === instances.length);
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`the instances were not all RUNNING with tasks within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
