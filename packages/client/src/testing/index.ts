/**
 * `@tributary/client/testing`: the conformance suite every transport of the client contract runs (it
 * imports vitest), and the polling helpers it uses.
 *
 * @packageDocumentation
 */
export { clientConformance, type ConformanceFactory, type ConformanceFixture } from './conformance.js';
export { pollRecords, pollAllUntil, text } from './helpers.js';
