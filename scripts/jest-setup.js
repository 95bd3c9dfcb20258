'use strict';
// Each test file synthesizes stacks; cdktf's per-token stack traces (see token-traces.js) were
// most of the unit suites' time.
require('./token-traces').install();

// No test runs on Google Cloud. When no credentials are found, google-auth-library asks
// whether it runs on Compute Engine by calling the metadata server's address and waits for
// that to time out; `none` (gcp-metadata's own setting) answers "not on GCE" at once. The
// CLI children the tests start inherit it.
process.env.METADATA_SERVER_DETECTION = 'none';
