import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Files under `dir` (recursively) whose name `accept`s, in a stable, sorted order. */
export function filesIn(dir: string, accept: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesIn(path, accept));
    else if (accept(entry.name)) out.push(path);
  }
  return out;
}
