// CRC-32 (IEEE 802.3, the polynomial of zlib, gzip and PNG), the spool's record checksum.
// Why not node:zlib's crc32: it came in Node 20.15 and lagwatch runs on any Node 20; why
// not a hash: a record check must catch torn and garbled bytes, not an attacker, and a
// CRC does that in 8 hex digits at table-lookup speed. Same values as zlib.crc32.
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** The CRC-32 of `bytes` (an unsigned 32-bit integer). */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
