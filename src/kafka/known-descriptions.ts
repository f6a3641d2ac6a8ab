// The group descriptions of a cluster's last tick, so that a group described the same way
// again keeps the description it had. A description lives from its DescribeGroups answer
// to the tick's lag pass, past V8's young generation, so each tick's were promoted and
// collected with the old generation: 8 MB a tick at 10,000 groups of two members
// (bench/service, promoted profile), though most groups' members, owners and assignments
// do not change from one tick to the next. A fresh description equal to the known one is
// dropped at once (it dies young), and the tick holds the known one; its owner objects and
// their strings are the same ones the window store holds, which it then compares by
// reference. Bounded by the groups described: a group not described in a tick is forgotten.
import type { OwnedPartitions } from './assignment.js';
import type { GroupDescription } from './group-description.js';

interface Known {
  description: GroupDescription;
  /** The tick that last described the group. */
  seenIn: number;
}

export class KnownDescriptions {
  readonly #known = new Map<string, Known>();
  #tick = 0;

  /** Groups known (tests). */
  get size(): number {
    return this.#known.size;
  }

  /** A tick begins: `settle` marks the groups it describes, `endTick` forgets the others. */
  startTick(): void {
    this.#tick++;
  }

  /** The known description when `fresh` says the same; else `fresh`, known from now on. */
  settle(fresh: GroupDescription): GroupDescription {
    const known = this.#known.get(fresh.groupId);
    if (known === undefined) {
      this.#known.set(fresh.groupId, { description: fresh, seenIn: this.#tick });
      return fresh;
    }
    known.seenIn = this.#tick;
    if (sameDescription(known.description, fresh)) return known.description;
    known.description = fresh;
    return fresh;
  }

  /** Forgets the groups this tick did not describe (deleted, emptied, or left unasked). */
  endTick(): void {
    for (const [groupId, known] of this.#known)
      if (known.seenIn !== this.#tick) this.#known.delete(groupId);
  }
}

export function sameDescription(a: GroupDescription, b: GroupDescription): boolean {
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
    if (!sameOwnedPartitions(a.assignments[i]!, b.assignments[i]!)) return false;
  return true;
}

function sameOwnedPartitions(a: OwnedPartitions, b: OwnedPartitions): boolean {
  if (
    a.topic !== b.topic ||
    a.owner.consumerId !== b.owner.consumerId ||
    a.owner.host !== b.owner.host ||
    a.owner.clientId !== b.owner.clientId ||
    a.partitions.length !== b.partitions.length
  )
    return false;
  for (let j = 0; j < a.partitions.length; j++)
    if (a.partitions[j] !== b.partitions[j]) return false;
  return true;
}
