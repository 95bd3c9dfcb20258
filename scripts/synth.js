#!/usr/bin/env node
// The app command of cdktf.json: synthesizes every environment's stack into cdktf.out.
// The project's TypeScript is transpiled in memory with esbuild and no type-checking (the
// tests run `tsc --noEmit`), and Node's compile cache keeps warm runs short.
'use strict';
const fs = require('fs');
const path = require('path');
const Module = require('module');

if (Module.enableCompileCache) {
  Module.enableCompileCache(path.join(__dirname, '..', 'node_modules', '.cache', 'node-compile-cache'));
}
const { transformSync } = require('esbuild');

const root = path.resolve(__dirname, '..');
Module._extensions['.ts'] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, { loader: 'ts', format: 'cjs', target: 'node22', sourcefile: filename, sourcemap: 'inline' });
  module._compile(code, filename);
};

require(path.join(root, 'src', 'main.ts')).main();
