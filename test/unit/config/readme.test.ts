// src/config/README.md documents every key: each environment variable the schema accepts
// appears in it, so a key added to the schema without documentation fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configSchema, envNameFor } from '../../../src/config/index.js';
import { describeKeys } from '../../../src/config/schema-walk.js';
import { repoRoot } from '../../helpers/stack.js';

describe('src/config/README.md', () => {
  const readme = readFileSync(join(repoRoot, 'src/config/README.md'), 'utf8');
  const keys = describeKeys(configSchema);

  it('covers the schema (sanity: the walk finds the keys)', () => {
    assert.ok(keys.length > 50, `found ${keys.length} keys`);
    assert.ok(keys.some((k) => k.path.join('.') === 'clusters.<name>.sasl.passwordFile'));
  });

  for (const key of keys) {
    const name = envNameFor(key.path);
    it(`names ${name} (${key.path.join('.')})`, () => {
      assert.ok(readme.includes(`\`${name}\``), `${name} is not in the README`);
    });
  }
});
