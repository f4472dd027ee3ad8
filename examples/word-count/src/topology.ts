/**
 * Kafka's WordCountDemo, line for line: split each line into lower-cased words, re-key by word (through the
 * `counts-store` repartition topic), count per word in the `counts-store` store (LevelDB, changelogged), and
 * write every count change to the output topic as `word -> count` (String key, Long value).
 */
import { Materialized, Produced, Serdes, StreamsBuilder, type Topology } from '@tributary/streams';

export const INPUT_TOPIC = 'streams-plaintext-input';
export const OUTPUT_TOPIC = 'streams-wordcount-output';
export const STORE_NAME = 'counts-store';

/**
 * Kafka's `value.toLowerCase(Locale.getDefault()).split("\\W+")` with Java's split rules, so the counts match
 * Kafka's on any text: a leading empty word is kept (a line starting with a separator counts an empty word, as
 * in Kafka), trailing empty words are dropped, and a line without any separator is one word, even when empty.
 */
export function splitWords(line: string): string[] {
  const lower = line.toLowerCase();
  if (!/\W/.test(lower)) return [lower];
  const words = lower.split(/\W+/);
  while (words.length > 0 && words[words.length - 1] === '') words.pop();
  return words;
}

export function buildWordCountTopology(): Topology {
  const builder = new StreamsBuilder();
  builder
    .stream<string | null, string>(INPUT_TOPIC)
    .flatMapValues((line) => splitWords(line))
    .groupBy((_key, word) => word)
    .count(Materialized.as<string, number>(STORE_NAME))
    .toStream()
    .to(OUTPUT_TOPIC, Produced.with(Serdes.String(), Serdes.Long()));
  return builder.build();
}
