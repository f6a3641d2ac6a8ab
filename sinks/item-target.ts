// Where an encoder's items go: runs of items as UTF-8 bytes (from an ItemWriter's buffer),
// and now and then one item as a string (one made by the string code: a line-protocol
// point with a lone surrogate, a document JSON.stringify made). Order is kept: items are
// the runs' and the strings' in the order given.
//
// The delivery's queue is one (its items wait as bytes: the encoders' bytes are copied in
// as they are, with no string between). StringItems is the other, for the stdout sink, the
// tests and the benches: the items as strings.

export interface ItemTarget {
  /**
   * Items `bytes[0, ends[0])`, `bytes[ends[0], ends[1])`, … up to `ends[count - 1]`: each
   * one as UTF-8 followed by a newline (the layout of a newline-delimited request body, so
   * that a run of them is copied as it is). `nonAscii`: whether any byte is >= 0x80. The
   * bytes are the caller's and reused after the call: a target keeps a copy.
   */
  items(bytes: Buffer, ends: readonly number[], count: number, nonAscii: boolean): void;
  /** One item as a string (it may hold a lone surrogate: it has no UTF-8 form then). */
  string(item: string): void;
}

/** The items as strings, in order. */
export class StringItems implements ItemTarget {
  readonly out: string[] = [];

  items(bytes: Buffer, ends: readonly number[], count: number, nonAscii: boolean): void {
    const out = this.out;
    let start = 0;
    if (!nonAscii && count > 0) {
      // One string decoded for the run, each item a slice of it: half the time of one
      // decode per item.
      const text = bytes.toString('latin1', 0, ends[count - 1]);
      for (let i = 0; i < count; i++) {
        const end = ends[i]!;
        out.push(text.slice(start, end - 1));
        start = end;
      }
      return;
    }
    for (let i = 0; i < count; i++) {
      const end = ends[i]!;
      out.push(bytes.toString('utf8', start, end - 1));
      start = end;
    }
  }

  string(item: string): void {
    this.out.push(item);
  }
}

/** The items `write` gives a target, as strings. */
export function itemStrings(write: (target: ItemTarget) => void): string[] {
  const target = new StringItems();
  write(target);
  return target.out;
}
