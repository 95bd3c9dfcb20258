'use strict';
// Removes the temporary output folders a test file made when its tests end: one per app that
// cdktf's `Testing.app()` and `Testing.fullSynth()` make (`cdktf.outdir.*`, some two hundred a
// run), the guardrail tests' own (`vmlops-guard-*`) and the pipeline test's synth
// (`vmlops-pipelines-*`). Nothing else removed them, so each run left them in the system's
// temporary folder.
//
// Node's core modules are shared by every test file a worker runs, and a worker runs its files
// one at a time: `fs.mkdtempSync` is wrapped once per worker, and each file's `afterAll` removes
// what was made since the last one.
const fs = require('fs');
const os = require('os');
const path = require('path');

const PREFIXES = ['cdktf.outdir.', 'vmlops-guard-', 'vmlops-pipelines-'];
const KEY = Symbol.for('vertex-mlops-cdktf.tmp-dirs');

if (!fs.mkdtempSync[KEY]) {
  const made = [];
  const original = fs.mkdtempSync;
  const wrapped = function mkdtempSync(prefix, options) {
    const dir = original.call(this, prefix, options);
    if (typeof dir === 'string' && path.dirname(dir) === os.tmpdir() && PREFIXES.some((p) => path.basename(dir).startsWith(p))) made.push(dir);
    return dir;
  };
  wrapped[KEY] = made;
  fs.mkdtempSync = wrapped;
}

afterAll(() => {
  for (const dir of fs.mkdtempSync[KEY].splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
