import { Option, type Command } from 'commander';
import { AUTONOMY_LEVELS, type AutonomyLevel } from '../model/vocabulary.js';
import type { CliIo } from './cli-io.js';

/** Options every command that judges a change takes (check, hook, test). */
export interface ChangeOptions {
  env?: string;
  agent?: string;
  autonomy?: AutonomyLevel;
  config?: string;
}

const CONFIG_HELP = {
  discover: 'airlock.yaml to use (also AIRLOCK_CONFIG; default: found in this directory or a parent, else AIRLOCK_HOME/airlock.yaml)',
  hook: "airlock.yaml to use (also AIRLOCK_CONFIG; default: AIRLOCK_HOME/airlock.yaml — never one from the agent's working tree)",
};

export function addChangeOptions(command: Command, config: keyof typeof CONFIG_HELP = 'discover'): Command {
  return command
    .option('--env <name>', 'the environment this change targets (overrides detection; also AIRLOCK_ENV)')
    .option('--agent <name>', 'the agent proposing the change (also AIRLOCK_AGENT)')
    .addOption(new Option('--autonomy <level>', 'override the autonomy level for this check').choices(AUTONOMY_LEVELS))
    .option('--config <path>', CONFIG_HELP[config]);
}

/** Flags win over AIRLOCK_ENV / AIRLOCK_AGENT. */
export function resolveChangeOptions(options: ChangeOptions, io: CliIo, defaultAgent: string) {
  return {
    environment: options.env ?? (io.env['AIRLOCK_ENV'] || undefined),
    agent: options.agent ?? (io.env['AIRLOCK_AGENT'] || defaultAgent),
    autonomy: options.autonomy,
    configPath: options.config,
  };
}

export function parsePositiveInt(name: string) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number <= 0) throw new Error(`${name} must be a positive whole number, got "${value}"`);
    return number;
  };
}
