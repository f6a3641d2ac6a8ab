// log.format: auto is text on a terminal and JSON elsewhere; json and text are forced.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createLogger, resolveLogFormat } from '../../../src/log.js';
import { scratchDir } from '../config/helpers.js';

describe('log format', () => {
  test('auto: text on a terminal, JSON on a pipe or in a file; json and text as said', () => {
    const terminal = () => true;
    const pipe = () => false;
    assert.equal(resolveLogFormat('auto', 2, terminal), 'text');
    assert.equal(resolveLogFormat('auto', 1, terminal), 'text');
    assert.equal(resolveLogFormat('auto', 2, pipe), 'json');
    assert.equal(resolveLogFormat('auto', '/var/log/lagwatch.log', terminal), 'json');
    assert.equal(resolveLogFormat('json', 2, terminal), 'json');
    assert.equal(resolveLogFormat('text', 2, pipe), 'text');
  });

  test('text lines read as text (level, message, fields), JSON lines as JSON; secrets redacted in both', () => {
    const dir = scratchDir();
    const textFile = join(dir, 'text.log');
    const jsonFile = join(dir, 'json.log');
    createLogger({ level: 'info', format: 'text' }, textFile)
      .child({ cluster: 'a' })
      .warn({ password: 'hunter2' }, 'cluster a unavailable');
    createLogger({ level: 'info', format: 'json' }, jsonFile)
      .child({ cluster: 'a' })
      .warn({ password: 'hunter2' }, 'cluster a unavailable');
    const text = readFileSync(textFile, 'utf8');
    assert.match(text, /^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: cluster a unavailable \{.*"cluster":"a"/);
    assert.ok(!text.trimStart().startsWith('{'), text);
    assert.ok(!text.includes('hunter2'));
    const json = JSON.parse(readFileSync(jsonFile, 'utf8')) as Record<string, unknown>;
    assert.equal(json.msg, 'cluster a unavailable');
    assert.equal(json.level, 40);
    assert.equal(json.password, '[redacted]');
  });
});
