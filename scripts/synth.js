#!/usr/bin/env node
// The app command of cdktf.json and `npm run synth`: synthesizes every environment's stack
// into cdktf.out (the project's TypeScript bundled by esbuild, no type-checking: app-bundle.js).
'use strict';
const fs = require('fs');
const path = require('path');
const { AppBuildError, loadApp } = require('./app-bundle');

loadApp().then(
  (app) => {
    app.main();
    summary();
  },
  (err) => {
    // esbuild's own report (file, line, column, the error) says all there is to say about a source
    // that does not compile; anything else keeps its stack.
    if (!(err instanceof AppBuildError)) throw err;
    process.stderr.write(`the app did not build (scripts/app-bundle.js):\n${err.message}\n`);
    process.exit(1);
  },
);

// The cdktf CLI prints its own summary when it runs this app (and sets CDKTF_OUTDIR).
function summary() {
  if (process.env.CDKTF_OUTDIR) return;
  const outdir = path.join(process.cwd(), 'cdktf.out');
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const lines = Object.values(manifest.stacks).map((stack) => {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, stack.synthesizedStackPath), 'utf8'));
    const count = Object.values(json.resource || {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
    return `  ${stack.name}: ${count} resources  (${path.relative(process.cwd(), path.join(outdir, stack.workingDirectory))})`;
  });
  process.stdout.write(`Synthesized ${lines.length} stack${lines.length === 1 ? '' : 's'} into ${path.relative(process.cwd(), outdir) || '.'}:\n${lines.join('\n')}\n`);
}
