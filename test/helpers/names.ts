// Unique names for topics, groups, indices and databases, so tests never collide
// with each other or with an earlier run against the same stack.
import { randomBytes } from 'node:crypto';

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
