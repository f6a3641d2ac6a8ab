// Notification texts come from Handlebars templates (a well-kept engine; `{{json x}}` for
// JSON bodies). Every template is compiled when the config is read, so a broken one stops
// `check-config` and `run` with exit 2 naming the notifier, the key and the line, never
// first discovered when an alert fires. Output is not HTML-escaped: bodies are JSON or text.
import Handlebars from 'handlebars';
import { z } from 'zod';

const engine = Handlebars.create();
engine.registerHelper('json', (value: unknown) => JSON.stringify(value ?? null));

export type Render = (context: object) => string;

/** Compiles now; throws Handlebars' own error ("Parse error on line 2: ...") when broken. */
export function compileTemplate(source: string): Render {
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
  const lines = (error instanceof Error ? error.message : String(error)).split('\n');
  const head = (lines[0] ?? '').replace(/:$/, '');
  const near = lines[1] === undefined ? '' : ` near ${JSON.stringify(lines[1].slice(-40))}`;
  const got = /got '([^']+)'/.exec(lines[3] ?? '')?.[1];
  return `${head} of the template${near}${got === undefined ? '' : ` (unexpected ${got})`}`;
}
