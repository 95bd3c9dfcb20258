#!/usr/bin/env node
// npm run bench: wall time and peak memory of synthesizing every environment stack through the
// app command of cdktf.json, beside the same app compiled with root imports of the provider.
'use strict';
const { spawnSync, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { Command } = require('commander');

const program = new Command()
  .name('bench')
  .description('Synthesis benchmark: the app command (deep provider imports) against a root-import baseline.')
  .option('-r, --runs <n>', 'measured runs per variant (after one warm-up)', (v) => parseInt(v, 10), 5)
  .option('--json', 'print the results as JSON as well')
  .parse();
const { runs, json } = program.opts();
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs must be a whole number of at least 1 (got '${program.opts().runs}')`);
  process.exit(2);
}

const root = path.resolve(__dirname, '..');
const cdktfJson = JSON.parse(fs.readFileSync(path.join(root, 'cdktf.json'), 'utf8'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vmlops-bench-'));
const usageHook = path.join(__dirname, 'bench', 'usage.js');

function compileBaseline() {
  process.stderr.write('compiling the root-import baseline ... ');
  const t = Date.now();
  const out = path.join(root, 'node_modules', '.cache', 'bench-baseline');
  fs.rmSync(out, { recursive: true, force: true });
  execFileSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json', '--outDir', out, '--declaration', 'false'], { cwd: root, stdio: 'inherit' });
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

function runOnce(label, command, args) {
  const outdir = path.join(work, label.replace(/\W+/g, '-'));
  const usageFile = path.join(work, 'usage.json');
  fs.rmSync(outdir, { recursive: true, force: true });
  const env = { ...process.env, CDKTF_OUTDIR: outdir, VMLOPS_BACKEND: 'local', BENCH_USAGE_FILE: usageFile, NODE_OPTIONS: `--require ${usageHook}` };
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'], shell: false });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status}):\n${r.stderr}`);
  const stacks = fs.readdirSync(path.join(outdir, 'stacks'));
  if (stacks.length !== 3) throw new Error(`${label} synthesized ${stacks.length} stacks, expected 3`);
  return { seconds, rssMiB: JSON.parse(fs.readFileSync(usageFile, 'utf8')).maxRssKiB / 1024 };
}

function measure(label, command, args) {
  runOnce(label, command, args); // warm-up: compile cache, file cache
  const samples = [];
  for (let i = 0; i < runs; i++) {
    samples.push(runOnce(label, command, args));
    process.stderr.write(`\r${label}: run ${i + 1}/${runs}`);
  }
  process.stderr.write('\n');
  const secs = samples.map((s) => s.seconds).sort((a, b) => a - b);
  return {
    label,
    medianSeconds: secs[Math.floor(secs.length / 2)],
    minSeconds: secs[0],
    peakRssMiB: Math.max(...samples.map((s) => s.rssMiB)),
  };
}

const [appCmd, ...appArgs] = cdktfJson.app.split(/\s+/);
const baselineMain = compileBaseline();
const results = [
  measure(`app command (${cdktfJson.app}), deep imports`, appCmd === 'node' ? process.execPath : appCmd, appArgs),
  measure('baseline: compiled, root imports', process.execPath, [baselineMain]),
];
const [deep, base] = results;
const fmt = (r) => `${r.label.padEnd(58)} median ${r.medianSeconds.toFixed(2)} s  min ${r.minSeconds.toFixed(2)} s  peak ${r.peakRssMiB.toFixed(0)} MiB`;
console.log(`\nsynthesis of all 3 environment stacks, ${runs} runs each, ${os.cpus().length} cores, Node ${process.version}`);
results.forEach((r) => console.log(fmt(r)));
console.log(`speed-up over the baseline: ${(base.medianSeconds / deep.medianSeconds).toFixed(1)}x; memory: ${(base.peakRssMiB / deep.peakRssMiB).toFixed(1)}x less`);
console.log(`target: at most 1.0 s and 250 MiB, at least 5x faster: ${deep.medianSeconds <= 1 && deep.peakRssMiB <= 250 && base.medianSeconds / deep.medianSeconds >= 5 ? 'met' : 'NOT met'}`);
if (json) console.log(JSON.stringify(results));
fs.rmSync(work, { recursive: true, force: true });
