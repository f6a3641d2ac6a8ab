// Each group's description as an earlier tick read it, handed out again in place of this
// tick's when the two say the same thing: the same state, members, epoch and owners of the
// same partitions. A tick holds every description from the moment its response is read
// until the group's lag is made after the tick's last request, long enough for V8 to
// promote each one to the old generation, where only a full collection frees it: at
// 10,000 groups x 10 that was 9 MiB a tick, the largest share of what a tick promoted
// (bench/service's `promoted` profile). A description equal to the kept one is let go as
// soon as it is compared, so it dies young; a group whose members stay (the usual case)
// costs one description for as long as they stay. Kept: one description per group the last
// tick listed.
import type { GroupDescription } from './group-description.js';
import type { OwnedPartitions } from './assignment.js';

export class DescriptionMemo {
  readonly #kept = new Map<string, GroupDescription>();

  /** How many groups' descriptions are kept. */
  get size(): number {
    return this.#kept.size;
  }

  /**
   * The kept description of `fresh`'s group when it says the same as `fresh`; otherwise a
   * copy of `fresh`, kept from now on (so `fresh` itself dies young either way). A
   * description that carries an error is handed back as it is and replaces nothing.
   */
  same(fresh: GroupDescription): GroupDescription {
    if (fresh.errorCode !== 0) return fresh;
    const kept = this.#kept.get(fresh.groupId);
    if (kept !== undefined && sameDescription(kept, fresh)) return kept;
    const copy = compactCopy(fresh);
    this.#kept.set(copy.groupId, copy);
    return copy;
  }

  /** Forgets every group `listed` does not hold (deleted groups, groups a filter now denies). */
  keepOnly(listed: ReadonlyMap<string, unknown>): void {
    for (const groupId of this.#kept.keys()) if (!listed.has(groupId)) this.#kept.delete(groupId);
  }
}

/**
 * `d` in arrays of exactly its length: a decoder's arrays grow as it pushes (a 2-member
 * description of 5 partitions each held 878 bytes beside its strings; so copied, 567).
 */
function compactCopy(d: GroupDescription): GroupDescription {
  const assignments = new Array<OwnedPartitions>(d.assignments.length);
  for (let i = 0; i < assignments.length; i++) {
    const { owner, topic, partitions } = d.assignments[i]!;
    assignments[i] = {
      owner: { consumerId: owner.consumerId, host: owner.host, clientId: owner.clientId },
      topic,
      partitions: partitions.slice(),
    };
  }
  return {
    groupId: d.groupId,
    state: d.state,
    protocolType: d.protocolType,
    members: d.members,
    assignments,
    groupEpoch: d.groupEpoch,
    errorCode: d.errorCode,
    errorMessage: d.errorMessage,
  };
}

function sameDescription(a: GroupDescription, b: GroupDescription): boolean {
  if (
    a.groupId !== b.groupId ||
    a.state !== b.state ||
    a.protocolType !== b.protocolType ||
    a.members !== b.members ||
    a.groupEpoch !== b.groupEpoch ||
    a.errorCode !== b.errorCode ||
    a.errorMessage !== b.errorMessage ||
    a.assignments.length !== b.assignments.length
  )
    return false;
  for (let i = 0; i < a.assignments.length; i++)
    if (!sameAssignment(a.assignments[i]!, b.assignments[i]!)) return false;
  return true;
}

function sameAssignment(a: OwnedPartitions, b: OwnedPartitions): boolean {
  if (
    a.topic !== b.topic ||
    a.owner.consumerId !== b.owner.consumerId ||
    a.owner.host !== b.owner.host ||
    a.owner.clientId !== b.owner.clientId ||
    a.partitions.length !== b.partitions.length
  )
    return false;
  for (let i = 0; i < a.partitions.length; i++)
    if (a.partitions[i] !== b.partitions[i]) return false;
  return true;
}
