import { readFileSync } from 'node:fs';
import { CommanderError, Command } from 'commander';
import { toAirlockError } from '../errors/index.js';
import { write, type CliIo } from './cli-io.js';
import { registerAudit } from './commands/audit.js';
import { registerCheck } from './commands/check.js';
import { registerHook } from './commands/hook.js';
import { registerInventory } from './commands/inventory.js';
import { registerPolicy } from './commands/policy.js';
import { registerApprovals } from './commands/approvals.js';
import { registerDemo } from './commands/demo.js';
import { registerFreeze } from './commands/freeze.js';
import { registerMcp } from './commands/mcp.js';
import { registerServe } from './commands/serve.js';
import { registerToken } from './commands/token.js';
import { registerTest } from './commands/test.js';
import { EXIT_USAGE } from './exit-codes.js';

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * Runs the `airlock` command line and resolves with the exit code. Every error ends here as a
 * message on stderr and exit 1 — except under `airlock hook`, where an agent would run the tool on
 * exit 1, so even a usage error answers exit 2 with the reason.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const isHook = argv[2] === 'hook';
  const version = packageVersion();
  const program = new Command()
    .name('airlock')
    .description('Change-control gateway for AI agents: what would this change destroy, how far does it reach, may the agent do it alone?')
    .version(version)
    .showHelpAfterError(!isHook)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  registerCheck(program, io);
  registerHook(program, io);
  registerPolicy(program, io);
  registerAudit(program, io);
  registerTest(program, io);
  registerServe(program, io, version);
  registerApprovals(program, io);
  registerFreeze(program, io);
  registerToken(program, io);
  registerDemo(program, io);
  registerMcp(program, io);
  registerInventory(program, io);

  try {
    await program.parseAsync([...argv]);
    return io.exitCode;
  } catch (thrown) {
    if (thrown instanceof CommanderError) {
      if (thrown.code === 'commander.helpDisplayed' || thrown.code === 'commander.version' || thrown.code === 'commander.help') return 0;
      if (isHook) {
        write(io.stderr, `Airlock blocked this tool call: the hook is misconfigured (${thrown.message.replace(/^error: /, '')}). Check the hook command in the agent's settings.`);
        return 2;
      }
      // `airlock check sql '-- note …'`: the shell hands commander a word that looks like an option.
      if (thrown.code === 'commander.unknownOption' && argv[2] === 'check' && argv[3] === 'sql') {
        write(io.stderr, '  hint: SQL that begins with -- (a comment) reads as an option here; pass it with --file - on stdin, or from a file');
      }
      return EXIT_USAGE;
    }
    const error = toAirlockError(thrown);
    write(io.stderr, `airlock: ${error.describe()}`);
    if (isHook) return 2;
    return EXIT_USAGE;
  }
}
