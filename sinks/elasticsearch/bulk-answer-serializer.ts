// The client's JSON reader, but for a bulk answer that says it holds no error: that one is
// not read further. Filtered as bulk-transport.ts asks (FILTER_PATH), a bulk answer is
// `{"errors":false,"items":[…]}` with a status for every document sent: 110,000 a tick at
// 10,000 groups x 10, 2.8 MB of JSON and two objects each to parse, which bulkOutcome
// never reads when `errors` is false. Any other answer (one with errors, another API's,
// an answer whose fields come in another order) is read whole, as before.
import type { Serializer } from '@elastic/elasticsearch';
import { elasticsearchLibrary } from './es-library.js';

/** How a filtered bulk answer without errors begins. */
export const NO_ERRORS_PREFIX = '{"errors":false,';

let made: typeof Serializer | undefined;

/** The Serializer class for lagwatch's clients (made once the library is loaded). */
export function bulkAnswerSerializer(): typeof Serializer {
  made ??= class BulkAnswerSerializer extends elasticsearchLibrary().Serializer {
    override deserialize<T = unknown>(json: string): T {
      if (json.startsWith(NO_ERRORS_PREFIX)) return { errors: false } as T;
      return super.deserialize<T>(json);
    }
  };
  return made;
}
