'use strict';
// The app as one file: esbuild bundles src/main.ts with what it imports (cdktf, the provider
// bindings, zod, packages/) into node_modules/.cache/vertex-mlops-cdktf/app/, once per content of
// its sources. Loading some 680 modules one by one (resolving, reading and compiling each) was
// about 200 ms of the app's 0.55 s; the bundle loads in about 95 ms (`node scripts/synth.js`,
// 0.55 s and 196 MiB against 0.45 s and 151 MiB; the same cdktf.out, which `npm run bench`
// checks on every run).
//
// The key is the content of every file under src/ and packages/, tsconfig.json, the lockfile,
// this file and token-traces.js, with esbuild's version and the checkout's folder: an edit, a new
// file, `npm ci` of another lock or another clone builds again (about 0.7 s, then the run).
// The newest few bundles are kept.
//
// cdktf's token creation traces (scripts/token-traces.js) are turned off in the bundle as they
// are in the loose modules: the bundled copy of that module gets the same replacement, still
// undone by VMLOPS_TOKEN_TRACES=1 at run time. src/assets.ts finds the package's assets/ from
// its own folder; the bundle keeps that folder (__dirname is src/ of this checkout).
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const Module = require('module');
const { MODULE: TRACES_MODULE } = require('./token-traces');

const root = path.resolve(__dirname, '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'vertex-mlops-cdktf');
const bundleDir = path.join(cacheDir, 'app');
const KEEP = 4;

/** Every file the bundle is made from, relative to `dir`, sorted. */
function sourceFiles(dir) {
  const files = ['package-lock.json', 'tsconfig.json', 'scripts/app-bundle.js', 'scripts/token-traces.js'];
  for (const top of ['src', 'packages']) {
    const base = path.join(dir, top);
    if (!fs.existsSync(base)) continue;
    for (const entry of fs.readdirSync(base, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const rel = path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name));
      if (!rel.split(path.sep).includes('node_modules')) files.push(rel.split(path.sep).join('/'));
    }
  }
  return files.sort();
}

/** The content key of the bundle of the checkout at `dir`. */
function bundleKey(dir = root) {
  const hash = crypto.createHash('sha256').update(path.resolve(dir)).update('\0');
  hash.update(require('esbuild/package.json').version).update('\0');
  for (const rel of sourceFiles(dir)) {
    let bytes;
    try {
      bytes = fs.readFileSync(path.join(dir, rel));
    } catch {
      continue; // a listed file that is gone: its absence is in the key
    }
    hash.update(rel).update('\0').update(String(bytes.length)).update('\0').update(bytes);
  }
  return hash.digest('hex').slice(0, 24);
}

/** esbuild plugin: the bundled cdktf stack-trace module gets token-traces.js's replacement. */
const tokenTraces = {
  name: 'token-traces',
  setup(build) {
    const file = new RegExp(`${TRACES_MODULE.split('/').join('[\\\\/]')}\\.js$`);
    build.onLoad({ filter: file }, (args) => {
      const source = fs.readFileSync(args.path, 'utf8');
      if (!/^exports\.captureStackTrace = captureStackTrace;$/m.test(source)) {
        throw new Error(
          `${TRACES_MODULE} no longer exports captureStackTrace: this cdktf version changed how it records token ` +
            'creation stacks; update scripts/token-traces.js and scripts/app-bundle.js',
        );
      }
      return {
        contents: `${source}\nif (process.env.VMLOPS_TOKEN_TRACES !== '1') exports.captureStackTrace = function noTrace() { return []; };\n`,
        loader: 'js',
      };
    });
  },
};

async function build(outfile) {
  const esbuild = require('esbuild');
  const tmp = `${outfile}.${process.pid}.tmp.js`;
  await esbuild.build({
    entryPoints: [path.join(root, 'src', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    outfile: tmp,
    // For a developer's stack trace with --enable-source-maps; Node reads it only then.
    sourcemap: true,
    // src/assets.ts looks for assets/ above its own folder.
    define: { __dirname: JSON.stringify(path.join(root, 'src')) },
    // esbuild is what the function and container constructs call at synth; it finds its own binary.
    external: ['esbuild'],
    plugins: [tokenTraces],
    logLevel: 'error',
  });
  fs.renameSync(`${tmp}.map`, `${outfile}.map`);
  // The source map comment names the temporary file; point it at the final one.
  const code = fs.readFileSync(tmp, 'utf8').replace(/\/\/# sourceMappingURL=\S+\s*$/, `//# sourceMappingURL=${path.basename(outfile)}.map\n`);
  fs.writeFileSync(tmp, code);
  fs.renameSync(tmp, outfile);
  const bundles = fs.readdirSync(bundleDir).filter((f) => /^app-[0-9a-f]+\.js$/.test(f))
    .map((f) => ({ f, t: fs.statSync(path.join(bundleDir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
  for (const { f } of bundles.slice(KEEP)) {
    fs.rmSync(path.join(bundleDir, f), { force: true });
    fs.rmSync(path.join(bundleDir, `${f}.map`), { force: true });
  }
}

/** The app's main module (src/main.ts), from its bundle; built first when the sources changed. */
async function loadApp() {
  if (Module.enableCompileCache) Module.enableCompileCache(path.join(cacheDir, 'node-compile-cache'));
  const file = path.join(bundleDir, `app-${bundleKey()}.js`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(bundleDir, { recursive: true });
    await build(file);
  }
  return require(file);
}

module.exports = { bundleKey, loadApp, sourceFiles };
