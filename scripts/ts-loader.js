// Loads the project's TypeScript in plain Node: transpiled with esbuild and no type-checking
// (the tests run `tsc --noEmit`). Transpiled files are cached by content and Node's compile
// cache keeps the bytecode, so a warm run loads neither esbuild nor the sources' parser.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const Module = require('module');

const root = path.resolve(__dirname, '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'vertex-mlops-cdktf');
if (Module.enableCompileCache) Module.enableCompileCache(path.join(cacheDir, 'node-compile-cache'));

let esbuild;
Module._extensions['.ts'] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha1').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(cacheDir, 'ts', `${key}.js`);
  let code;
  try {
    code = fs.readFileSync(cached, 'utf8');
  } catch {
    esbuild ??= require('esbuild');
    code = esbuild.transformSync(source, { loader: 'ts', format: 'cjs', target: 'node22', sourcefile: filename, sourcemap: 'inline' }).code;
    fs.mkdirSync(path.dirname(cached), { recursive: true });
    const tmp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, cached);
  }
  module._compile(code, filename);
};

module.exports = { root };
