#!/usr/bin/env node
// Enforces the dependency direction of DESIGN.md and forbids deep imports into another package's internals.
//   protocol <- storage <- broker;  protocol <- client <- streams;  client -> broker (in-process transport);
//   cli -> broker, client.  streams never imports broker.
// Each package may import only the packages listed for it here (and must declare them in package.json),
// and only through their public door: `@tributary/<name>` or a subpath the package declares in "exports".
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const allowed = {
  protocol: [],
  storage: ['protocol'],
  broker: ['protocol', 'storage'],
  client: ['protocol', 'broker'],
  streams: ['protocol', 'client'],
  cli: ['protocol', 'storage', 'broker', 'client'],
  'test-kit': ['protocol', 'storage', 'broker', 'client'],
};

const root = resolve(import.meta.dirname, '..');
const problems = [];

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'dist') continue;
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const importRe = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

function exportsOf(pkg) {
  const pj = JSON.parse(readFileSync(join(root, 'packages', pkg, 'package.json'), 'utf8'));
  return Object.keys(pj.exports ?? { '.': true });
}

for (const pkg of readdirSync(join(root, 'packages'))) {
  const pkgDir = join(root, 'packages', pkg);
  if (!existsSync(join(pkgDir, 'package.json'))) continue;
  const declared = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const deps = { ...declared.dependencies, ...declared.peerDependencies };
  for (const area of ['src', 'test', 'scripts', 'bench']) {
    for (const file of walk(join(pkgDir, area))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(importRe)) {
        const spec = m[1] ?? m[2] ?? m[3];
        const where = relative(root, file);
        if (spec.startsWith('.')) {
          // A relative import must stay inside its own package.
          const target = resolve(dirname(file), spec);
          if (!target.startsWith(pkgDir + '/')) problems.push(`${where}: relative import "${spec}" leaves package ${pkg}`);
          continue;
        }
        const t = /^@tributary\/([^/]+)(\/.*)?$/.exec(spec);
        if (!t) continue;
        const [, target, sub] = t;
        if (target === pkg && area === 'src') problems.push(`${where}: imports its own package by name ("${spec}"); use a relative path`);
        if (target !== pkg && area === 'src') {
          if (!(allowed[pkg] ?? []).includes(target)) problems.push(`${where}: ${pkg} may not depend on ${target} ("${spec}")`);
          else if (!(`@tributary/${target}` in deps)) problems.push(`${where}: imports ${spec} but package.json does not declare it`);
        }
        if (sub && !exportsOf(target).includes(`.${sub}`)) {
          problems.push(`${where}: deep import "${spec}" into ${target}'s internals; use its public exports`);
        }
      }
    }
  }
}

// Examples and top-level tests are users: public doors only.
for (const area of ['examples', 'test']) {
  for (const file of walk(join(root, area))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(importRe)) {
      const spec = m[1] ?? m[2] ?? m[3];
      const where = relative(root, file);
      const t = /^@tributary\/([^/]+)(\/.*)?$/.exec(spec);
      if (t && t[2] && existsSync(join(root, 'packages', t[1])) && !exportsOf(t[1]).includes(`.${t[2]}`)) {
        problems.push(`${where}: deep import "${spec}"; use the package's public exports`);
      }
      if (spec.startsWith('.') && resolve(dirname(file), spec).includes('/packages/')) {
        problems.push(`${where}: reaches into packages/ by path ("${spec}"); import the package by name`);
      }
    }
  }
}

if (problems.length > 0) {
  console.error(`lint: ${problems.length} dependency problem(s):\n  ` + problems.join('\n  '));
  process.exit(1);
}
console.log('lint: dependency direction and public doors OK');
