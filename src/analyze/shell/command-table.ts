import type { CommandHandler } from './command-context.js';
import { awsCommands } from './commands/aws.js';
import { builtinCommands } from './commands/builtins.js';
import { cloudCommands } from './commands/cloud.js';
import { containerCommands } from './commands/containers.js';
import { fileCommands, MKFS_VARIANT, mkfsHandler } from './commands/files.js';
import { findCommands } from './commands/find.js';
import { gitCommands } from './commands/git.js';
import { helmCommands } from './commands/helm.js';
import { interpreterCommands, PYTHON_VARIANT, pythonHandler } from './commands/interpreters.js';
import { kubectlCommands } from './commands/kubectl.js';
import { networkCommands } from './commands/network.js';
import { program, programCommands, unrecognisedProgram } from './commands/programs.js';
import { readCommands } from './commands/reads.js';
import { runnerCommands } from './commands/runners.js';
import { shellCommands } from './commands/shells.js';
import { systemCommands } from './commands/system.js';
import { terraformCommands } from './commands/terraform.js';
import { wrapperCommands } from './wrappers.js';

/**
 * Command name → handler. A Map, not an object: a command named `constructor` or `__proto__`
 * must not find Object.prototype's members. Later tables win, so the generic program list comes
 * first and specific handlers override it.
 */
const TABLE: ReadonlyMap<string, CommandHandler> = new Map(
  [
    programCommands,
    readCommands,
    builtinCommands,
    wrapperCommands,
    runnerCommands,
    shellCommands,
    interpreterCommands,
    fileCommands,
    findCommands,
    networkCommands,
    systemCommands,
    containerCommands,
    gitCommands,
    terraformCommands,
    kubectlCommands,
    helmCommands,
    awsCommands,
    cloudCommands,
  ].flatMap((table) => Object.entries(table)),
);

/** Families recognised by name pattern (python3.12, mkfs.ext4, pip3.11 …). */
const PATTERNS: ReadonlyArray<readonly [RegExp, CommandHandler]> = [
  [PYTHON_VARIANT, pythonHandler],
  [MKFS_VARIANT, mkfsHandler],
  [/^(pip|pydoc|idle)\d+(\.\d+)*$/, program],
  [/^(gcc|g\+\+|clang|clang\+\+)-\d+$/, program],
];

/** The handler for a command name; a program Airlock does not know gets the wary `unrecognisedProgram`. */
export function commandHandler(name: string): CommandHandler {
  return TABLE.get(name) ?? PATTERNS.find(([pattern]) => pattern.test(name))?.[1] ?? unrecognisedProgram;
}

/** Does Airlock recognise this command (so `/usr/bin/NAME` is NAME, not an unknown script)? */
export function isKnownCommand(name: string): boolean {
  return TABLE.has(name) || PATTERNS.some(([pattern]) => pattern.test(name));
}
