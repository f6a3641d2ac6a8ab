// The in-memory FIFO of items waiting to be sent. An item is one line of text (a point in
// line protocol, a bulk document); the queue counts items and bytes and remembers when
// the oldest item arrived, which is what batching by count, bytes and interval needs.

/** Bytes an item takes in a request body or in the spool: its UTF-8 length plus a newline. */
export function itemBytes(item: string): number {
  return Buffer.byteLength(item, 'utf8') + 1;
}

/** Items in consecutive parts of at most `maxItems` and `maxBytes` (at least one item each). */
export function splitParts(
  items: readonly string[],
  maxItems: number,
  maxBytes: number,
): string[][] {
  const parts: string[][] = [];
  let part: string[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = itemBytes(item);
    if (part.length > 0 && (part.length >= maxItems || bytes + size > maxBytes)) {
      parts.push(part);
      part = [];
      bytes = 0;
    }
    part.push(item);
    bytes += size;
  }
  if (part.length > 0) parts.push(part);
  return parts;
}

interface Arrival {
  /** Index (in #items) one past the last item of this push. */
  readonly end: number;
  readonly at: number;
}

export class ItemQueue {
  #items: string[] = [];
  #sizes: number[] = [];
  #head = 0;
  #bytes = 0;
  #arrivals: Arrival[] = [];

  get length(): number {
    return this.#items.length - this.#head;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** When the oldest waiting item was pushed, or null when empty. */
  get oldestAt(): number | null {
    return this.length === 0 ? null : (this.#arrivals[0]?.at ?? null);
  }

  push(items: readonly string[], now: number = Date.now()): void {
    if (items.length === 0) return;
    for (const item of items) {
      const size = itemBytes(item);
      this.#items.push(item);
      this.#sizes.push(size);
      this.#bytes += size;
    }
    this.#arrivals.push({ end: this.#items.length, at: now });
  }

  /**
   * Takes the oldest items: at most `maxItems`, and at most `maxBytes` unless the first
   * item alone is larger (it is then taken alone, so that nothing is stuck forever).
   */
  take(maxItems: number, maxBytes: number): string[] {
    let count = 0;
    let bytes = 0;
    while (count < maxItems && this.#head + count < this.#items.length) {
      const size = this.#sizes[this.#head + count]!;
      if (count > 0 && bytes + size > maxBytes) break;
      bytes += size;
      count++;
    }
    return this.#remove(count, bytes);
  }

  /** Takes the `count` oldest items, whatever their size. */
  takeOldest(count: number): string[] {
    const n = Math.min(count, this.length);
    let bytes = 0;
    for (let i = 0; i < n; i++) bytes += this.#sizes[this.#head + i]!;
    return this.#remove(n, bytes);
  }

  takeAll(): string[] {
    return this.takeOldest(this.length);
  }

  /** Puts taken items back before the oldest, as pushed at `at` (rare: copies the queue). */
  pushFront(items: readonly string[], at: number): void {
    if (items.length === 0) return;
    const head = this.#head;
    const sizes = items.map(itemBytes);
    this.#items = [...items, ...this.#items.slice(head)];
    this.#sizes = [...sizes, ...this.#sizes.slice(head)];
    this.#arrivals = [
      { end: items.length, at },
      ...this.#arrivals.map((a) => ({ end: a.end - head + items.length, at: a.at })),
    ];
    this.#head = 0;
    for (const size of sizes) this.#bytes += size;
  }

  #remove(count: number, bytes: number): string[] {
    const taken = this.#items.slice(this.#head, this.#head + count);
    this.#head += count;
    this.#bytes -= bytes;
    while (this.#arrivals.length > 0 && this.#arrivals[0]!.end <= this.#head) {
      this.#arrivals.shift();
    }
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#sizes = [];
      this.#arrivals = [];
      this.#head = 0;
    } else if (this.#head > 65_536 && this.#head * 2 > this.#items.length) {
      this.#compact();
    }
    return taken;
  }

  #compact(): void {
    const head = this.#head;
    this.#items = this.#items.slice(head);
    this.#sizes = this.#sizes.slice(head);
    this.#arrivals = this.#arrivals.map((a) => ({ end: a.end - head, at: a.at }));
    this.#head = 0;
  }
}
