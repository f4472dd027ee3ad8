import { IllegalArgumentException } from '../common/errors.js';

/**
 * Identifies a task: the sub-topology it runs and the partition number of its input topics (Kafka's `TaskId`),
 * printed `<subtopology>_<partition>`, e.g. `0_1`.
 */
export class TaskId {
  constructor(
    readonly subtopologyId: number,
    readonly partitionId: number,
  ) {}

  /** The sub-topology this task runs. */
  subtopology(): number {
    return this.subtopologyId;
  }

  /** The partition of the task's input topics. */
  partition(): number {
    return this.partitionId;
  }

  /** Parses `0_1` (Kafka's `TaskId.parse`). */
  static parse(text: string): TaskId {
    const m = /^(\d+)_(\d+)$/.exec(text);
    if (!m) throw new IllegalArgumentException(`Task ID cannot be parsed correctly from ${text}`);
    return new TaskId(Number(m[1]), Number(m[2]));
  }

  equals(other: TaskId): boolean {
    return other.subtopologyId === this.subtopologyId && other.partitionId === this.partitionId;
  }

  toString(): string {
    return `${this.subtopologyId}_${this.partitionId}`;
  }
}
