// Generates the Kafka message codecs of @tributary/protocol from Kafka's JSON message specs.
//
//   npx tsx packages/protocol/scripts/generate.ts           write src/generated/
//   npx tsx packages/protocol/scripts/generate.ts --check   compare with the committed files, exit 1 if stale
//
// The specs are read from <repo root>/../shared/kafka-message-specs, or from $TRIBUTARY_SPECS_DIR.
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateAll } from './lib/generate-all.js';

const scriptDir = dirname(fileURLToPath(import.meta.url));
const packageDir = resolve(scriptDir, '..');
const repoRoot = resolve(packageDir, '../..');
const outDir = join(packageDir, 'src/generated');
const specsDir = process.env['TRIBUTARY_SPECS_DIR'] ?? resolve(repoRoot, '../shared/kafka-message-specs');

function existingFiles(): string[] {
  return existsSync(outDir) ? readdirSync(outDir).filter((f) => f.endsWith('.ts')).sort() : [];
}

function check(files: Map<string, string>): number {
  const stale: string[] = [];
  for (const [name, text] of files) {
    const path = join(outDir, name);
    if (!existsSync(path)) stale.push(`${name} (missing)`);
    else if (readFileSync(path, 'utf8') !== text) stale.push(`${name} (differs)`);
  }
  for (const name of existingFiles()) if (!files.has(name)) stale.push(`${name} (not generated any more)`);
  if (stale.length > 0) {
    console.error(`Generated codecs are stale; run \`npm run generate -w @tributary/protocol\`:\n  ${stale.join('\n  ')}`);
    return 1;
  }
  console.log(`Generated codecs are up to date (${files.size} files in src/generated, specs ${specsDir}).`);
  return 0;
}

function write(files: Map<string, string>): number {
  mkdirSync(outDir, { recursive: true });
  for (const name of existingFiles()) if (!files.has(name)) unlinkSync(join(outDir, name));
  let changed = 0;
  for (const [name, text] of files) {
    const path = join(outDir, name);
    if (existsSync(path) && readFileSync(path, 'utf8') === text) continue;
    writeFileSync(path, text);
    changed++;
  }
  const lines = [...files.values()].reduce((n, t) => n + t.split('\n').length - 1, 0);
  console.log(`Wrote ${files.size} files (${changed} changed, ${lines} lines) to ${outDir}.`);
  return 0;
}

function main(): number {
  const files = generateAll(specsDir);
  return process.argv.includes('--check') ? check(files) : write(files);
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
}
