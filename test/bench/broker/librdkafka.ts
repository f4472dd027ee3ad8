/**
 * librdkafka phases of the broker benchmark, through kcat (Debian's, librdkafka 2.x): produce a pre-generated
 * file of one message a line, and consume a partition from the beginning to /dev/null. kcat was chosen over a
 * confluent-kafka Python producer because it is the faster honest client here: its per-message cost is C, where
 * Python's `produce()` loop costs the client more CPU than the broker spends (measured while writing this).
 *
 * The timed window starts at the client's first Produce (or Fetch) request, read from librdkafka's protocol debug
 * lines, and ends when the process exits: client start-up (connecting, metadata, the offset lookup) is not data
 * throughput, and librdkafka sometimes waits 500 ms there (an offset-lookup retry when the partition's leader is
 * not known yet at assignment), which would halve a one-second consume figure.
 */
import { runClient, type ClientRun } from './processes.js';

/** Producer settings of the produce phase (acks=1, batching on). */
export const KCAT_PRODUCE_CONFIG = ['linger.ms=5', 'batch.num.messages=10000', 'acks=1'] as const;

/** A client run whose `seconds` is the data window (first request to exit); `processSeconds` is the whole run. */
export interface KcatRun extends ClientRun {
  readonly processSeconds: number;
}

/** `%7|<epoch seconds with ms>|SEND|...: Sent <Api>Request` */
function firstRequestMs(stderr: string, api: 'Produce' | 'Fetch'): number {
  const m = new RegExp(`^%7\\|(\\d+\\.\\d+)\\|SEND\\|.*Sent ${api}Request`, 'm').exec(stderr);
  if (!m) throw new Error(`kcat sent no ${api}Request`);
  return Number(m[1]) * 1000;
}

function window(run: ClientRun, api: 'Produce' | 'Fetch'): KcatRun {
  const seconds = (run.endedAtMs - firstRequestMs(run.stderr, api)) / 1000;
  if (!(seconds > 0 && seconds <= run.seconds)) throw new Error(`kcat ${api} window ${seconds} s out of its run of ${run.seconds} s`);
  return { ...run, seconds, processSeconds: run.seconds };
}

/** Produces every line of `file` to partition 0 of `topic`. */
export async function kcatProduce(bootstrap: string, topic: string, file: string): Promise<KcatRun> {
  const x = KCAT_PRODUCE_CONFIG.flatMap((c) => ['-X', c]);
  return window(await runClient('kcat', ['-P', '-b', bootstrap, '-t', topic, '-p', '0', ...x, '-d', 'protocol', '-l', file]), 'Produce');
}

/**
 * Consumes exactly `count` messages of partition 0 from the beginning (`-c`: the run ends on the last message,
 * not on the end-of-partition long poll that follows it), messages to /dev/null. `config` adds `-X` settings.
 * Fails if the partition ends before `count` messages.
 */
export async function kcatConsume(bootstrap: string, topic: string, count: number, config: readonly string[] = []): Promise<KcatRun> {
  const x = config.flatMap((c) => ['-X', c]);
  const args = ['-C', '-b', bootstrap, '-t', topic, '-p', '0', '-o', 'beginning', '-c', String(count), '-e', '-d', 'protocol', ...x];
  const run = await runClient('kcat', args, { stdoutToNull: true });
  const eof = /Reached end of topic .* at offset (\d+)/.exec(run.stderr);
  if (eof && Number(eof[1]) < count) throw new Error(`kcat consumed only ${eof[1]} of ${count} messages of ${topic}`);
  return window(run, 'Fetch');
}
