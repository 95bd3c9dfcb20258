import * as fs from 'fs';
import * as path from 'path';

/**
 * Files under `dir` as posix relative paths, skipping excluded names at any depth. Sorted by code
 * point, not locale, so archive hashes and upload order are the same on every machine.
 */
export function listTree(dir: string, excluded: (name: string) => boolean, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true })
    .filter((e) => !excluded(e.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => {
      const r = rel ? `${rel}/${e.name}` : e.name;
      return e.isDirectory() ? listTree(dir, excluded, r) : e.isFile() ? [r] : [];
    });
}
