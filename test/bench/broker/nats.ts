/**
 * The NATS JetStream baseline of the broker benchmark: `nats-server -js` on a free loopback port with a file
 * store in the temp dir, driven by `nats-bench.c` on the NATS C client (built here with cc against Debian's
 * libnats): acknowledged async publishes with up to {@link NATS_MAX_PENDING} in flight, and a pull consumer
 * fetching {@link NATS_FETCH_BATCH} messages a request with no acks.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { runClient, startServer, type ClientRun, type Server } from './processes.js';
import { MESSAGE_BYTES } from './payload.js';

/** Unacknowledged publishes the client allows in flight. */
export const NATS_MAX_PENDING = 4000;
/** Messages per pull request. */
export const NATS_FETCH_BATCH = 10_000;

const SOURCE = join(import.meta.dirname, 'nats-bench.c');

/** A running nats-server and the built client. */
export interface NatsProcess {
  readonly server: Server;
  readonly url: string;
  readonly clientBinary: string;
}

/** Builds the client and starts nats-server with JetStream storing under `dir`. */
export async function startNats(dir: string): Promise<NatsProcess> {
  const clientBinary = join(dir, 'nats-bench');
  await runClient('cc', ['-O2', '-o', clientBinary, SOURCE, '-lnats']);
  const port = await freePort();
  const store = join(dir, 'nats-store');
  mkdirSync(store, { recursive: true });
  const server = await startServer('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', store], /Server is ready/);
  return { server, url: `nats://127.0.0.1:${port}`, clientBinary };
}

/** Checks the client's `ok <messages> <bytes>` line. */
function expectOk(run: ClientRun, count: number, what: string): ClientRun {
  const m = /^ok (\d+) (\d+)/m.exec(run.stdout);
  if (!m || Number(m[1]) !== count || Number(m[2]) !== count * MESSAGE_BYTES) throw new Error(`nats ${what}: ${run.stdout.trim()}`);
  return run;
}

/** Creates a file-backed stream on one subject (outside any timed window). */
export async function natsCreateStream(nats: NatsProcess, stream: string, subject: string): Promise<void> {
  await runClient(nats.clientBinary, ['create', nats.url, stream, subject]);
}

/** Publishes every line of `file` to `subject`, each acknowledged by JetStream. */
export async function natsProduce(nats: NatsProcess, subject: string, file: string, count: number): Promise<ClientRun> {
  return expectOk(await runClient(nats.clientBinary, ['produce', nats.url, subject, file, String(NATS_MAX_PENDING)]), count, 'produce');
}

/** Fetches `count` messages of the stream from its start. */
export async function natsConsume(nats: NatsProcess, stream: string, subject: string, count: number): Promise<ClientRun> {
  const args = ['consume', nats.url, stream, subject, String(count), String(NATS_FETCH_BATCH)];
  return expectOk(await runClient(nats.clientBinary, args), count, 'consume');
}
