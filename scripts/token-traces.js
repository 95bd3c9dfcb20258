'use strict';
// cdktf records a full stack trace (Error.stackTraceLimit = Infinity) for every token it
// creates, about 3,200 per synth of the three stacks, only to print where a token was made if
// it later fails to resolve. That is a fifth of a synth and most of the unit suites' time.
// The tests (loose modules, install() below) and the app's bundle (scripts/app-bundle.js, which
// appends REPLACEMENT to the bundled copy of the module) turn it off from here, without editing
// node_modules: cdktf calls `stack_trace_1.captureStackTrace()` through the module's exports
// object, so replacing that export reaches every caller. The output is byte for byte the same (the bench
// and a test check it). What it costs: a token that fails to resolve no longer lists its
// "Object creation stack"; set VMLOPS_TOKEN_TRACES=1 to get it back while debugging.
const MODULE = 'cdktf/lib/tokens/private/stack-trace';

function install() {
  if (process.env.VMLOPS_TOKEN_TRACES === '1') return false;
  const traces = require(MODULE);
  if (typeof traces.captureStackTrace !== 'function') {
    throw new Error(
      `${MODULE} no longer exports captureStackTrace: this cdktf version changed how it records token ` +
        'creation stacks; update scripts/token-traces.js (or run with VMLOPS_TOKEN_TRACES=1 meanwhile)',
    );
  }
  traces.captureStackTrace = function noTrace() {
    return [];
  };
  return true;
}

/** The same replacement as source, appended to the module where it is bundled. */
const REPLACEMENT = "if (process.env.VMLOPS_TOKEN_TRACES !== '1') exports.captureStackTrace = function noTrace() { return []; };";

module.exports = { install, MODULE, REPLACEMENT };
