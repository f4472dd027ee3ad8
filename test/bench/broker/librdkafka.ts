/**
 * librdkafka phases of the broker benchmark, through kcat (Debian's, librdkafka 2.x): produce a pre-generated
 * file of one message a line, and consume a partition from the beginning to /dev/null. kcat was chosen over a
 * confluent-kafka Python producer because it is the faster honest client here: its per-message cost is C, where
 * Python's `produce()` loop costs the client more CPU than the broker spends (measured while writing this).
 */
import { runClient, type ClientRun } from './processes.js';

/** Producer settings of the produce phase (acks=1, batching on). */
export const KCAT_PRODUCE_CONFIG = ['linger.ms=5', 'batch.num.messages=10000', 'acks=1'] as const;

/** Produces every line of `file` to partition 0 of `topic`; the process's wall time includes connecting. */
export function kcatProduce(bootstrap: string, topic: string, file: string): Promise<ClientRun> {
  const x = KCAT_PRODUCE_CONFIG.flatMap((c) => ['-X', c]);
  return runClient('kcat', ['-P', '-b', bootstrap, '-t', topic, '-p', '0', ...x, '-l', file]);
}

/**
 * Consumes exactly `count` messages of partition 0 from the beginning (`-c`: the run ends on the last message,
 * not on the end-of-partition long poll that follows it), messages to /dev/null. `config` adds `-X` settings.
 * Fails if the partition ends before `count` messages.
 */
export async function kcatConsume(bootstrap: string, topic: string, count: number, config: readonly string[] = []): Promise<ClientRun> {
  const x = config.flatMap((c) => ['-X', c]);
  const run = await runClient('kcat', ['-C', '-b', bootstrap, '-t', topic, '-p', '0', '-o', 'beginning', '-c', String(count), '-e', ...x], {
    stdoutToNull: true,
  });
  const eof = /Reached end of topic .* at offset (\d+)/.exec(run.stderr);
  if (eof && Number(eof[1]) < count) throw new Error(`kcat consumed only ${eof[1]} of ${count} messages of ${topic}`);
  return run;
}
