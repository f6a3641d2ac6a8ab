// Writing a one-byte string into a Buffer as Latin-1, for the encoders' long plain texts
// (item-writer.ts tests them with a regular expression first, so every code unit is below
// 0x80 and Latin-1 is their UTF-8).
//
// `buf.write(text, at, 'latin1')` checks its arguments and looks the encoding up by name
// before it calls Buffer's own `latin1Write`; in the line-protocol encoder that wrapper was
// 1,700 of the 12,800 instructions a point took (valgrind, bench/encoders' reports, the
// points written into a sink's queue). Node has had `latin1Write` on Buffer.prototype since
// its first releases, but does not document it, so it is called only where it is there.

type Latin1Write = (this: Buffer, text: string, at: number) => number;

/** Writes `text` at `at` as Latin-1; returns the bytes written. The caller has made room. */
export type Latin1Writer = (buf: Buffer, text: string, at: number) => number;

/** A Latin1Writer through `proto`'s own `latin1Write`, or through `write` without one. */
export function latin1WriterOf(proto: object): Latin1Writer {
  const native = (proto as { latin1Write?: unknown }).latin1Write;
  if (typeof native !== 'function') return (buf, text, at) => buf.write(text, at, 'latin1');
  const write = native as Latin1Write;
  return (buf, text, at) => write.call(buf, text, at);
}

export const latin1Write: Latin1Writer = latin1WriterOf(Buffer.prototype as object);
