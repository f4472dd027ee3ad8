/**
 * Test helpers shared by every package's tests (private).
 *
 * @packageDocumentation
 */
export {};
