// Small helpers shared by the generated codecs in `../generated/`. Not exported from the package: the generated
// files import them relatively. They carry no knowledge of any message; the codecs stay straight-line code.
import { ProtocolDecodeError, ProtocolEncodeError } from '../errors/tributary-error.js';
import type { Reader } from '../primitives/reader.js';
import type { Writer } from '../primitives/writer.js';
import type { Records, TaggedField } from './codec.js';

/** The default of a non-nullable `bytes` field; zero-length, so sharing it is safe. */
export const EMPTY_BUFFER: Buffer = Buffer.alloc(0);

/** The default of a `uuid` field (Kafka's `Uuid.ZERO_UUID`). */
export const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

/** Reads a tagged-field section of a struct that defines no tagged fields: every entry is kept as unknown. */
export function readUnknownTags(r: Reader): TaggedField[] | undefined {
  const count = r.readUVarint();
  let unknown: TaggedField[] | undefined;
  for (let i = 0; i < count; i++) {
    const tag = r.readUVarint();
    const size = r.readUVarint();
    (unknown ??= []).push({ tag, data: r.readRaw(size) });
  }
  return unknown;
}

/** Checks that a known tagged field of `size` bytes fits, and returns where it must end. */
export function taggedStart(r: Reader, size: number): number {
  r.need(size, 'tagged field');
  return r.pos + size;
}

/** Checks that a known tagged field consumed exactly the size its header announced. */
export function taggedEnd(r: Reader, end: number, field: string): void {
  if (r.pos !== end) {
    throw new ProtocolDecodeError(`tagged field ${field} ends at offset ${r.pos}, its size says ${end}`);
  }
}

function writeTag(w: Writer, t: TaggedField): void {
  w.writeUVarint(t.tag);
  w.writeUVarint(t.data.length);
  w.writeRaw(t.data);
}

/**
 * Writes a tagged-field section: the known fields that differ from their defaults (`known`, ascending tags)
 * merged with the preserved unknown ones in ascending tag order, as Kafka's `RawTaggedFieldWriter` does.
 */
export function writeTags(w: Writer, known: readonly TaggedField[] | undefined, unknown: readonly TaggedField[] | undefined): void {
  const k = known === undefined ? 0 : known.length;
  const u = unknown === undefined ? 0 : unknown.length;
  w.writeUVarint(k + u);
  if (u === 0) {
    for (let i = 0; i < k; i++) writeTag(w, known![i]!);
    return;
  }
  if (k === 0) {
    for (let j = 0; j < u; j++) writeTag(w, unknown![j]!);
    return;
  }
  let i = 0;
  let j = 0;
  while (i < k || j < u) {
    if (j >= u || (i < k && known![i]!.tag <= unknown![j]!.tag)) writeTag(w, known![i++]!);
    else writeTag(w, unknown![j++]!);
  }
}

/** In a non-flexible version there is no tagged section: preserved unknown tags cannot be written. */
export function noTags(unknown: readonly TaggedField[] | undefined, struct: string, version: number): void {
  if (unknown !== undefined && unknown.length > 0) {
    throw new ProtocolEncodeError(`${struct} has tagged fields, but version ${version} does not support them`);
  }
}

/** Writes a `records` field: null, one buffer, or a list of buffers sent back to back (zero-copy). */
export function writeRecords(w: Writer, compact: boolean, value: Records | null): void {
  if (value === null) {
    if (compact) w.writeUVarint(0);
    else w.writeInt32(-1);
    return;
  }
  if (Buffer.isBuffer(value)) {
    if (compact) w.writeCompactBytes(value);
    else w.writeBytes(value);
    return;
  }
  let size = 0;
  for (const b of value as readonly Buffer[]) size += b.length;
  if (compact) w.writeUVarint(size + 1);
  else w.writeInt32(size);
  w.writeRawList(value as readonly Buffer[]);
}

/** The decode error for a null length where the field is not nullable in this version. */
export function nullDecode(field: string, version: number): ProtocolDecodeError {
  return new ProtocolDecodeError(`non-nullable field ${field} was serialized as null in version ${version}`);
}

/** The encode error for a null value where the field is not nullable in this version. */
export function nullEncode(field: string, version: number): ProtocolEncodeError {
  return new ProtocolEncodeError(`field ${field} is null, but it is not nullable in version ${version}`);
}

/** The encode error for a non-default value in a non-ignorable field the version lacks (Kafka's rule). */
export function absentEncode(field: string, version: number): ProtocolEncodeError {
  return new ProtocolEncodeError(`field ${field} has a non-default value, but version ${version} does not have it`);
}
