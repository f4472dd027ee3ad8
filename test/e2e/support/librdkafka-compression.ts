/**
 * Known broker bug (see test/compat/kcat/FINDINGS.md, "librdkafka does not compress gzip/snappy/lz4"):
 * librdkafka 2.0.2 only compresses gzip, snappy and lz4 when the broker advertises Produce v0 (it checks the
 * overlap of [0, 0] with the advertised Produce range), and our broker advertises Produce 3–8, so those
 * batches go out uncompressed. Kafka 4.0 keeps advertising Produce v0–v2 for this reason (KAFKA-18659;
 * librdkafka issue #4956). zstd is checked against [0, 7] and works.
 *
 * Tests of "librdkafka really compressed it" use `it.fails` for the codecs listed here; when the broker
 * advertises Produce from v0, empty this list and they run as plain tests.
 */
export const LIBRDKAFKA_UNCOMPRESSED_CODECS_KNOWN_BUG: readonly string[] = [];

/** Kafka's compression attribute codes by librdkafka codec name. */
export const COMPRESSION_CODE: Readonly<Record<string, number>> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 };
