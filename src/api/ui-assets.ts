// The status page's files, as `npm run build` bundles them into `dist/ui/` (web/build.mjs):
// read once at start, kept in memory with a gzip copy and a content hash, so that serving
// them costs no disk read and a browser that has them gets 304. Nothing is fetched from
// anywhere else at run time.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export interface UiAsset {
  readonly type: string;
  readonly body: Buffer;
  readonly gzip: Buffer;
  readonly etag: string;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Where the bundle is: `dist/ui/` beside the compiled server (dist/src/api -> dist/ui), or,
 * when the server runs from source (tsx), the repo's `dist/ui/`.
 */
export function defaultUiDir(): string | null {
  const here = fileURLToPath(new URL('.', import.meta.url));
  for (const dir of [join(here, '..', '..', 'ui'), join(here, '..', '..', 'dist', 'ui')]) {
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return null;
}

export function gzipAsset(type: string, body: Buffer): UiAsset {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return { type, body, gzip: gzipSync(body, { level: 9 }), etag };
}

/** Every file of the bundle by its name (`index.html`, `app.js`, ...); empty if none. */
export function loadUiAssets(dir: string | null): ReadonlyMap<string, UiAsset> {
  const assets = new Map<string, UiAsset>();
  if (dir === null) return assets;
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (type !== undefined) assets.set(name, gzipAsset(type, readFileSync(join(dir, name))));
  }
  return assets;
}
