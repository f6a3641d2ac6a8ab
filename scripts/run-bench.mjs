#!/usr/bin/env node
// Runs benchmarks in bench/ (each prints its own figures). Never part of `npm test`.
// usage: npm run bench [-- [--dist] name ...]   (default: every bench/*.ts)
// --dist compiles bench/ and what it imports (tsconfig.bench.json, into dist/) and runs the
// compiled JavaScript, as `lagwatch run` runs: no TypeScript loader in the process (tsx
// adds about 100 MB of RSS and its own CPU), and profiles name lines of the compiled files.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const available = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();
const args = process.argv.slice(2);
const fromDist = args.includes('--dist');
const wanted = args.filter((a) => a !== '--dist');
const names = wanted.length > 0 ? wanted : available;
let failed = 0;
if (fromDist) {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const built = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.bench.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (built.status !== 0) process.exit(1);
}
for (const name of names) {
  if (!available.includes(name)) {
    console.error(`bench: no bench/${name}.ts; available: ${available.join(', ') || '(none)'}`);
    failed++;
    continue;
  }
  console.log(`== bench/${name}.ts`);
  const r = spawnSync(
    process.execPath,
    fromDist
      ? ['--expose-gc', join(root, 'dist', 'bench', `${name}.js`)]
      : ['--expose-gc', '--import', 'tsx', join(root, 'bench', `${name}.ts`)],
    {
      cwd: root,
      stdio: 'inherit',
      // As the Docker image runs lagwatch (Dockerfile); a value given here wins.
      env: { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '65536', ...process.env },
    },
  );
  if (r.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
