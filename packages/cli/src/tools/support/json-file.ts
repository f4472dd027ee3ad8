import { readFileSync } from 'node:fs';
import { UsageError } from '../../args.js';

/** Reads and parses a JSON file named by `flag`; a usage error naming the flag when it cannot. */
export function readJsonFile(path: string, flag: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path} given to ${flag}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, flag);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`The input string is not a valid JSON (${path} given to ${flag})`, flag);
  }
}

/** A field of a JSON object that must be a non-negative-or-any integer. */
export function jsonInt(o: Record<string, unknown>, key: string, where: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new UsageError(`${where}: "${key}" must be an integer`);
  return v;
}

/** A field of a JSON object that must be a string. */
export function jsonString(o: Record<string, unknown>, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new UsageError(`${where}: "${key}" must be a string`);
  return v;
}

/** The objects of an array field of a JSON object. */
export function jsonObjects(o: unknown, key: string, where: string): Array<Record<string, unknown>> {
  const v = o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[key] : undefined;
  if (!Array.isArray(v) || v.some((x) => x === null || typeof x !== 'object')) throw new UsageError(`${where}: missing ${key} field`);
  return v as Array<Record<string, unknown>>;
}

/** Checks `"version": 1` when present (Kafka's tools accept only version 1 files). */
export function checkVersion(o: unknown, where: string): void {
  const v = o !== null && typeof o === 'object' ? (o as Record<string, unknown>).version : undefined;
  if (v !== undefined && v !== 1) throw new UsageError(`${where}: Not supported version field value ${String(v)}`);
}
