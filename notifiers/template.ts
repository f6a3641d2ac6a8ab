// Notification texts come from Handlebars templates (a well-kept engine; `{{json x}}` for
// JSON bodies). Every template is compiled when the config is read, so a broken one stops
// `check-config` and `run` with exit 2 naming the notifier, the key and the line, never
// first discovered when an alert fires. Output is not HTML-escaped: bodies are JSON or text.
// Handlebars (~10 MiB of RSS) is loaded by the first template compiled, so a config without
// notifiers never loads it (src/contract/library.ts says how and why).
import type Handlebars from 'handlebars';
import { z } from 'zod';
import { ErrorCode, LagwatchError } from '../src/contract/errors.js';
import { loadLibrary } from '../src/contract/library.js';

let engine: typeof Handlebars | undefined;

/** lagwatch's own Handlebars environment (with the `json` helper), made on first use. */
function templateEngine(): typeof Handlebars {
  if (engine === undefined) {
    engine = loadLibrary<typeof Handlebars>('handlebars', 'a notifier template').create();
    engine.registerHelper('json', (value: unknown) => JSON.stringify(value ?? null));
  }
  return engine;
}

export type Render = (context: object) => string;

/** Compiles now; throws Handlebars' own error ("Parse error on line 2: ...") when broken. */
export function compileTemplate(source: string): Render {
  const engine = templateEngine();
  engine.precompile(source, { noEscape: true, strict: false });
  const template = engine.compile(source, { noEscape: true });
  return (context) => template(context);
}

/** A template's source: checked by compiling it, kept as text (the config stays printable). */
export const templateSource = z.string().superRefine((source, ctx) => {
  try {
    compileTemplate(source);
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected a valid Handlebars template',
      params: { found: describeTemplateError(error) },
    });
  }
});

/** Handlebars' "Parse error on line 2:\n<text>\n---^\nExpecting ..., got 'EOF'", in one line. */
export function describeTemplateError(error: unknown): string {
  // Not the template's fault: say what is missing instead of a parse error.
  if (error instanceof LagwatchError && error.code === ErrorCode.LIBRARY_UNAVAILABLE) {
    return error.message;
  }
  const lines = (error instanceof Error ? error.message : String(error)).split('\n');
  const head = (lines[0] ?? '').replace(/:$/, '');
  const near = lines[1] === undefined ? '' : ` near ${JSON.stringify(lines[1].slice(-40))}`;
  const got = /got '([^']+)'/.exec(lines[3] ?? '')?.[1];
  return `${head} of the template${near}${got === undefined ? '' : ` (unexpected ${got})`}`;
}
