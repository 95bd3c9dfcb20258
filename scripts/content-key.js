'use strict';
// A content key for the warm test loop's caches (under node_modules/.cache/vertex-mlops-cdktf):
// the sha256 of package-lock.json (which fixes every installed package, TypeScript and TypeDoc
// included) and of every file of the repository, tracked or new but not ignored, whose name ends
// in one of the given extensions. Contents, not timestamps: an edit, a new file, a deleted one, a
// checkout or `npm ci` of another lock gives a new key; a clean clone has no cache at all.
// `within` (optional) narrows the files to those under the given folders or with the given
// names, for work that reads only part of the tree (the library build reads src/ and packages/).
// Returns undefined outside a git work tree, and the callers then always do the work.
const { execFileSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'vertex-mlops-cdktf');

function contentKey(purpose, extensions, within) {
  let listed;
  try {
    listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
  } catch {
    return undefined;
  }
  const inScope = (f) => !within || within.some((w) => (w.endsWith('/') ? f.startsWith(w) : f === w));
  const files = [...new Set(listed.split('\0'))].filter((f) => f && extensions.some((e) => f.endsWith(e)) && inScope(f)).sort();
  const hash = crypto.createHash('sha256').update(fs.readFileSync(__filename)).update('\0').update(purpose).update('\0').update(process.version).update('\0');
  for (const rel of ['package-lock.json', ...files]) {
    let bytes;
    try {
      bytes = fs.readFileSync(path.join(root, rel));
    } catch {
      continue; // listed by the index but deleted in the work tree: its absence is in the key
    }
    hash.update(rel).update('\0').update(String(bytes.length)).update('\0').update(bytes);
  }
  return hash.digest('hex');
}

/** The file that records the last successful run of `purpose` for a key. */
function stampFile(purpose) {
  return path.join(cacheDir, `${purpose}.key`);
}

function lastKey(purpose) {
  try {
    return fs.readFileSync(stampFile(purpose), 'utf8').trim();
  } catch {
    return undefined;
  }
}

function recordKey(purpose, key) {
  if (!key) return;
  fs.mkdirSync(cacheDir, { recursive: true });
  fs.writeFileSync(stampFile(purpose), `${key}\n`);
}

module.exports = { cacheDir, contentKey, lastKey, recordKey };
