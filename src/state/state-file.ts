// The state file's frame: a fixed header that says what the file is, which format
// version wrote it, how long its body is and the body's checksum. A file that is cut
// short, altered, or from a format this lagwatch cannot read is recognised as such here,
// before any of it is used: a state is read whole or not at all.
//
// header (32 bytes, little-endian):
//   0  "LAGWSTAT"   magic
//   8  u32          format version
//  12  u32          byte order of the float64s: 1 = little-endian
//  16  f64          body length in bytes
//  24  u32          CRC-32 of the body
//  28  u32          CRC-32 of bytes 0..27
import { endianness } from 'node:os';
import { crc32 } from 'node:zlib';

export const HEADER_BYTES = 32;
const MAGIC = Buffer.from('LAGWSTAT', 'latin1');
const LITTLE_ENDIAN = 1;

/** Why a file's contents cannot be used as they are. `kind` names the file moved aside. */
export type FrameProblemKind = 'truncated' | 'corrupt' | 'foreign';

export class FrameProblem extends Error {
  readonly kind: FrameProblemKind;
  constructor(kind: FrameProblemKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

/** The header for `body` (its chunks), written by format `version`. */
export function frameHeader(version: number, body: readonly Buffer[]): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt32LE(version, 8);
  header.writeUInt32LE(endianness() === 'LE' ? LITTLE_ENDIAN : 0, 12);
  let length = 0;
  let checksum = 0;
  for (const chunk of body) {
    length += chunk.length;
    checksum = crc32(chunk, checksum);
  }
  header.writeDoubleLE(length, 16);
  header.writeUInt32LE(checksum, 24);
  header.writeUInt32LE(crc32(header.subarray(0, 28)), 28);
  return header;
}

/** The version that wrote `file` and its body; throws FrameProblem when it cannot be trusted. */
export function unframe(file: Buffer): { version: number; body: Buffer } {
  if (file.length < HEADER_BYTES) {
    throw new FrameProblem('truncated', `${file.length} bytes, shorter than the header`);
  }
  if (!file.subarray(0, 8).equals(MAGIC)) {
    throw new FrameProblem('foreign', 'not a lagwatch state file (no LAGWSTAT header)');
  }
  if (file.readUInt32LE(28) !== crc32(file.subarray(0, 28))) {
    throw new FrameProblem('corrupt', "the header's checksum does not match");
  }
  const version = file.readUInt32LE(8);
  if (file.readUInt32LE(12) !== (endianness() === 'LE' ? LITTLE_ENDIAN : 0)) {
    throw new FrameProblem('foreign', 'written on a machine of another byte order');
  }
  const length = file.readDoubleLE(16);
  const body = file.subarray(HEADER_BYTES);
  if (body.length < length) {
    throw new FrameProblem('truncated', `the body has ${body.length} of its ${length} bytes`);
  }
  if (body.length > length) {
    throw new FrameProblem('corrupt', `${body.length - length} bytes after the body`);
  }
  if (crc32(body) !== file.readUInt32LE(24)) {
    throw new FrameProblem('corrupt', "the body's checksum does not match");
  }
  return { version, body };
}
