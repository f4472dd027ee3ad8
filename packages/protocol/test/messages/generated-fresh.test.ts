// CI guard: the committed generated codecs are exactly what the generator produces from the specs.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const repoRoot = resolve(packageDir, '../..');
const specsDir = process.env['TRIBUTARY_SPECS_DIR'] ?? resolve(repoRoot, '../shared/kafka-message-specs');

describe('generated codecs', () => {
  it('are up to date with the Kafka message specs (generate.ts --check)', async () => {
    expect(existsSync(specsDir), `Kafka message specs not found at ${specsDir}: set TRIBUTARY_SPECS_DIR or check out ../shared`).toBe(true);
    console.log(`running generate.ts --check against ${specsDir}`);
    const tsx = resolve(repoRoot, 'node_modules/.bin/tsx');
    const { stdout } = await promisify(execFile)(tsx, ['scripts/generate.ts', '--check'], { cwd: packageDir, env: { ...process.env, TRIBUTARY_SPECS_DIR: specsDir } }).catch((e: { stdout?: string; stderr?: string }) => {
      throw new Error(`generate.ts --check failed:\n${e.stderr ?? ''}${e.stdout ?? ''}`);
    });
    expect(stdout).toMatch(/up to date/);
  });
});
