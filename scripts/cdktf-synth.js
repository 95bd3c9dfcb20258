#!/usr/bin/env node
// `npm run synth:cdktf`: the cdktf CLI's own `synth` of the same app (cdktf.json), for people who
// use the CLI. It writes what `npm run synth` writes; the CLI adds a check of the Terraform CLI's
// version, telemetry and its summary (README, Quick start).
//
// That version check runs `terraform version`, which prints a warning block (shown by the CLI as
// `[ERROR]`, several times) when TF_CLI_CONFIG_FILE names a file that does not exist: noise that
// reads as a failed synth. Synthesis reads no Terraform CLI configuration, so such a variable is
// left out of this run only; one that names a real file is passed on.
//
// The CLI also sends a telemetry checkpoint over the network, which fails loudly (`[ERROR]
// getaddrinfo ...`) on a machine without that access. It is off here unless the caller set
// CHECKPOINT_DISABLE themselves (e.g. CHECKPOINT_DISABLE= to send it).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const env = { ...process.env };
if (env.TF_CLI_CONFIG_FILE && !fs.existsSync(env.TF_CLI_CONFIG_FILE)) delete env.TF_CLI_CONFIG_FILE;
if (!('CHECKPOINT_DISABLE' in env)) env.CHECKPOINT_DISABLE = '1';
const cli = path.join(__dirname, '..', 'node_modules', '.bin', 'cdktf');
const run = spawnSync(cli, ['synth', ...process.argv.slice(2)], { stdio: 'inherit', env });
if (run.error) {
  process.stderr.write(`could not start the cdktf CLI (${cli}): ${run.error.message}; run npm ci first\n`);
  process.exit(1);
}
process.exit(run.status ?? 1);
