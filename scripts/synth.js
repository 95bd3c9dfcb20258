#!/usr/bin/env node
// The app command of cdktf.json: synthesizes every environment's stack into cdktf.out.
// The project's TypeScript is transpiled with esbuild and no type-checking (the tests run
// `tsc --noEmit`). Transpiled files are cached by content and Node's compile cache keeps the
// bytecode, so a warm synth loads neither esbuild nor the TypeScript sources' parser.
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

require('./token-traces').install();
require(path.join(root, 'src', 'main.ts')).main();

// The cdktf CLI prints its own summary when it runs this app (and sets CDKTF_OUTDIR).
if (!process.env.CDKTF_OUTDIR) {
  const outdir = path.join(process.cwd(), 'cdktf.out');
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const lines = Object.values(manifest.stacks).map((stack) => {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, stack.synthesizedStackPath), 'utf8'));
    const count = Object.values(json.resource || {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
    return `  ${stack.name}: ${count} resources  (${path.relative(process.cwd(), path.join(outdir, stack.workingDirectory))})`;
  });
  process.stdout.write(`Synthesized ${lines.length} stack${lines.length === 1 ? '' : 's'} into ${path.relative(process.cwd(), outdir) || '.'}:\n${lines.join('\n')}\n`);
}
