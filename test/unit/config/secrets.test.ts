// Secrets are read at use time from the variable or file a reference names; failures say
// which source failed, never the value.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LagwatchError } from '../../../src/contract/errors.js';
import { resolveSecret, secretRef } from '../../../src/config/index.js';
import { minimalYaml, parse, scratchDir, writeFile } from './helpers.js';

const unavailable =
  (pattern: RegExp) =>
  (err: unknown): boolean =>
    err instanceof LagwatchError &&
    err.code === 'LAGWATCH_SECRET_UNAVAILABLE' &&
    !err.retryable &&
    pattern.test(err.message);

describe('secrets', () => {
  const dir = scratchDir();

  it('secretRef reads the Env/File pair of a config object', () => {
    const config = parse(
      minimalYaml +
        '    sasl: {mechanism: plain, username: u, passwordEnv: KAFKA_PASS}\n' +
        'api: {adminTokenFile: admin-token}\n',
    );
    const sasl = config.clusters[0]?.sasl;
    assert.ok(sasl);
    assert.deepEqual(secretRef(sasl, 'password'), { env: 'KAFKA_PASS' });
    assert.deepEqual(secretRef(config.api, 'adminToken'), {
      file: join(process.cwd(), 'admin-token'),
    });
    assert.equal(secretRef({}, 'token'), undefined);
  });

  it('resolves from the environment', () => {
    assert.equal(resolveSecret({ env: 'P' }, { P: 'pa55' }), 'pa55');
  });

  it('resolves from a file, dropping one trailing newline', () => {
    assert.equal(resolveSecret({ file: writeFile(dir, 'a', 'pa55\n') }), 'pa55');
    assert.equal(resolveSecret({ file: writeFile(dir, 'b', 'pa55\r\n') }), 'pa55');
    assert.equal(resolveSecret({ file: writeFile(dir, 'c', ' pa55 \n\n') }), ' pa55 \n');
  });

  it('an unset or empty variable is an error naming the variable only', () => {
    assert.throws(
      () => resolveSecret({ env: 'NOPE' }, {}),
      unavailable(/^secret from environment variable NOPE: the variable is not set$/),
    );
    assert.throws(
      () => resolveSecret({ env: 'EMPTY' }, { EMPTY: '' }),
      unavailable(/the variable is empty/),
    );
  });

  it('a missing or empty file is an error naming the file', () => {
    const missing = join(dir, 'missing');
    assert.throws(
      () => resolveSecret({ file: missing }),
      unavailable(new RegExp(`^secret from file ${missing}: cannot read the file \\(ENOENT\\)$`)),
    );
    assert.throws(
      () => resolveSecret({ file: writeFile(dir, 'empty', '\n') }),
      unavailable(/the file is empty/),
    );
    assert.throws(
      () => resolveSecret({ file: dir }),
      unavailable(/cannot read the file \(EISDIR\)/),
    );
  });
});
