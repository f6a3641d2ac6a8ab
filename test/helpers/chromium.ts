// Headless Chromium for the status page's browser tests and bench/web: Debian's `chromium`
// package (installed by `bash scripts/stack install`), driven by playwright-core, which
// downloads no browser of its own. LAGWATCH_CHROMIUM names another binary.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.LAGWATCH_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `no Chromium at ${CHROMIUM_PATH}: install it with \`bash scripts/stack install\` ` +
        '(Debian package chromium) or set LAGWATCH_CHROMIUM to a Chromium binary',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Chromium refuses its sandbox to root (CI runs as root); the pages are our own.
    args: [
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-dev-shm-usage',
      '--disable-gpu',
    ],
  });
}
