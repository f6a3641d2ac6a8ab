// Whether a request's Accept-Encoding admits gzip (RFC 9110, 12.5.3): `gzip` or `*`
// (or the old `x-gzip`) with a weight above zero; an explicit `gzip;q=0` refuses it.
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  let wildcard: boolean | null = null;
  for (const item of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [coding = '', ...params] = item.split(';').map((part) => part.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const accepted = q === undefined || Number(q.slice(2)) > 0;
    if (coding === 'gzip' || coding === 'x-gzip') return accepted;
    if (coding === '*') wildcard = accepted;
  }
  return wildcard === true;
}

/** A body shorter than this is sent as it is to every client: gzip saves little there. */
export const GZIP_MIN_BYTES = 1024;

/** Whether a body of `bytes` goes gzipped to a request with this Accept-Encoding. */
export function sendsGzip(bytes: number, header: string | string[] | undefined): boolean {
  return bytes >= GZIP_MIN_BYTES && acceptsGzip(header);
}
