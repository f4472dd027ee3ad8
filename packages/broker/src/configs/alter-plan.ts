import { CONFIG_TABLE, logConfigToProps, parseLogConfig } from '@tributary/storage';
import type { BrokerServices } from '../api/types.js';
import { brokerConfigDef } from '../config/broker-config-keys.js';
import { brokerDefault } from './broker-values.js';
import { AlterConfigOp, ConfigResourceType } from './config-ids.js';
import { brokerLogDefaults } from './dynamic-broker-configs.js';

/** A resource's outcome: null error on success, else a Kafka error name and message. */
export interface AlterOutcome {
  readonly error: string | null;
  readonly message: string | null;
}

export const OK: AlterOutcome = { error: null, message: null };
export const fail = (error: string, message: string | null): AlterOutcome => ({ error, message });

/** One override to set (`value`) or remove (`null`), as the controller takes it. */
export interface ConfigChange {
  readonly name: string;
  readonly value: string | null;
}

/** What an alter request means for one resource: its overrides afterwards, and the changes to commit. */
export interface AlterPlan {
  readonly next: ReadonlyMap<string, string>;
  readonly changes: readonly ConfigChange[];
  /** AlterConfigs (legacy): overrides not named are removed. */
  readonly replace: boolean;
}

/** A resource of either alter request, as the shared checks need it. */
export interface AlterResourceLike {
  readonly resourceType: number;
  readonly resourceName: string;
  readonly configs: ReadonlyArray<{ readonly name: string; readonly value: string | null; readonly configOperation?: number }>;
}

/** A name list the way Kafka's (Scala) messages print a set. */
export const scalaSet = (names: readonly string[]): string => `Set(${names.join(', ')})`;

/**
 * The checks Kafka's `ConfigAdminManager.preprocess` makes before anything else, per resource: a resource
 * named twice (both get INVALID_REQUEST), a config key named twice, a null value where one is needed, a
 * resource type the request cannot alter. Returns the outcome of each rejected resource.
 */
export function preprocess<R extends AlterResourceLike>(resources: readonly R[], allowedTypes: readonly number[], nullAllowed: (c: R['configs'][number]) => boolean): Map<R, AlterOutcome> {
  const rejected = new Map<R, AlterOutcome>();
  const seen = new Map<string, R>();
  for (const r of resources) {
    const id = `${r.resourceType}:${r.resourceName}`;
    const first = seen.get(id);
    if (first) {
      for (const x of [first, r]) rejected.set(x, fail('INVALID_REQUEST', 'Each resource must appear at most once.'));
    } else seen.set(id, r);
  }
  for (const r of resources) {
    if (rejected.has(r)) continue;
    const names = r.configs.map((c) => c.name);
    if (new Set(names).size !== names.length) {
      rejected.set(r, fail('INVALID_REQUEST', 'Error due to duplicate config keys'));
      continue;
    }
    const nulls = r.configs.filter((c) => c.value === null && !nullAllowed(c)).map((c) => c.name);
    if (nulls.length > 0) {
      rejected.set(r, fail('INVALID_REQUEST', `Null value not supported for : ${nulls.join(', ')}`));
      continue;
    }
    if (!allowedTypes.includes(r.resourceType)) rejected.set(r, fail('INVALID_REQUEST', `Unknown resource type ${r.resourceType}`));
  }
  return rejected;
}

/** AlterConfigs (legacy) plan: the given configs become the whole override set. */
export function replacePlan(configs: ReadonlyArray<{ name: string; value: string | null }>): AlterPlan {
  const next = new Map(configs.map((c) => [c.name, c.value ?? '']));
  return { next, changes: configs.map((c) => ({ name: c.name, value: c.value })), replace: true };
}

const OP_NAMES: Readonly<Record<number, string>> = { [AlterConfigOp.APPEND]: 'APPEND', [AlterConfigOp.SUBTRACT]: 'SUBTRACT' };

/** The list a resource holds for `name` before an APPEND/SUBTRACT: its override, else the value in force. */
function currentList(broker: BrokerServices, resourceType: number, next: ReadonlyMap<string, string>, name: string): string[] {
  let value = next.get(name);
  if (value === undefined) {
    value =
      resourceType === ConfigResourceType.TOPIC
        ? logConfigToProps(parseLogConfig({}, brokerLogDefaults(broker.config, broker.image)))[name]
        : (brokerDefault(name) ?? undefined);
  }
  return (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** Whether `name` is a list config of the resource type (the only ones APPEND/SUBTRACT apply to). */
function listCheck(resourceType: number, name: string, op: number): string | null {
  if (resourceType === ConfigResourceType.TOPIC) {
    const row = CONFIG_TABLE.find((r) => r.name === name);
    return row?.type === 'list' ? null : `Can't ${OP_NAMES[op]} to key ${name} because its type is not LIST.`;
  }
  const key = brokerConfigDef.get(name);
  if (!key) return `Unknown config name: ${name}`;
  return key.type === 'list' ? null : `Config value ${OP_NAMES[op]!.toLowerCase()} is not allowed for config key: ${name}`;
}

/**
 * IncrementalAlterConfigs plan: the operations applied in order to the resource's current overrides (SET
 * replaces, DELETE removes, APPEND adds list items not present, SUBTRACT removes list items), as Kafka's
 * `prepareIncrementalConfigs` / `ConfigurationControlManager` do. APPEND/SUBTRACT on a non-list config is
 * INVALID_CONFIG; an unknown operation INVALID_REQUEST.
 */
export function incrementalPlan(
  broker: BrokerServices,
  resourceType: number,
  current: ReadonlyMap<string, string>,
  ops: ReadonlyArray<{ name: string; configOperation: number; value: string | null }>,
): AlterPlan | AlterOutcome {
  const next = new Map(current);
  for (const op of ops) {
    switch (op.configOperation) {
      case AlterConfigOp.SET:
        next.set(op.name, op.value!);
        break;
      case AlterConfigOp.DELETE:
        next.delete(op.name);
        break;
      case AlterConfigOp.APPEND:
      case AlterConfigOp.SUBTRACT: {
        const problem = listCheck(resourceType, op.name, op.configOperation);
        if (problem) return fail('INVALID_CONFIG', problem);
        const items = currentList(broker, resourceType, next, op.name);
        const given = op.value!.split(',').map((s) => s.trim()).filter((s) => s !== '');
        const result = op.configOperation === AlterConfigOp.APPEND ? [...items, ...given.filter((g) => !items.includes(g))] : items.filter((i) => !given.includes(i));
        next.set(op.name, result.join(','));
        break;
      }
      default:
        return fail('INVALID_REQUEST', `Unknown operations type ${op.configOperation}`);
    }
  }
  const touched = [...new Set(ops.map((o) => o.name))];
  return { next, changes: touched.map((name) => ({ name, value: next.get(name) ?? null })), replace: false };
}
