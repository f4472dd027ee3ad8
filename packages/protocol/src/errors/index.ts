// Public exports of this folder; the package index re-exports them.
export * from './tributary-error.js';
export * from './kafka-errors.js';
