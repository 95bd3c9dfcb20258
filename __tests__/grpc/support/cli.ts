/**
 * Runs a TypeScript CLI in a child Node process, as a user would. Asynchronous on purpose:
 * the loopback servers live on this process's event loop and must keep answering.
 *
 * The child loads the TypeScript through scripts/ts-loader.js (esbuild, transpiled files cached
 * by content, Node's compile cache on), as the README's commands do: ts-node, which only strips
 * types too, spends about 0.4 s more per start loading the TypeScript compiler, over some thirty
 * children a run.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const TS_LOADER = path.join(REPO_ROOT, 'scripts', 'ts-loader.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runTsCli(script: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', TS_LOADER, script, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, METADATA_SERVER_DETECTION: 'none', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
