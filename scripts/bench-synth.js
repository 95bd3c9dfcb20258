#!/usr/bin/env node
// npm run bench: what synthesis costs, side by side in one run, each variant writing every
// environment stack of the embedded default config:
//   - the main command as the README writes it (`npm run synth`);
//   - the app alone (cdktf.json's `app`, `node scripts/synth.js`);
//   - the path the cdktf TypeScript template takes by default (`npx ts-node src/main.ts`,
//     type-checking on) on this same app;
//   - the same app compiled with root imports of the provider (`@cdktf/provider-google`).
// Then the app's cost as the number of stacks grows (3, 10, 30), and the cost per stack.
'use strict';
const { spawnSync, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { Command } = require('commander');

const program = new Command()
  .name('bench')
  .description('Synthesis benchmark: main command, app, cdktf template path, root-import baseline, and scaling with stacks.')
  .option('-r, --runs <n>', 'measured runs per variant (after one warm-up)', (v) => parseInt(v, 10), 5)
  .option('--template-runs <n>', 'measured runs of the slow ts-node template path', (v) => parseInt(v, 10), 3)
  .option('--stacks <list>', 'stack counts for the scaling table', '3,10,30')
  .option('--json', 'print the results as JSON as well')
  .parse();
const opts = program.opts();
for (const [name, value] of [['--runs', opts.runs], ['--template-runs', opts.templateRuns]]) {
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} must be a whole number of at least 1 (got '${value}')`);
    process.exit(2);
  }
}
const stackCounts = String(opts.stacks).split(',').map((v) => Number(v.trim()));
if (stackCounts.some((n) => !Number.isInteger(n) || n < 1)) {
  console.error(`--stacks must be a comma-separated list of whole numbers (got '${opts.stacks}'), e.g. 3,10,30`);
  process.exit(2);
}

const root = path.resolve(__dirname, '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vmlops-bench-'));
const usageHook = path.join(__dirname, 'bench', 'usage.js');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
// npm scripts get Node 22 from the `node` package; give every variant the same PATH.
const PATH = `${path.join(root, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`;

function compileBaseline() {
  process.stderr.write('compiling the root-import baseline ... ');
  const t = Date.now();
  const out = path.join(root, 'node_modules', '.cache', 'bench-baseline');
  fs.rmSync(out, { recursive: true, force: true });
  execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', out, '--declaration', 'false'], { cwd: root, stdio: 'inherit' });
  // Same code, but every `require("@cdktf/provider-google/lib/<name>")` goes through the package root.
  const camel = (s) => s.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
  const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  let rewritten = 0;
  for (const file of walk(out).filter((f) => f.endsWith('.js'))) {
    const src = fs.readFileSync(file, 'utf8');
    const next = src.replace(/require\("@cdktf\/provider-google\/lib\/([a-z0-9-]+)"\)/g, (_, name) => {
      rewritten++;
      return `require("@cdktf/provider-google").${camel(name)}`;
    });
    fs.writeFileSync(file, next);
  }
  process.stderr.write(`${rewritten} imports rewritten in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  return path.join(out, 'src', 'main.js');
}

function runOnce(variant, expectedStacks) {
  const outdir = path.join(work, variant.label.replace(/\W+/g, '-'));
  const usageFile = path.join(work, 'usage.json');
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.rmSync(usageFile, { force: true });
  const env = {
    ...process.env,
    PATH,
    CDKTF_OUTDIR: outdir,
    VMLOPS_BACKEND: 'local',
    BENCH_USAGE_FILE: usageFile,
    BENCH_STACKS: String(expectedStacks),
    NODE_OPTIONS: `--require ${usageHook}`,
    ...variant.env,
  };
  const t0 = process.hrtime.bigint();
  const r = spawnSync(variant.command, variant.args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${variant.label} failed (exit ${r.status}):\n${r.stderr}`);
  const stacks = fs.readdirSync(path.join(outdir, 'stacks'));
  if (stacks.length !== expectedStacks) throw new Error(`${variant.label} synthesized ${stacks.length} stacks, expected ${expectedStacks}`);
  if (/\[ERROR\]|\bError\b/.test(`${r.stdout}${r.stderr}`)) throw new Error(`${variant.label} printed something error-looking on a healthy run:\n${r.stdout}${r.stderr}`);
  // npm's own process tree: the usage hook reports the largest process (the app), as it exits last.
  const rssMiB = fs.existsSync(usageFile) ? JSON.parse(fs.readFileSync(usageFile, 'utf8')).maxRssKiB / 1024 : NaN;
  return { seconds, rssMiB, outdir };
}

// The embedded default config: three environment stacks and mlops-cicd.
function measure(variant, runs, expectedStacks = 4) {
  runOnce(variant, expectedStacks); // warm-up: compile cache, file cache
  const samples = [];
  for (let i = 0; i < runs; i++) {
    samples.push(runOnce(variant, expectedStacks));
    process.stderr.write(`\r${variant.label}: run ${i + 1}/${runs}   `);
  }
  process.stderr.write('\n');
  const secs = samples.map((s) => s.seconds).sort((a, b) => a - b);
  return {
    label: variant.label,
    medianSeconds: secs[Math.floor(secs.length / 2)],
    minSeconds: secs[0],
    peakRssMiB: Math.max(...samples.map((s) => s.rssMiB)),
    outdir: samples[samples.length - 1].outdir,
  };
}

/** Every file of a cdktf.out, relative path to content, without the manifest's absolute paths. */
function tree(dir) {
  const files = {};
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return files;
}
function sameOutput(a, b) {
  const ta = tree(a);
  const tb = tree(b);
  const names = new Set([...Object.keys(ta), ...Object.keys(tb)]);
  return [...names].filter((n) => ta[n] !== tb[n]);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const mainCommand = { label: 'main command: npm run synth', command: npm, args: ['run', '--silent', 'synth'] };
const app = { label: 'app alone: node scripts/synth.js', command: process.execPath, args: [path.join(root, 'scripts', 'synth.js')] };
const template = {
  label: 'cdktf template default: npx ts-node src/main.ts',
  command: 'npx',
  args: ['ts-node', path.join('src', 'main.ts')],
  env: { VMLOPS_TOKEN_TRACES: '1' },
};
const baselineMain = compileBaseline();
const baseline = { label: 'baseline: compiled, root imports', command: process.execPath, args: [baselineMain], env: { VMLOPS_TOKEN_TRACES: '1' } };

const results = [measure(mainCommand, opts.runs), measure(app, opts.runs), measure(template, opts.templateRuns), measure(baseline, opts.runs)];
const differing = sameOutput(results[0].outdir, results[2].outdir);
if (differing.length) throw new Error(`the main command and the cdktf template path wrote different output: ${differing.join(', ')}`);

const scalingApp = { label: 'app, N stacks', command: process.execPath, args: [path.join(__dirname, 'bench', 'many-stacks.js')] };
const scaling = stackCounts.map((n) => ({ stacks: n, ...measure({ ...scalingApp, label: `app, ${n} stacks` }, opts.runs, n) }));

const [mainR, appR, templateR, baseR] = results;
const fmt = (r) => `${r.label.padEnd(50)} median ${r.medianSeconds.toFixed(2)} s  min ${r.minSeconds.toFixed(2)} s  peak ${r.peakRssMiB.toFixed(0)} MiB`;
console.log(`\nsynthesis of every stack (3 environments and mlops-cicd), ${opts.runs} runs each (template path ${opts.templateRuns}), ${os.cpus().length} cores, Node ${process.version}`);
results.forEach((r) => console.log(fmt(r)));
console.log('output of the main command and the template path: identical');
console.log(`app vs the cdktf template path: ${(templateR.medianSeconds / appR.medianSeconds).toFixed(1)}x faster (target 10x)`);
console.log(`app vs the root-import baseline: ${(baseR.medianSeconds / appR.medianSeconds).toFixed(1)}x faster, ${(baseR.peakRssMiB / appR.peakRssMiB).toFixed(1)}x less memory`);
console.log(`main command target (at most 1.5 s and 250 MiB): ${mainR.medianSeconds <= 1.5 && mainR.peakRssMiB <= 250 ? 'met' : 'NOT met'}`);
console.log('\nstacks  median     per stack (over the fewest)');
for (const s of scaling) {
  const first = scaling[0];
  const per = s.stacks === first.stacks ? '' : `${(((s.medianSeconds - first.medianSeconds) / (s.stacks - first.stacks)) * 1000).toFixed(0)} ms`;
  console.log(`${String(s.stacks).padStart(6)}  ${s.medianSeconds.toFixed(2).padStart(6)} s  ${per}`);
}
if (opts.json) console.log(JSON.stringify({ results, scaling }));
fs.rmSync(work, { recursive: true, force: true });
