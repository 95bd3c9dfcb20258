#!/usr/bin/env node
// The app command of cdktf.json. TypeScript is transpiled in memory without type-checking
// (the tests run `tsc --noEmit`), which keeps a synth of every stack well under a second.
require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
require('../src/main.ts').main();
