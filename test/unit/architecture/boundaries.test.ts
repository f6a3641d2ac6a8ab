// The lint rules that hold the architecture's shape: each boundary refuses an import that
// crosses it and lets the allowed one through, and every folder of src/ has an entry.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
// @ts-expect-error: a plain JS module beside eslint.config.js, without type declarations.
import { boundaries, layers } from '../../../eslint.boundaries.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
    ...(boundaries as ESLint.Options['overrideConfig'][]),
  ] as ESLint.Options['overrideConfig'],
});

/** The boundary messages lint gives `importing` when it sits at `file`. */
async function violations(file: string, importing: string): Promise<string[]> {
  const code = `import { x } from '${importing}';\nexport const y = x;\n`;
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

const cases: { file: string; crossing: string; allowed: string; rule: RegExp }[] = [
  {
    file: 'sinks/influxdb/new-file.ts',
    crossing: '../../src/config/types.js',
    allowed: '../../src/contract/report.js',
    rule: /sinks\/ may import only src\/contract\//,
  },
  {
    file: 'sinks/fanout-extra.ts',
    crossing: '../src/log.js',
    allowed: '../src/contract/logger.js',
    rule: /sinks\/ may import only src\/contract\//,
  },
  {
    file: 'sinks/influxdb/new-file.ts',
    crossing: '../elasticsearch/documents.js',
    allowed: '../delivery/backoff.js',
    rule: /a sink imports no other sink/,
  },
  {
    file: 'src/cli/new-command.ts',
    crossing: '../../sinks/create-sinks.js',
    allowed: '../../sinks/index.js',
    rule: /only through sinks\/index\.ts/,
  },
  {
    file: 'notifiers/webhook/new-file.ts',
    crossing: '../../src/alerts/index.js',
    allowed: '../../src/contract/incident.js',
    rule: /notifiers\/ may import only src\/contract\//,
  },
  {
    file: 'notifiers/webhook/new-file.ts',
    crossing: '../alertmanager/adapter.js',
    allowed: '../delivery/http-deliver.js',
    rule: /a notifier imports no other notifier/,
  },
  {
    file: 'notifiers/new-root-file.ts',
    crossing: '../sinks/index.js',
    allowed: '../src/contract/notifier.js',
    rule: /notifiers\/ may import only src\/contract\//,
  },
  {
    file: 'src/app/new-wiring.ts',
    crossing: '../../notifiers/create-notifiers.js',
    allowed: '../../notifiers/index.js',
    rule: /only through notifiers\/index\.ts/,
  },
  {
    file: 'src/alerts/new-rule.ts',
    crossing: '../pipeline/latest.js',
    allowed: '../contract/incident.js',
    rule: /src\/alerts\/ may import only: contract/,
  },
  {
    file: 'src/contract/new-type.ts',
    crossing: '../status/reasons.js',
    allowed: './errors.js',
    rule: /is the contract: it imports nothing/,
  },
  {
    file: 'src/status/new-rule.ts',
    crossing: '../window/store.js',
    allowed: '../contract/evaluation.js',
    rule: /src\/status\/ may import only: contract/,
  },
  {
    file: 'src/kafka/new-codec.ts',
    crossing: '../pipeline/cluster-tick.js',
    allowed: '../config/index.js',
    rule: /src\/kafka\/ may import only/,
  },
  {
    file: 'src/api/new-route.ts',
    crossing: '../cli/run.js',
    allowed: '../pipeline/latest.js',
    rule: /src\/api\/ may import only/,
  },
  {
    file: 'src/config/new-field.ts',
    crossing: '../../sinks/influxdb/options.js',
    allowed: '../../sinks/index.js',
    rule: /only through sinks\/index\.ts|src\/config\/ may import only/,
  },
  {
    file: 'web/new-view.ts',
    crossing: '../src/api/ui-model.js',
    allowed: '../src/contract/status-page.js',
    rule: /web\/ \(browser code\) may import only src\/contract\//,
  },
  {
    file: 'web/new-view.ts',
    crossing: 'node:fs',
    allowed: 'preact',
    rule: /web\/ \(browser code\) may import only/,
  },
];

describe('architecture boundaries (eslint.boundaries.js)', () => {
  for (const c of cases) {
    test(`${c.file}: '${c.crossing}' is refused, '${c.allowed}' is not`, async () => {
      const refused = await violations(c.file, c.crossing);
      assert.ok(
        refused.some((m) => m.startsWith('no-restricted-imports') && c.rule.test(m)),
        `expected a boundary error, got ${JSON.stringify(refused)}`,
      );
      assert.deepEqual(await violations(c.file, c.allowed), []);
    });
  }

  test('every folder of src/ has an entry in the layers table', () => {
    const folders = readdirSync(join(root, 'src'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    const listed = Object.keys(layers as Record<string, unknown>);
    assert.deepEqual(
      folders.filter((f) => !listed.includes(f)),
      [],
      'a folder of src/ without an entry in eslint.boundaries.js is not checked',
    );
  });
});
