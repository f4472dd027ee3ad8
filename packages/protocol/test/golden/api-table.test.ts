import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allApis } from '@tributary/protocol';
import { README_PATH, apiSection, readCaptured, replaceApiSection } from '../../scripts/api-table.js';

describe('README APIs table', () => {
  it('is up to date with the registry and the captured client versions (scripts/api-table.ts --write)', () => {
    const readme = readFileSync(README_PATH, 'utf8');
    expect(replaceApiSection(readme, apiSection(readCaptured()))).toBe(readme);
  });

  it('has one row per API with its versions, flexible version and captured client versions', () => {
    const section = apiSection({ kafkajs: { Produce: [3, 7] } });
    const rows = section.split('\n').filter((l) => /^\| \d+ \|/.test(l));
    expect(rows).toHaveLength(allApis.length);
    expect(rows[0]).toBe('| 0 | Produce | 0–11 | v9 |  |  | v3, v7 |  |');
    expect(rows.find((r) => r.startsWith('| 47 |'))).toBe('| 47 | OffsetDelete | 0 | never |  |  |  |  |');
    expect(allApis.every((a) => (a.request.flexibleVersions?.min ?? -1) === (a.response.flexibleVersions?.min ?? -1))).toBe(true);
  });

  it('replaces only its own section and leaves the others alone', () => {
    const readme = '# x\n\nintro\n\n## APIs\n\nold\n\n## Dependencies\n\ndeps\n';
    expect(replaceApiSection(readme, '## APIs\n\nnew\n')).toBe('# x\n\nintro\n\n## APIs\n\nnew\n\n## Dependencies\n\ndeps\n');
    expect(replaceApiSection('# x\n\n## Dependencies\n\nd\n', '## APIs\n\nnew\n')).toBe('# x\n\n## APIs\n\nnew\n\n## Dependencies\n\nd\n');
    expect(replaceApiSection('# x\n', '## APIs\n\nnew\n')).toBe('# x\n\n## APIs\n\nnew\n');
    expect(replaceApiSection('# x\n\n## APIs\n\nold\n', '## APIs\n\nnew\n')).toBe('# x\n\n## APIs\n\nnew\n');
  });
});
