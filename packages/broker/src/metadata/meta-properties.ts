import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFile, rename } from 'node:fs/promises';
import { parseProperties, ConfigError } from '../config/properties.js';

/** Kafka's `meta.properties`: the identity of a formatted log dir (KRaft, version 1). */
export interface MetaProperties {
  readonly clusterId: string;
  readonly nodeId: number;
  readonly directoryId: string;
}

const FILE = 'meta.properties';

/** A random Kafka-style id: 16 random bytes in URL-safe base64 without padding (Kafka's `Uuid.randomUuid()`). */
export function randomKafkaUuid(): string {
  return randomBytes(16).toString('base64url');
}

export async function readMetaProperties(logDir: string): Promise<MetaProperties | null> {
  let text: string;
  try {
    text = await readFile(join(logDir, FILE), 'utf8');
  } catch {
    return null;
  }
  const p = parseProperties(text);
  const clusterId = p.get('cluster.id');
  const nodeId = Number(p.get('node.id'));
  if (!clusterId || !Number.isInteger(nodeId)) throw new ConfigError('log.dirs', `${join(logDir, FILE)} is malformed`);
  return { clusterId, nodeId, directoryId: p.get('directory.id') ?? randomKafkaUuid() };
}

/** Writes `meta.properties` atomically (temp file, then rename), as `kafka-storage format` does. */
export async function writeMetaProperties(logDir: string, meta: MetaProperties): Promise<void> {
  await mkdir(logDir, { recursive: true });
  const text =
    `#\n#${new Date().toUTCString()}\n` +
    `cluster.id=${meta.clusterId}\ndirectory.id=${meta.directoryId}\nnode.id=${meta.nodeId}\nversion=1\n`;
  const tmp = join(logDir, `${FILE}.tmp`);
  await writeFile(tmp, text, { flush: true });
  await rename(tmp, join(logDir, FILE));
}

/**
 * Reads (or, for a never-formatted dir, creates) the identity of every log dir, checking that they agree on
 * the cluster id and belong to this node. Kafka requires `kafka-storage format` first; an embedded broker
 * formats on first start with a random cluster id unless one is given.
 */
export async function ensureFormatted(logDirs: readonly string[], nodeId: number, clusterId?: string): Promise<string> {
  const found = await Promise.all(logDirs.map((d) => readMetaProperties(d)));
  const known = found.find((m) => m !== null);
  const cluster = known?.clusterId ?? clusterId ?? randomKafkaUuid();
  for (let i = 0; i < logDirs.length; i++) {
    const meta = found[i];
    if (meta) {
      if (meta.clusterId !== cluster) {
        throw new ConfigError('log.dirs', `${logDirs[i]} belongs to cluster ${meta.clusterId}, not ${cluster}`);
      }
      if (meta.nodeId !== nodeId) {
        throw new ConfigError('node.id', `${logDirs[i]} was formatted for node ${meta.nodeId}, but node.id is ${nodeId}`);
      }
    } else {
      await writeMetaProperties(logDirs[i]!, { clusterId: cluster, nodeId, directoryId: randomKafkaUuid() });
    }
  }
  return cluster;
}
