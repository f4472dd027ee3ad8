/**
 * `@tributary/storage`: the partition log on disk.
 *
 * @packageDocumentation
 */
export {};
