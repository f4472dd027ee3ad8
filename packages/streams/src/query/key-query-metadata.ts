import { HostInfo } from './host-info.js';

/**
 * Where a key lives (Kafka's `KeyQueryMetadata`): the host of the active task for the key's partition, standby
 * hosts (none: standbys are not run) and the partition.
 */
export class KeyQueryMetadata {
  /** Kafka's `NOT_AVAILABLE`: the metadata is not known yet (no rebalance finished, or no such store). */
  static readonly NOT_AVAILABLE = new KeyQueryMetadata(HostInfo.unavailable(), new Set(), -1);

  constructor(
    readonly activeHostField: HostInfo,
    readonly standbyHostsField: ReadonlySet<HostInfo>,
    readonly partitionField: number,
  ) {}

  activeHost(): HostInfo {
    return this.activeHostField;
  }

  standbyHosts(): ReadonlySet<HostInfo> {
    return this.standbyHostsField;
  }

  partition(): number {
    return this.partitionField;
  }

  toString(): string {
    return `KeyQueryMetadata {activeHost=${this.activeHostField.toString()}, standbyHosts=[], partition=${this.partitionField}}`;
  }
}
