// @elastic/elasticsearch, loaded when the first Elasticsearch sink (or client) is built:
// it is the heaviest library lagwatch has (~30 MiB of RSS), and a service without an
// Elasticsearch sink should not pay for it (src/contract/library.ts says how). Every value
// of the package (the Client, its error classes) is taken from here; types stay
// `import type`.
import type * as Elasticsearch from '@elastic/elasticsearch';
import { loadLibrary } from '../../src/contract/library.js';

let library: typeof Elasticsearch | undefined;

export function elasticsearchLibrary(): typeof Elasticsearch {
  library ??= loadLibrary<typeof Elasticsearch>('@elastic/elasticsearch', 'an elasticsearch sink');
  return library;
}
