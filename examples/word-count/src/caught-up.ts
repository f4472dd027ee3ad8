import type { Admin } from '@tributary/client';

/**
 * Whether the application has committed every record of its source topics (the input and its repartition
 * topics) up to their current ends. Kafka Streams commits only after the stores are flushed and every output
 * record is acknowledged, so at that point every count the fed input causes is in the output topic.
 */
export async function caughtUp(admin: Admin, applicationId: string, sourceTopics: readonly string[]): Promise<{ done: boolean; committed: number; end: number }> {
  const described = await admin.describeTopics(sourceTopics);
  const partitions = described.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition })));
  // Committed offsets first, then the ends: a commit between the two reads can then only make the answer
  // "not yet", never "done" while repartition records written meanwhile are still unprocessed.
  const committed = await admin.listGroupOffsets(applicationId, partitions);
  const ends = await admin.listOffsets(partitions.map((p) => ({ ...p, spec: 'latest' as const })));
  const committedOf = new Map(committed.map((c) => [`${c.topic}-${c.partition}`, c.offset]));
  let done = true;
  let total = 0;
  let end = 0;
  for (const e of ends) {
    const c = Math.max(0, committedOf.get(`${e.topic}-${e.partition}`) ?? 0);
    total += c;
    end += Number(e.offset);
    if (c < Number(e.offset)) done = false;
  }
  return { done, committed: total, end };
}
