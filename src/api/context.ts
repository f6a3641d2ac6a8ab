// What every route of the API reads: the read model, the config, and who answers; and the
// one thing it may change, through GroupDeletes (Burrow's DELETEs).
import type { Config } from '../config/index.js';
import type { Logger } from '../contract/logger.js';
import type { GroupDeletes } from '../pipeline/group-deletes.js';
import type { LatestState } from '../pipeline/latest.js';
import type { AdminGuard } from './admin-token.js';
import type { Readiness } from './readiness.js';

export interface ApiContext {
  readonly latest: LatestState;
  /** Where Burrow's DELETEs go: the owner of the window store and the evaluator. */
  readonly deletes: GroupDeletes;
  readonly config: Config;
  /** `request.host` of every body: the machine's name, as Burrow's os.Hostname(). */
  readonly host: string;
  /** The root logger: POST /v3/admin/loglevel sets its level (children follow). */
  readonly logger: Logger;
  readonly admin: AdminGuard;
  readonly readiness: () => Readiness;
}
