/**
 * Command-line plumbing shared by the clients. Kept apart from the core modules because
 * commander is ESM-only: Node 22 can `require` it, Jest's module loader cannot, and the tests
 * import the cores in-process.
 */
import { Command, CommanderError, Option } from 'commander';
import { CliError, EXIT } from './connection';

/** A command and the exit code its action sets. */
export interface CliProgram {
  readonly command: Command;
  exitCode: number;
}

export function newProgram(name: string, description: string): CliProgram {
  const command = new Command(name).description(description).showHelpAfterError('(run with --help for usage)');
  return { command, exitCode: EXIT.OK };
}

/** `--project`, `--region`, `--api-endpoint`, `--insecure` on a command. */
export function addConnectionOptions(command: Command): Command {
  return command
    .option('--project <id>', 'Google Cloud project id (default: from a full resource name, or GOOGLE_CLOUD_PROJECT)')
    .option(
      '--region <region>',
      'Vertex AI region, an EU region such as europe-west4 (default: from a full resource name, or GOOGLE_CLOUD_REGION)',
    )
    .addOption(
      new Option('--api-endpoint <host:port>', 'call this endpoint instead of <region>-aiplatform.googleapis.com').env(
        'VERTEX_API_ENDPOINT',
      ),
    )
    .option('--insecure', 'plaintext gRPC without credentials, for a loopback test server only (or VERTEX_API_INSECURE=true)');
}

export function positiveInt(flag: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) < 1) throw new CliError(`${flag} '${value}' is not a positive integer`);
    return Number(value);
  };
}

export function positiveNumber(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new CliError(`${flag} '${value}' is not a positive number`);
    return n;
  };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Parses and runs; maps CliError and commander's usage errors to exit codes. */
export async function runCli(cli: CliProgram, argv: readonly string[] = process.argv): Promise<number> {
  cli.command.exitOverride();
  try {
    await cli.command.parseAsync(argv as string[]);
    return cli.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.OK;
      return EXIT.USAGE; // commander has printed its message

    }
    if (err instanceof CliError) {
      process.stderr.write(`error: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`error: ${(err as Error).stack ?? String(err)}\n`);
    return EXIT.FAILED;
  }
}

/** Runs the CLI when its file is the entry point. */
export function runIfMain(module: NodeModule, build: () => CliProgram): void {
  if (require.main !== module) return;
  void runCli(build()).then((code) => {
    process.exitCode = code;
  });
}
