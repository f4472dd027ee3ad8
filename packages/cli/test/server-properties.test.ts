import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BrokerConfig, brokerConfigDef, parseProperties } from '@tributary/broker';
import { REPO_ROOT, SERVER_PROPERTIES } from './support/cli-process.js';

// The shipped config/server.properties: the file users start from, so it must load as it is and explain itself.

const path = join(REPO_ROOT, SERVER_PROPERTIES);
const text = readFileSync(path, 'utf8');
const lines = text.split('\n');
const SETTING = /^#?([a-z][a-z0-9_.-]*)=/;

describe('config/server.properties', () => {
  it('loads as a valid single-node configuration', () => {
    const config = BrokerConfig.fromFile(path);
    expect(config.warnings).toEqual([]);
    expect(config.nodeId).toBe(1);
    expect(config.list('process.roles')).toEqual(['broker', 'controller']);
    expect(config.listeners()).toEqual([{ name: 'PLAINTEXT', host: '', port: 9092, securityProtocol: 'PLAINTEXT' }]);
    expect(config.logDirs).toEqual(['/tmp/tributary-logs']);
    expect(config.int('offsets.topic.replication.factor')).toBe(1);
    expect(config.int('transaction.state.log.replication.factor')).toBe(1);
    expect(config.int('transaction.state.log.min.isr')).toBe(1);
  });

  it('names only keys the broker knows, including the commented-out examples', () => {
    const keys = lines.map((l) => SETTING.exec(l)?.[1]).filter((k): k is string => k !== undefined);
    expect(keys.length).toBeGreaterThan(20);
    expect(keys.filter((k) => brokerConfigDef.get(k) === undefined)).toEqual([]);
    expect([...parseProperties(text).keys()].every((k) => keys.includes(k))).toBe(true);
  });

  it('explains every setting with a comment just above its group', () => {
    const uncommented: string[] = [];
    lines.forEach((line, i) => {
      if (!SETTING.test(line)) return;
      let j = i - 1;
      while (j >= 0 && SETTING.test(lines[j]!)) j--;
      const above = lines[j] ?? '';
      if (!/^# \S/.test(above)) uncommented.push(line);
    });
    expect(uncommented).toEqual([]);
  });
});
