// The app with BENCH_STACKS stacks (the embedded environments repeated, each copy its own
// project): how synthesis grows with the number of environments. It loads the TypeScript
// modules one by one (ts-loader.js), not the app's bundle (app-bundle.js): what it measures is
// the cost per stack, which is the same either way.
'use strict';
const path = require('path');
const { root } = require('../ts-loader');
require('../token-traces').install();
const { App } = require('cdktf');
const { loadConfigs } = require(path.join(root, 'src', 'config', 'load.ts'));
const { MlopsPlatformStack } = require(path.join(root, 'src', 'stacks', 'mlops-platform-stack.ts'));

const count = Number(process.env.BENCH_STACKS || 3);
const configs = loadConfigs({ env: {} });
const app = new App();
for (let i = 0; i < count; i++) {
  const base = configs[i % configs.length];
  const config = i < configs.length ? base : { ...base, projectId: `${base.projectId.slice(0, 24)}-${i}` };
  new MlopsPlatformStack(app, `mlops-${base.environment}${i < configs.length ? '' : `-${i}`}`, { config, backend: 'local' });
}
app.synth();
