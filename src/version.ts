// The package version, read once from package.json so the CLI and the API agree.
import { readFileSync } from 'node:fs';

function findPackageJson(): string {
  // Works from src/ (through tsx) and from dist/src/ (built).
  for (const rel of ['../package.json', '../../package.json']) {
    const url = new URL(rel, import.meta.url);
    try {
      const parsed = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version?: string };
      if (parsed.name === 'lagwatch' && typeof parsed.version === 'string') return parsed.version;
    } catch {
      // not at this depth; try the next
    }
  }
  return '0.0.0';
}

export const version = findPackageJson();
