import { IllegalArgumentException } from '../common/errors.js';

/**
 * Where a Kafka Streams instance serves interactive queries (Kafka's `HostInfo`): the host and port of its
 * `application.server` setting, shared with the other instances through the group assignment.
 */
export class HostInfo {
  constructor(
    readonly hostField: string,
    readonly portField: number,
  ) {}

  /** Parses `host:port` (Kafka's `buildFromEndpoint`); undefined for an empty endpoint. */
  static buildFromEndpoint(endpoint: string | undefined | null): HostInfo | undefined {
    if (endpoint === undefined || endpoint === null || endpoint.trim() === '') return undefined;
    const i = endpoint.lastIndexOf(':');
    const host = i < 0 ? '' : endpoint.slice(0, i).replace(/^\[(.*)\]$/, '$1');
    const port = i < 0 ? NaN : Number(endpoint.slice(i + 1));
    if (host === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
      throw new IllegalArgumentException(`Error parsing host address ${endpoint}. Expected format host:port.`);
    }
    return new HostInfo(host, port);
  }

  /** The "no host" placeholder (Kafka's `HostInfo.unavailable()`: host `unavailable`, port -1). */
  static unavailable(): HostInfo {
    return new HostInfo('unavailable', -1);
  }

  host(): string {
    return this.hostField;
  }

  port(): number {
    return this.portField;
  }

  equals(other: unknown): boolean {
    return other instanceof HostInfo && other.hostField === this.hostField && other.portField === this.portField;
  }

  /** `host:port`, the key the assignment shares. */
  endpoint(): string {
    return `${this.hostField}:${this.portField}`;
  }

  toString(): string {
    return `HostInfo{host='${this.hostField}', port=${this.portField}}`;
  }
}
