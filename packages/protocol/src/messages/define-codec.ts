import { ProtocolDecodeError, ProtocolEncodeError, TributaryError } from '../errors/tributary-error.js';
import { Reader } from '../primitives/reader.js';
import { Writer } from '../primitives/writer.js';
import type { DeepPartial, MessageCodec, MessageKind, VersionRange } from './codec.js';

/** What a generated message file hands to {@link defineCodec}: its identity and its three generated functions. */
export interface CodecParts<T> {
  readonly name: string;
  readonly apiKey: number | null;
  readonly kind: MessageKind;
  readonly validVersions: VersionRange;
  readonly flexibleVersions: VersionRange | null;
  readonly read: (r: Reader, version: number) => T;
  readonly write: (w: Writer, version: number, value: T) => void;
  readonly create: (init: DeepPartial<T> | undefined) => T;
}

/**
 * The {@link MessageCodec} around a generated reader and writer: it checks the version, turns an unexpected
 * failure while writing (a number out of range for its type, a missing property) into a
 * `ProtocolEncodeError`, and rejects trailing bytes on `decode`.
 */
class GeneratedCodec<T> implements MessageCodec<T> {
  readonly name: string;
  readonly apiKey: number | null;
  readonly kind: MessageKind;
  readonly validVersions: VersionRange;
  readonly flexibleVersions: VersionRange | null;
  private readonly readBody: (r: Reader, version: number) => T;
  private readonly writeBody: (w: Writer, version: number, value: T) => void;
  private readonly createBody: (init: DeepPartial<T> | undefined) => T;

  constructor(parts: CodecParts<T>) {
    this.name = parts.name;
    this.apiKey = parts.apiKey;
    this.kind = parts.kind;
    this.validVersions = parts.validVersions;
    this.flexibleVersions = parts.flexibleVersions;
    this.readBody = parts.read;
    this.writeBody = parts.write;
    this.createBody = parts.create;
  }

  private hasVersion(version: number): boolean {
    return Number.isInteger(version) && version >= this.validVersions.min && version <= this.validVersions.max;
  }

  isFlexible(version: number): boolean {
    const f = this.flexibleVersions;
    return f !== null && version >= f.min && version <= f.max;
  }

  read(reader: Reader, version: number): T {
    if (!this.hasVersion(version)) {
      throw new ProtocolDecodeError(`${this.name} has no version ${version} (valid: ${this.validVersions.min}-${this.validVersions.max})`);
    }
    return this.readBody(reader, version);
  }

  write(writer: Writer, version: number, value: T): void {
    if (!this.hasVersion(version)) {
      throw new ProtocolEncodeError(`${this.name} has no version ${version} (valid: ${this.validVersions.min}-${this.validVersions.max})`);
    }
    try {
      this.writeBody(writer, version, value);
    } catch (e) {
      if (e instanceof TributaryError) throw e;
      const why = e instanceof Error ? e.message : String(e);
      throw new ProtocolEncodeError(`cannot encode ${this.name} v${version}: ${why}`, { cause: e });
    }
  }

  decode(buf: Buffer, version: number): T {
    const reader = new Reader(buf);
    const value = this.read(reader, version);
    if (reader.remaining !== 0) {
      throw new ProtocolDecodeError(`${reader.remaining} bytes left after ${this.name} v${version}`);
    }
    return value;
  }

  encode(version: number, value: T): Buffer {
    const writer = new Writer();
    this.write(writer, version, value);
    return writer.toBuffer();
  }

  create(init?: DeepPartial<T>): T {
    return this.createBody(init);
  }
}

/** Builds the codec object a generated message file exports. Internal to the package. */
export function defineCodec<T>(parts: CodecParts<T>): MessageCodec<T> {
  return new GeneratedCodec(parts);
}
