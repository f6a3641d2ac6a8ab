// Libraries that only some configs need (the Elasticsearch and InfluxDB clients,
// nodemailer, Handlebars, pino-pretty) are loaded when the first sink, notifier, template
// or text logger that needs one is built, not when lagwatch starts: imported eagerly they
// cost ~60 MiB of RSS, which a service without those sinks, notifiers or text logs should
// not pay. They are CommonJS, so Node's require is synchronous (the factories stay
// synchronous) and cached (the second call costs a lookup). Callers keep `import type` for
// their types and take every value from what this returns; a package that is missing or
// broken is a coded error naming it and what needs it, not a crash later.
import { createRequire } from 'node:module';
import { ErrorCode, LagwatchError } from './errors.js';

const requireFromHere = createRequire(import.meta.url);

/** The CommonJS package `name`, loaded now; `neededBy` says who wants it ("an elasticsearch sink"). */
export function loadLibrary<T>(name: string, neededBy: string): T {
  try {
    return requireFromHere(name) as T;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new LagwatchError(
      ErrorCode.LIBRARY_UNAVAILABLE,
      `${neededBy} needs the package ${name}, which cannot be loaded (${reason}); ` +
        'reinstall lagwatch with its dependencies (npm ci)',
      { cause: error },
    );
  }
}
