import { openSync, writeSync, closeSync } from 'node:fs';
import type { Printed } from '../../../kstream/printed.js';
import type { Processor } from '../../../processor/index.js';
import type { Record } from '../../../processor/record.js';

/** Java's String.valueOf for what JS values can be: null prints "null", arrays and bytes like Java's lists. */
export function javaString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return String(value);
  if (value instanceof Uint8Array) return `[${Array.from(value).join(', ')}]`;
  if (Array.isArray(value)) return `[${value.map(javaString).join(', ')}]`;
  if (value.toString !== Object.prototype.toString) return String(value);
  return JSON.stringify(value);
}

/** Kafka's KStreamPrint with PrintForeachAction: `[label]: <mapper(key, value)>`, default mapper `key, value`. */
export class PrintProcessor implements Processor<unknown, unknown> {
  #fd: number | undefined;

  constructor(private readonly printed: Printed<unknown, unknown>, private readonly label: string) {}

  init(): void {
    if (this.printed.target.kind === 'file') this.#fd = openSync(this.printed.target.path, 'w');
  }

  process(record: Record<unknown, unknown>): void {
    const mapper = this.printed.mapper ?? ((k: unknown, v: unknown) => `${javaString(k)}, ${javaString(v)}`);
    const line = `[${this.label}]: ${mapper(record.key(), record.value())}\n`;
    if (this.#fd !== undefined) writeSync(this.#fd, line);
    else process.stdout.write(line);
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
