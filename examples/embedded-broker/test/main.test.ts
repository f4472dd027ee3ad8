import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

describe('the embedded-broker demo (npm start)', () => {
  it('creates a topic, produces three records and fetches them back at offsets 0-2', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--conditions=@tributary/source', '--import', 'tsx', main], { timeout: 60_000 });
    expect(stdout).toContain('CreateTopics greetings -> error code 0');
    expect(stdout).toContain('Produce 3 records -> error code 0, base offset 0');
    expect(stdout).toMatch(/offset 0 {2}line-0 = hello kafka\n {2}offset 1 {2}line-1 = hello tributary\n {2}offset 2 {2}line-2 = kafka streams for typescript/);
  });
});
