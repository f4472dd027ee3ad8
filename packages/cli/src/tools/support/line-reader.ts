import { TributaryError, type RecordHeader } from '@tributary/protocol';

/** A line the reader cannot turn into a record (Kafka raises a `KafkaException` with this message). */
export class LineFormatError extends TributaryError {
  static readonly CODE = 'CLI_LINE_FORMAT';

  constructor(message: string) {
    super(LineFormatError.CODE, message);
  }
}

/** The `--property` settings of Kafka's `LineMessageReader`, with its defaults. */
export interface LineReaderSettings {
  readonly parseKey: boolean;
  readonly keySeparator: string;
  readonly parseHeaders: boolean;
  readonly headersDelimiter: string;
  readonly headersSeparator: string;
  readonly headersKeySeparator: string;
  readonly ignoreError: boolean;
  readonly nullMarker: string | null;
}

/** Reads the reader settings from `--property` pairs (`parse.key=true`, `key.separator=:`, ...). */
export function lineReaderSettings(props: ReadonlyMap<string, string>): LineReaderSettings {
  const bool = (k: string): boolean => (props.get(k) ?? 'false').trim().toLowerCase() === 'true';
  return {
    parseKey: bool('parse.key'),
    keySeparator: props.get('key.separator') ?? '\t',
    parseHeaders: bool('parse.headers'),
    headersDelimiter: props.get('headers.delimiter') ?? '\t',
    headersSeparator: props.get('headers.separator') ?? ',',
    headersKeySeparator: props.get('headers.key.separator') ?? ':',
    ignoreError: bool('ignore.error'),
    nullMarker: props.get('null.marker') ?? null,
  };
}

/** One parsed line: key, value and headers as bytes (null where `null.marker` said so). */
export interface ParsedLine {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: RecordHeader[];
}

function bytesOrNull(s: string, marker: string | null): Buffer | null {
  return marker !== null && s === marker ? null : Buffer.from(s, 'utf8');
}

function parseHeaders(text: string, s: LineReaderSettings, lineNumber: number, line: string): RecordHeader[] {
  if (text === '') return [];
  return text.split(s.headersSeparator).map((pair) => {
    const i = pair.indexOf(s.headersKeySeparator);
    if (i < 0) {
      if (s.ignoreError) return { key: pair, value: null };
      throw new LineFormatError(`No header key separator found in pair '${pair}' on line number ${lineNumber}: '${line}'`);
    }
    const key = pair.slice(0, i);
    if (s.nullMarker !== null && key === s.nullMarker) {
      throw new LineFormatError(`Header keys should not be equal to the null marker '${s.nullMarker}' as they can't be null`);
    }
    return { key, value: bytesOrNull(pair.slice(i + s.headersKeySeparator.length), s.nullMarker) };
  });
}

/**
 * Turns one input line into a record the way Kafka's `LineMessageReader` does: optional headers before
 * `headers.delimiter`, then an optional key before `key.separator`, then the value. A missing separator
 * raises {@link LineFormatError} with Kafka's message, unless `ignore.error=true` (then the whole rest is
 * the value and the key is null).
 */
export function parseLine(line: string, lineNumber: number, s: LineReaderSettings): ParsedLine {
  let rest = line;
  let headers: RecordHeader[] = [];
  if (s.parseHeaders) {
    const i = rest.indexOf(s.headersDelimiter);
    if (i < 0) {
      if (!s.ignoreError) throw new LineFormatError(`No headers delimiter found on line number ${lineNumber}: '${line}'`);
    } else {
      headers = parseHeaders(rest.slice(0, i), s, lineNumber, line);
      rest = rest.slice(i + s.headersDelimiter.length);
    }
  }
  if (!s.parseKey) return { key: null, value: bytesOrNull(rest, s.nullMarker), headers };
  const k = rest.indexOf(s.keySeparator);
  if (k < 0) {
    if (s.ignoreError) return { key: null, value: bytesOrNull(rest, s.nullMarker), headers };
    throw new LineFormatError(`No key separator found on line number ${lineNumber}: '${line}'`);
  }
  return { key: bytesOrNull(rest.slice(0, k), s.nullMarker), value: bytesOrNull(rest.slice(k + s.keySeparator.length), s.nullMarker), headers };
}
