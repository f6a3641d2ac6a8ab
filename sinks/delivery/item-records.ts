// What an ItemQueue records of each item it holds, oldest first from `head` to `tail`: its
// UTF-8 length (without the newline) and its flags (item-chunks.ts). 5 bytes an item, in
// typed arrays (outside the V8 heap once larger than a few dozen bytes) whose size is a
// power of two of 2 to 4 times the items (so that growing is amortised): at most 20 bytes
// an item. A large table is let go once the queue empties.

/** Records of a new or emptied queue. */
const INITIAL_RECORDS = 1024;

export class ItemRecords {
  lengths = new Uint32Array(INITIAL_RECORDS);
  flags = new Uint8Array(INITIAL_RECORDS);
  head = 0;
  tail = 0;

  get length(): number {
    return this.tail - this.head;
  }

  /** The UTF-8 bytes, a newline each, of the `count` records from `head`. */
  bytesOf(count: number): number {
    let bytes = 0;
    for (let i = this.head; i < this.head + count; i++) bytes += this.lengths[i]! + 1;
    return bytes;
  }

  /** Room for `n` more records after `tail`: the live ones move to the front, or to a larger table. */
  roomAfter(n: number): void {
    if (this.tail + n <= this.lengths.length) return;
    const length = this.length;
    if ((length + n) * 2 > this.lengths.length) this.#copy(capacityFor(length + n), 0);
    else {
      this.lengths.copyWithin(0, this.head, this.tail);
      this.flags.copyWithin(0, this.head, this.tail);
      this.head = 0;
      this.tail = length;
    }
  }

  /** Room for `n` records before `head` (rare: copies the table). */
  roomBefore(n: number): void {
    if (this.head >= n) return;
    this.#copy(Math.max(INITIAL_RECORDS, capacityFor(this.length + n)), n);
  }

  /** Forgets the `count` oldest records. */
  drop(count: number): void {
    this.head += count;
    if (this.head < this.tail) return;
    this.head = 0;
    this.tail = 0;
    if (this.lengths.length > INITIAL_RECORDS) {
      this.lengths = new Uint32Array(INITIAL_RECORDS);
      this.flags = new Uint8Array(INITIAL_RECORDS);
    }
  }

  /** The live records into a new table of `capacity`, from `at`. */
  #copy(capacity: number, at: number): void {
    const length = this.length;
    const lengths = new Uint32Array(capacity);
    const flags = new Uint8Array(capacity);
    lengths.set(this.lengths.subarray(this.head, this.tail), at);
    flags.set(this.flags.subarray(this.head, this.tail), at);
    this.lengths = lengths;
    this.flags = flags;
    this.head = at;
    this.tail = at + length;
  }
}

/** A table size with room for `n` records and as many more: a power of two. */
function capacityFor(n: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(2 * n, 2)));
}
