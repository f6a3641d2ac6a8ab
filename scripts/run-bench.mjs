#!/usr/bin/env node
// Runs benchmarks in bench/ (each prints its own figures). Never part of `npm test`.
// usage: npm run bench [-- name ...]   (default: every bench/*.ts)
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const available = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();
const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : available;
let failed = 0;
for (const name of names) {
  if (!available.includes(name)) {
    console.error(`bench: no bench/${name}.ts; available: ${available.join(', ') || '(none)'}`);
    failed++;
    continue;
  }
  console.log(`== bench/${name}.ts`);
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(root, 'bench', `${name}.ts`)],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
