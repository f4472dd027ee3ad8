// Public exports of this folder; the package index re-exports them.
export * from './crc32c.js';
export * from './batch-header.js';
