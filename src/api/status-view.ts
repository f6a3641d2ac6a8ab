// A group's status as Burrow's `/status` and `/lag` show it. Both carry the same group
// figures (status, complete, partition_count, maxlag, totallag, computed over every
// partition); `/lag` lists every partition, `/status` only those not OK. lagwatch's extra
// keys (time_lag_ms, catch_up_ms, messages_lost, reason, reason_text, state, members, type) ride
// along; Burrow clients ignore them.
import {
  notFoundGroupStatus,
  toBurrowGroupStatus,
  type BurrowGroupStatus,
  type GroupStatus,
} from '../status/index.js';

export function statusView(status: GroupStatus, everyPartition: boolean): BurrowGroupStatus {
  const json = toBurrowGroupStatus(status);
  if (!everyPartition) json.partitions = json.partitions.filter((p) => p.status !== 'OK');
  return json;
}

export function notFoundView(cluster: string, group: string): BurrowGroupStatus {
  return toBurrowGroupStatus(notFoundGroupStatus(cluster, group));
}
