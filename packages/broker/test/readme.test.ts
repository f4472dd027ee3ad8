import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Broker, brokerConfigDef } from '@tributary/broker';
import { allApis } from '@tributary/protocol';
import { tempDir } from '@tributary/test-kit';
import { README_PATH, apiSection, configSection, replaceSection, servedApis, updatedReadme } from '../scripts/readme-tables.js';

describe('README generated sections (scripts/readme-tables.ts)', () => {
  it('are up to date with src/handlers/index.ts and brokerConfigDef (run the script with --write)', () => {
    const readme = readFileSync(README_PATH, 'utf8');
    expect(updatedReadme(readme)).toBe(readme);
  });

  it('list exactly what a started broker advertises in ApiVersions', async () => {
    const dir = await tempDir('tributary-readme-');
    try {
      const broker = await Broker.start({ 'node.id': 1, 'log.dirs': dir.path }, { listen: false });
      const advertised = broker.apiVersions().map((a) => ({ apiKey: a.apiKey, minVersion: a.minVersion, maxVersion: a.maxVersion }));
      await broker.stop();
      expect(servedApis()).toEqual(advertised.sort((a, b) => a.apiKey - b.apiKey));
    } finally {
      await dir.cleanup();
    }
  });

  it('render one row per served API and name every API not served', () => {
    const section = apiSection([{ apiKey: 0, minVersion: 3, maxVersion: 8 }, { apiKey: 18, minVersion: 0, maxVersion: 3 }]);
    expect(section).toContain('| 0 | Produce | 3–8 | 0–11 |');
    expect(section).toContain('| 18 | ApiVersions | 0–3 | 0–4 |');
    expect(section).toContain(`Kafka APIs not served yet (${allApis.length - 2}): Fetch (1),`);
    expect(section).not.toMatch(/not served yet[^\n]*Produce \(0\)/);
  });

  it('render one row per config key with type, default, valid values and topic config, escaping pipes', () => {
    const section = configSection(brokerConfigDef.all(), ['zookeeper.connect']);
    expect(section.split('\n').filter((l) => l.startsWith('| `'))).toHaveLength(brokerConfigDef.names().length);
    expect(section).toContain('| `num.partitions` | int | `1` | ≥ 1 |  | ');
    expect(section).toContain('| `log.retention.ms` | long | null |  | `retention.ms` | ');
    expect(section).toContain('| `log.cleaner.max.compaction.lag.ms` | long | `Long.MAX_VALUE` | ≥ 1 | `max.compaction.lag.ms` | ');
    expect(section).toContain('`zookeeper.connect`.');
    const piped = configSection([{ name: 'a.b', type: 'string', default: 'x|y', doc: 'one | two', oneOf: ['p', 'q'] }], []);
    expect(piped).toContain('| `a.b` | string | `x\\|y` | `p`, `q` |  | one \\| two |');
  });

  it('replace only their own section', () => {
    const readme = '# x\n\n## APIs served\n\nold\n\n## Configuration\n\nold\n\n## Other\n\nkeep\n';
    const once = replaceSection(readme, 'Configuration', '## Configuration\n\nnew\n');
    expect(once).toBe('# x\n\n## APIs served\n\nold\n\n## Configuration\n\nnew\n\n## Other\n\nkeep\n');
    expect(replaceSection('# x\n', 'Configuration', '## Configuration\n\nnew\n')).toBe('# x\n\n## Configuration\n\nnew\n');
  });
});
