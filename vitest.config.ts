import { defineConfig } from 'vitest/config';
import { readdirSync, existsSync } from 'node:fs';

// Tests run against each package's TypeScript sources through the "@tributary/source" export condition,
// so `npm test` needs no build of the package under test.
const conditions = ['@tributary/source', 'node', 'import', 'default'];

const packages = readdirSync('packages').filter((name) => existsSync(`packages/${name}/package.json`));
const examples = existsSync('examples') ? readdirSync('examples').filter((n) => existsSync(`examples/${n}/package.json`)) : [];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      ...packages.map((name) => ({
        extends: true as const,
        test: { name, root: `packages/${name}`, include: ['test/**/*.test.ts'] },
      })),
      ...examples.map((name) => ({
        extends: true as const,
        test: { name: `example:${name}`, root: `examples/${name}`, include: ['test/**/*.test.ts'] },
      })),
      { extends: true as const, test: { name: 'e2e', root: 'test', include: ['**/*.test.ts'], exclude: ['bench/**'] } },
    ],
  },
});
