import { TopologyException } from '../common/errors.js';

const MAX_NAME_LENGTH = 249;
const LEGAL = /^[a-zA-Z0-9._-]+$/;

/** Kafka's Named.validate: processor names end up in topic names, so Kafka's topic rules apply. */
export function validateName(name: string): string {
  if (name.length === 0) throw new TopologyException('Name is illegal, it can\'t be empty');
  if (name === '.' || name === '..') throw new TopologyException('Name cannot be "." or ".."');
  if (name.length > MAX_NAME_LENGTH) throw new TopologyException(`Name is illegal, it can't be longer than ${MAX_NAME_LENGTH} characters, name: ${name}`);
  if (!LEGAL.test(name)) {
    throw new TopologyException(`Name "${name}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`);
  }
  return name;
}

/**
 * The name of a DSL operator's processor (Kafka's `Named`), instead of the generated `KSTREAM-...-0000000003`.
 *
 * @example
 * ```ts
 * stream.filter((k, v) => v !== null, Named.as('drop-nulls'));
 * ```
 */
export class Named {
  protected constructor(readonly name: string | undefined) {}

  static as(name: string): Named {
    return new Named(validateName(name));
  }

  withName(name: string): Named {
    return new Named(validateName(name));
  }
}

/** Builder-internal: the name, or a generated one. */
export function nameOf(named: { readonly name: string | undefined } | undefined): string | undefined {
  return named?.name;
}
