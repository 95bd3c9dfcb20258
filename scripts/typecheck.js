#!/usr/bin/env node
// The test suite's type-check: `tsc --noEmit` over tsconfig.json, incremental. Even with nothing
// changed, an incremental tsc parses and binds every declaration it reaches (820,000 lines, most
// of them the aiplatform protos: about 9 s of CPU), so a run whose content key
// (scripts/content-key.js: every TypeScript and JSON file, and the lockfile) equals the last
// passing one's says so and does not start tsc. A clean clone, as CI has, always checks.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { cacheDir, contentKey, lastKey, recordKey } = require('./content-key');

const root = path.resolve(__dirname, '..');
const key = contentKey(`typecheck\0${fs.readFileSync(__filename, 'utf8')}`, ['.ts', '.tsx', '.mts', '.cts', '.json']);
if (key && key === lastKey('typecheck')) {
  process.stdout.write(`type-check: no TypeScript, JSON or lockfile change since the last clean check (${key.slice(0, 12)}); tsc not run\n`);
  process.exit(0);
}
fs.mkdirSync(cacheDir, { recursive: true });
const tsc = require.resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '--noEmit', '--incremental', '--tsBuildInfoFile', path.join(cacheDir, 'tsc.tsbuildinfo'), '-p', path.join(root, 'tsconfig.json')], {
  cwd: root,
  stdio: 'inherit',
});
if (r.status === 0) recordKey('typecheck', key);
process.exit(r.status ?? 1);
