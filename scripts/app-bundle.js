'use strict';
// The app as one file: esbuild bundles src/main.ts with what it imports (cdktf, the provider
// bindings, zod, packages/) into node_modules/.cache/vertex-mlops-cdktf/app/, once per content of
// its sources. Loading some 680 modules one by one (resolving, reading and compiling each) was
// about 200 ms of the app's 0.55 s; the bundle loads in about 95 ms (`node scripts/synth.js`,
// 0.55 s and 196 MiB against 0.42 s and 146 MiB on an idle machine; the same cdktf.out, which
// `npm run bench` and a test check).
//
// The key is the content of every file under src/ and packages/, tsconfig.json, the lockfile and
// what npm last installed (node_modules/.package-lock.json), this file and token-traces.js, with
// esbuild's version and the checkout's folder: an edit, a new file, an install of another lock or
// another clone builds again (about 0.7 s, then the run). A hand edit inside node_modules is not
// in the key: delete the bundle folder after one. The bundles used last are kept, a few of them;
// VMLOPS_APP_BUNDLE_DIR puts them elsewhere (the tests' throwaway checkouts do).
//
// cdktf's token creation traces (scripts/token-traces.js) are turned off in the bundle as they
// are in the loose modules: the bundled copy of that module gets token-traces.js's REPLACEMENT,
// still undone by VMLOPS_TOKEN_TRACES=1 at run time. A project module that reads __dirname (only
// src/assets.ts, which finds the package's assets/ from its own folder) gets its own folder.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const Module = require('module');
const { MODULE: TRACES_MODULE, REPLACEMENT } = require('./token-traces');

const root = path.resolve(__dirname, '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'vertex-mlops-cdktf');
const KEEP = 4;

/** Where the bundles are kept. */
function bundleDir() {
  return process.env.VMLOPS_APP_BUNDLE_DIR ? path.resolve(process.env.VMLOPS_APP_BUNDLE_DIR) : path.join(cacheDir, 'app');
}

/** Every file the bundle is made from, relative to `dir`, sorted. */
function sourceFiles(dir) {
  const files = ['node_modules/.package-lock.json', 'package-lock.json', 'tsconfig.json', 'scripts/app-bundle.js', 'scripts/token-traces.js'];
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
  hash.update(esbuildModule('/package.json').version).update('\0');
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

/** The bundle file of this checkout as its sources are now. */
function bundleFile() {
  return path.join(bundleDir(), `app-${bundleKey()}.js`);
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
      return { contents: `${source}\n${REPLACEMENT}\n`, loader: 'js' };
    });
  },
};

/**
 * esbuild plugin: a project module that reads __dirname gets its own source folder, as it would
 * loose (one line, prepended on the module's first line so the source map's lines still match).
 */
const ownDirname = {
  name: 'own-dirname',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.split(path.sep).includes('node_modules')) return undefined;
      const source = fs.readFileSync(args.path, 'utf8');
      if (!/\b__dirname\b/.test(source)) return undefined;
      return { contents: `const __dirname = ${JSON.stringify(path.dirname(args.path))}; ${source}`, loader: 'ts' };
    });
  },
};

/**
 * esbuild plugin: the function and container constructs call esbuild at synth; the bundle loads
 * it from this checkout by its full path, wherever the bundle is kept (VMLOPS_APP_BUNDLE_DIR).
 */
const esbuildFromCheckout = {
  name: 'esbuild-from-checkout',
  setup(build) {
    build.onResolve({ filter: /^esbuild$/ }, () => ({ path: require.resolve('esbuild', { paths: [root] }), external: true }));
  },
};

/** The app cannot be built: a source that does not compile (esbuild's report), or no esbuild. */
class AppBuildError extends Error {}

/** esbuild from this checkout, or an AppBuildError that says how to get it. */
function esbuildModule(sub = '') {
  try {
    return require(`esbuild${sub}`);
  } catch (err) {
    if (err?.code !== 'MODULE_NOT_FOUND') throw err;
    throw new AppBuildError('esbuild is not installed in this checkout: run `npm ci` first');
  }
}

/** The build options of the bundle of this checkout, written to `outfile`. */
function buildOptions(outfile) {
  return {
    absWorkingDir: root,
    entryPoints: [path.join(root, 'src', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    outfile,
    // For a developer's stack trace with --enable-source-maps; Node reads it only then.
    sourcemap: true,
    plugins: [esbuildFromCheckout, tokenTraces, ownDirname],
    // The caller reports a failed build, once.
    logLevel: 'silent',
  };
}

async function build(outfile) {
  const esbuild = esbuildModule();
  const tmp = `${outfile}.${process.pid}.tmp.js`;
  try {
    await esbuild.build(buildOptions(tmp));
  } catch (err) {
    if (!Array.isArray(err?.errors)) throw err;
    const report = await esbuild.formatMessages(err.errors, { kind: 'error', color: false });
    throw new AppBuildError(report.join('').trimEnd() || err.message);
  }
  fs.renameSync(`${tmp}.map`, `${outfile}.map`);
  // The source map comment names the temporary file; point it at the final one.
  const code = fs.readFileSync(tmp, 'utf8').replace(/\/\/# sourceMappingURL=\S+\s*$/, `//# sourceMappingURL=${path.basename(outfile)}.map\n`);
  fs.writeFileSync(tmp, code);
  fs.renameSync(tmp, outfile);
  prune(path.dirname(outfile));
}

/** Keeps the KEEP bundles used last; drops what a killed build left behind. */
function prune(dir) {
  const now = Date.now();
  const bundles = [];
  for (const f of fs.readdirSync(dir)) {
    const stat = fs.statSync(path.join(dir, f), { throwIfNoEntry: false });
    if (!stat) continue; // another process pruned it meanwhile
    if (/\.tmp\.js(\.map)?$/.test(f) && now - stat.mtimeMs > 60_000) fs.rmSync(path.join(dir, f), { force: true });
    if (/^app-[0-9a-f]+\.js$/.test(f)) bundles.push({ f, t: stat.mtimeMs });
  }
  bundles.sort((a, b) => b.t - a.t);
  for (const { f } of bundles.slice(KEEP)) {
    fs.rmSync(path.join(dir, f), { force: true });
    fs.rmSync(path.join(dir, `${f}.map`), { force: true });
  }
}

/** The app's main module (src/main.ts), from its bundle; built first when the sources changed. */
async function loadApp() {
  if (Module.enableCompileCache) Module.enableCompileCache(path.join(cacheDir, 'node-compile-cache'));
  const file = bundleFile();
  for (let attempt = 0; ; attempt++) {
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await build(file);
    }
    try {
      // Used now: the newest few by this time are the ones kept.
      const now = new Date();
      fs.utimesSync(file, now, now);
      return require(file);
    } catch (err) {
      // pruned by another process between the check and the load: build it again, once
      if (fs.existsSync(file) || attempt > 0) throw err;
    }
  }
}

module.exports = { AppBuildError, buildOptions, bundleDir, bundleFile, bundleKey, loadApp, sourceFiles, tokenTraces };
