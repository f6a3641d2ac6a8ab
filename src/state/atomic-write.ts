// Replacing a file so that a crash at any moment leaves the old contents or the new, never
// a mix: write a temporary file beside it, sync it, rename it over the old one (atomic on
// POSIX), then sync the directory so the rename itself survives a power loss. The I/O runs
// on libuv's thread pool: the event loop only hands the buffers over.
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';

export async function replaceFile(
  dir: string,
  name: string,
  chunks: readonly Buffer[],
): Promise<void> {
  const target = join(dir, name);
  const temporary = `${target}.tmp`;
  const file = await open(temporary, 'w', 0o600);
  try {
    // writeFile loops until every byte is written (write and writev may stop short).
    for (const chunk of chunks) await file.writeFile(chunk);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, target);
  await syncDir(dir);
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
