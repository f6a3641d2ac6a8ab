// A library loaded when first needed: the package itself when it is there, a coded error
// naming it and who needs it when it is not (never a crash later, never a parse error).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeTemplateError } from '../../../notifiers/template.js';
import { ErrorCode, LagwatchError } from '../../../src/contract/errors.js';
import { loadLibrary } from '../../../src/contract/library.js';

describe('loadLibrary', () => {
  test('an installed package: its CommonJS exports, the same object every time', () => {
    const yaml = loadLibrary<{ parse: (text: string) => unknown }>('yaml', 'a test');
    assert.deepEqual(yaml.parse('a: 1'), { a: 1 });
    assert.equal(loadLibrary('yaml', 'a test'), yaml);
  });

  test('a missing package: LIBRARY_UNAVAILABLE naming the package and who needs it', () => {
    assert.throws(
      () => loadLibrary('lagwatch-no-such-package', 'an elasticsearch sink'),
      (error: unknown) => {
        assert.ok(error instanceof LagwatchError);
        assert.equal(error.code, ErrorCode.LIBRARY_UNAVAILABLE);
        assert.match(
          error.message,
          /^an elasticsearch sink needs the package lagwatch-no-such-package, which cannot be loaded \(Cannot find module/,
        );
        return true;
      },
    );
  });

  test('a template whose engine cannot be loaded says so, not that the template is broken', () => {
    const missing = new LagwatchError(ErrorCode.LIBRARY_UNAVAILABLE, 'handlebars is missing');
    assert.equal(describeTemplateError(missing), 'handlebars is missing');
    assert.match(
      describeTemplateError(new Error("Parse error on line 2:\nx\n---^\nExpecting a, got 'EOF'")),
      /^Parse error on line 2 of the template/,
    );
  });
});
