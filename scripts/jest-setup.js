'use strict';
// Each test file synthesizes stacks; cdktf's per-token stack traces (see token-traces.js) were
// most of the unit suites' time.
require('./token-traces').install();
