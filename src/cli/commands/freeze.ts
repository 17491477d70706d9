import type { Command } from 'commander';
import { write, type CliIo } from '../cli-io.js';

/** The kill switch from a terminal: `airlock freeze` / `airlock unfreeze`, through the gateway (admin token). */
export function registerFreeze(program: Command, io: CliIo): void {
  const client = async () => (await import('../../gateway-client/gateway-client.js')).gatewayClientFromEnv(io.env, 'the kill switch');

  program
    .command('freeze')
    .description('kill switch: deny every non-read change (of one agent, in one environment, or all) at once, until unfrozen')
    .option('--agent <name>', 'only this agent (default: every agent)')
    .option('--env <name>', 'only this environment (default: every environment)')
    .requiredOption('--reason <text>', 'why: shown to the agents and on the dashboard')
    .option('--json', 'as JSON')
    .action(async (options: { agent?: string; env?: string; reason: string; json?: boolean }) => {
      const freeze = await (await client()).freeze({ agent: options.agent, environment: options.env, reason: options.reason });
      if (options.json) return write(io.stdout, JSON.stringify(freeze, null, 2));
      for (const warning of freeze.warnings ?? []) write(io.stderr, `airlock: warning: ${warning}`);
      write(io.stdout, `frozen: ${freeze.agent ?? 'every agent'} in ${freeze.environment ?? 'every environment'} — ${freeze.reason}`);
    });

  program
    .command('unfreeze')
    .description('lift freezes: the one with exactly this scope, or all of them without --agent/--env')
    .option('--agent <name>', 'the freeze of this agent')
    .option('--env <name>', 'the freeze of this environment')
    .option('--reason <text>', 'why (recorded)')
    .option('--json', 'as JSON')
    .action(async (options: { agent?: string; env?: string; reason?: string; json?: boolean }) => {
      const { lifted } = await (await client()).unfreeze({ agent: options.agent, environment: options.env, reason: options.reason });
      if (options.json) return write(io.stdout, JSON.stringify(lifted, null, 2));
      write(io.stdout, lifted.length ? `lifted ${lifted.length} freeze${lifted.length === 1 ? '' : 's'}` : 'nothing was frozen with that scope');
      io.exitCode = lifted.length ? 0 : 1;
    });
}
