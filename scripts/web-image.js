#!/usr/bin/env node
// Stages the web service's image build context (assets/web/Dockerfile reads it):
//
//   node scripts/web-image.js OUT_DIR
//
// OUT_DIR/app/dist/main.js  the service and every package it loads, bundled by esbuild into one
//                           file, so the image needs no npm install (nothing is fetched in the
//                           build but the base image) and starts without resolving node_modules
// OUT_DIR/app/public/       the page's files (page.ts reads them next to dist/)
// OUT_DIR/app/schema/       the data contract the instance schema is generated from
// OUT_DIR/Dockerfile, OUT_DIR/cloudbuild.yaml
//
// scripts/container-build.sh calls this for the `web` image and submits OUT_DIR to Cloud Build.
// The same sources give the same bytes; the image's tag hashes those sources (src/container-images.ts).
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const WEB = path.join(ROOT, 'assets', 'web');
const SCHEMA = path.join(ROOT, 'assets', 'dags', 'mlops_ingest', 'iris.schema.json');

function stageWebImage(outDir) {
  const esbuild = require('esbuild');
  const out = path.resolve(outDir);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(path.join(out, 'app', 'schema'), { recursive: true });
  const result = esbuild.buildSync({
    absWorkingDir: ROOT,
    entryPoints: [path.join(WEB, 'src', 'main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    outfile: path.join(out, 'app', 'dist', 'main.js'),
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  });
  if (result.errors.length > 0) throw new Error(`web-image: esbuild failed: ${result.errors.map((e) => e.text).join('; ')}`);
  fs.cpSync(path.join(WEB, 'public'), path.join(out, 'app', 'public'), { recursive: true });
  fs.copyFileSync(SCHEMA, path.join(out, 'app', 'schema', 'iris.schema.json'));
  for (const f of ['Dockerfile', 'cloudbuild.yaml']) fs.copyFileSync(path.join(WEB, f), path.join(out, f));
  return out;
}

module.exports = { stageWebImage };

if (require.main === module) {
  if (process.argv.length !== 3) {
    process.stderr.write('usage: node scripts/web-image.js OUT_DIR\n');
    process.exit(2);
  }
  process.stdout.write(`${stageWebImage(process.argv[2])}\n`);
}
