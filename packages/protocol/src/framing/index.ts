// Public exports of this folder; the package index re-exports them.
export * from './frame-errors.js';
export * from './frame-decoder.js';
export * from './request-frame.js';
export * from './response-frame.js';
