import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// expectTypeOf checks nothing at run time: this runs the compiler over the tests (dsl-types.test.ts included).
describe('type tests', () => {
  it('packages/streams/test compiles (expectTypeOf and @ts-expect-error hold)', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const tsc = join(here, '..', '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');
    console.log('type-checking packages/streams/test with tsc ...');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', here], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(output).toBe('');
  }, 120_000);
});
