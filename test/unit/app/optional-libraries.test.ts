// The libraries only some configs need are loaded only by those configs: a compiled
// lagwatch (dist/) built from a config with no Elasticsearch or InfluxDB sink, no
// notifier and JSON logs never loads @elastic/elasticsearch, @influxdata/influxdb-client,
// nodemailer, handlebars or pino-pretty (~60 MiB of RSS together). Each case runs in a
// child node process, which reports every package it loaded: through require (CommonJS:
// require.cache) and through import (ES modules: a resolve hook that writes every resolved
// URL to a file). The config that needs all five proves the detection sees them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { scratchDir } from '../config/helpers.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = scratchDir();

const OPTIONAL = [
  '@elastic/elasticsearch',
  '@influxdata/influxdb-client',
  'nodemailer',
  'handlebars',
  'pino-pretty',
];

// The child: records what it loads, builds the app (nothing is started), prints the
// packages as JSON. Arguments: repo root, config text, log format, scratch folder.
const child = String.raw`
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
const [root, configText, format, dir] = process.argv.slice(1);
const resolved = join(dir, 'resolved-' + format + '.txt');
writeFileSync(resolved, '');
const hook =
  "import { appendFileSync } from 'node:fs'; let file;" +
  'export function initialize(data) { file = data.file; }' +
  'export async function resolve(specifier, context, next) {' +
  "  const result = await next(specifier, context); appendFileSync(file, result.url + '\\n');" +
  '  return result; }';
register('data:text/javascript,' + encodeURIComponent(hook), { data: { file: resolved } });
const dist = (path) => import(pathToFileURL(join(root, 'dist', path)).href);
const { buildApp } = await dist('src/app/app.js');
const { parseConfig } = await dist('src/config/index.js');
const { createLogger } = await dist('src/log.js');
const env = { INFLUX_TOKEN: 'token' };
const config = parseConfig(configText, { env });
const logger = createLogger({ level: 'info', format }, join(dir, 'lagwatch-' + format + '.log'));
const built = buildApp(config, { logger, env });
const files = [
  ...Object.keys(createRequire(import.meta.url).cache),
  ...readFileSync(resolved, 'utf8').split('\n'),
];
const packages = new Set();
for (const file of files) {
  const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (match) packages.add(match[1]);
}
process.stdout.write(JSON.stringify({ built: built.kind, packages: [...packages].sort() }));
`;

function packagesLoaded(configText: string, format: 'json' | 'text'): string[] {
  const app = join(root, 'dist/src/app/app.js');
  assert.ok(existsSync(app), `${app} is missing: build it with \`npm run build\``);
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', child, root, configText, format, dir],
    { cwd: root, encoding: 'utf8', timeout: 30_000 },
  );
  const result = JSON.parse(out) as { built: string; packages: string[] };
  assert.equal(result.built, 'built');
  return result.packages;
}

const cluster = 'clusters:\n  - {name: a, brokers: ["127.0.0.1:1"]}\napi: {enabled: true}\n';

describe('libraries only some configs need', () => {
  test('a stdout sink, no notifier, JSON logs: none of them is loaded', () => {
    const loaded = packagesLoaded(`${cluster}sinks:\n  - {type: stdout, name: out}\n`, 'json');
    // The detection sees what the app does load, by import (ESM) and by require (CJS).
    for (const used of ['fastify', 'kafkajs', 'pino', 'zod'])
      assert.ok(loaded.includes(used), used);
    assert.deepEqual(
      OPTIONAL.filter((name) => loaded.includes(name)),
      [],
    );
  });

  test('an elasticsearch and an influxdb sink, an email notifier, text logs: all are loaded', () => {
    const config =
      cluster +
      'sinks:\n' +
      '  - {type: elasticsearch, name: es, nodes: ["http://127.0.0.1:1"]}\n' +
      '  - {type: influxdb, name: influx, url: "http://127.0.0.1:1", org: o, bucket: b, tokenEnv: INFLUX_TOKEN}\n' +
      'notifiers:\n' +
      '  - {type: email, name: mail, host: 127.0.0.1, port: 1, from: a@example.com, to: [b@example.com]}\n';
    const loaded = packagesLoaded(config, 'text');
    assert.deepEqual(
      OPTIONAL.filter((name) => !loaded.includes(name)),
      [],
    );
  });
});
