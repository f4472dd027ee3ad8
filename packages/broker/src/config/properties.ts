import { TributaryError } from '@tributary/protocol';

/** Raised for a malformed `.properties` file or a bad configuration value; `key` names the culprit. */
export class ConfigError extends TributaryError {
  static readonly CODE = 'CONFIG_INVALID';
  readonly key: string | null;

  constructor(key: string | null, message: string) {
    super(ConfigError.CODE, key === null ? message : `${key}: ${message}`);
    this.key = key;
  }
}

function unescape(s: string, lineNo: number): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = s[++i];
    if (n === undefined) break;
    if (n === 't') out += '\t';
    else if (n === 'n') out += '\n';
    else if (n === 'r') out += '\r';
    else if (n === 'f') out += '\f';
    else if (n === 'u') {
      const hex = s.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new ConfigError(null, `line ${lineNo}: malformed \\uXXXX escape`);
      out += String.fromCharCode(parseInt(hex, 16));
      i += 4;
    } else out += n;
  }
  return out;
}

/**
 * Parses Java `.properties` text as Kafka reads `server.properties`: `#`/`!` comments, `key=value`,
 * `key:value` or `key value`, backslash line continuations and escapes. Later keys override earlier ones.
 */
export function parseProperties(text: string): Map<string, string> {
  const result = new Map<string, string>();
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const startLine = i + 1;
    let line = lines[i]!.replace(/^[ \t\f]+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    // An odd number of trailing backslashes continues the logical line.
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length) {
      line = line.slice(0, -1) + lines[++i]!.replace(/^[ \t\f]+/, '');
    }
    let sep = -1;
    for (let j = 0; j < line.length; j++) {
      const c = line[j];
      if (c === '\\') {
        j++;
        continue;
      }
      if (c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f') {
        sep = j;
        break;
      }
    }
    let key: string;
    let value: string;
    if (sep === -1) {
      key = line;
      value = '';
    } else {
      key = line.slice(0, sep);
      let rest = line.slice(sep).replace(/^[ \t\f]*/, '');
      if (rest.startsWith('=') || rest.startsWith(':')) rest = rest.slice(1).replace(/^[ \t\f]*/, '');
      value = rest;
    }
    result.set(unescape(key, startLine), unescape(value, startLine));
  }
  return result;
}
