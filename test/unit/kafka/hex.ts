// Bytes written out by hand in the codec tests: `hex('00 0a ff')` the bytes, `str('ab')` a
// string's bytes as hex, to splice into such a vector.

/** The bytes a hex text gives, spaces and line breaks ignored. */
export const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** A string's UTF-8 bytes as hex. */
export const str = (s: string): string => Buffer.from(s).toString('hex');
