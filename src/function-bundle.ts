import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** What `bundleFunction` staged. */
export interface BundledFunction {
  /** A folder named like the source folder, holding `index.js`, `package.json` and the lockfile. */
  readonly directory: string;
  /** The source files the bundle was built from, relative to the source folder (posix). */
  readonly inputs: readonly string[];
}

/**
 * Stages a TypeScript Cloud Function for upload. Its entry module is bundled with esbuild into
 * one `index.js`, with the code it shares with the command-line clients
 * (packages/vertex-client) inside; npm dependencies stay out of the bundle and Cloud Build
 * installs them from the package.json and lockfile, as for any Node.js function. The staged
 * package.json names `index.js` as `main` and has no build script, so nothing compiles in the
 * cloud. The folder is content-addressed: the same sources stage to the same bytes.
 */
export function bundleFunction(sourceDirectory: string, who: string, entry = 'src/index.ts'): BundledFunction {
  const dir = path.resolve(sourceDirectory);
  const pkgFile = path.join(dir, 'package.json');
  if (!fs.existsSync(pkgFile)) throw new Error(`${who}: sourceDirectory '${sourceDirectory}' has no package.json; point it at the function's folder`);
  if (!fs.existsSync(path.join(dir, entry))) throw new Error(`${who}: sourceDirectory '${sourceDirectory}' has no ${entry}, the function's entry module`);
  // A warm synth skips esbuild (~0.1 s to load and bundle): the last bundle of this entry is
  // reused while every file it was built from, and the package files, are byte for byte the same.
  const cache = path.join(os.tmpdir(), 'vertex-mlops-cdktf-functions');
  const manifestFile = path.join(cache, 'manifests', `${crypto.createHash('sha256').update(dir).update('\0').update(entry).digest('hex').slice(0, 16)}.json`);
  const inputsDigest = (inputs: readonly string[]): string | undefined => {
    const h = crypto.createHash('sha256');
    for (const rel of [...inputs, 'package.json', 'package-lock.json']) {
      const file = path.join(dir, rel);
      if (!fs.existsSync(file)) {
        if (rel === 'package-lock.json') continue;
        return undefined;
      }
      h.update(rel).update('\0').update(fs.readFileSync(file)).update('\0');
    }
    return h.digest('hex');
  };
  try {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { inputs: string[]; digest: string; directory: string };
    if (fs.existsSync(manifest.directory) && inputsDigest(manifest.inputs) === manifest.digest) {
      return { directory: manifest.directory, inputs: manifest.inputs };
    }
  } catch {
    // No usable manifest: bundle.
  }

  let esbuild: typeof import('esbuild');
  try {
    esbuild = require('esbuild') as typeof import('esbuild');
  } catch {
    throw new Error(`${who}: the function is bundled at synth with esbuild, which is not installed; run npm install (esbuild is a dependency of vertex-mlops-cdktf)`);
  }
  const result = esbuild.buildSync({
    absWorkingDir: dir,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    packages: 'external',
    write: false,
    outfile: 'index.js',
    legalComments: 'none',
    charset: 'utf8',
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { main?: string; scripts?: Record<string, string> };
  pkg.main = 'index.js';
  if (pkg.scripts) {
    delete pkg.scripts.build;
    delete pkg.scripts['gcp-build'];
  }
  const files: Record<string, Buffer> = {
    'index.js': Buffer.from(code),
    'package.json': Buffer.from(`${JSON.stringify(pkg, null, 2)}\n`),
  };
  const lock = path.join(dir, 'package-lock.json');
  if (fs.existsSync(lock)) files['package-lock.json'] = fs.readFileSync(lock);

  const hash = crypto.createHash('sha256');
  for (const [name, bytes] of Object.entries(files)) hash.update(name).update('\0').update(bytes).update('\0');
  const staged = path.join(cache, hash.digest('hex').slice(0, 16), path.basename(dir));
  if (!fs.existsSync(staged)) {
    // Staged beside and renamed into place, so parallel synths never see half a folder.
    const tmp = `${staged}.${process.pid}.tmp`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(tmp, name), bytes);
    try {
      fs.renameSync(tmp, staged);
    } catch {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  const inputs = Object.keys(result.metafile.inputs).map((p) => p.split(path.sep).join('/')).sort();
  const digest = inputsDigest(inputs);
  if (digest) {
    fs.mkdirSync(path.dirname(manifestFile), { recursive: true });
    const tmp = `${manifestFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ inputs, digest, directory: staged }));
    fs.renameSync(tmp, manifestFile);
  }
  return { directory: staged, inputs };
}
