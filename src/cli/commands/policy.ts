import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { AirlockError } from '../../errors/index.js';
import type { PolicySource } from '../../policy/index.js';
import { write, type CliIo } from '../cli-io.js';

export function registerPolicy(program: Command, io: CliIo): void {
  const policy = program.command('policy').description('work with Cedar policies');
  policy
    .command('validate [files...]')
    .description('check policies against the Airlock schema: the configured set, or the given .cedar files; problems are listed as file:line:column')
    .option('--config <path>', 'airlock.yaml to use')
    .option('--json', 'print problems as JSON')
    .action(async (files: string[], options: { config?: string; json?: boolean }) => {
      const { loadPolicySources, readSchema } = await import('../../config/index.js');
      const { createPolicyEngine, formatProblem, validatePolicies } = await import('../../policy/index.js');
      const { loadAirlockConfig, loadPolicyEngine } = await import('../../pipeline/index.js');
      const config = files.length > 0 ? undefined : loadAirlockConfig({ configPath: options.config, cwd: io.cwd, env: io.env });
      const sources: PolicySource[] = config
        ? loadPolicySources(config)
        : files.map((file) => ({ file, text: readPolicyFile(resolve(io.cwd, file)), set: 'enforce' as const }));
      const problems = validatePolicies(readSchema(), sources);
      let count = 0;
      if (problems.length === 0) {
        // Also catch what only a full load finds (duplicate @id across files, unknown ids in policies.disable).
        try {
          count = (config ? loadPolicyEngine(config) : createPolicyEngine({ schema: readSchema(), sources })).policyCount;
        } catch (error) {
          if (error instanceof AirlockError) {
            write(io.stderr, error.describe());
            io.exitCode = 1;
            return;
          }
          throw error;
        }
      }
      if (options.json) {
        write(io.stdout, JSON.stringify({ ok: problems.length === 0, files: sources.map((s) => s.file), problems }, null, 2));
      } else if (problems.length === 0) {
        write(io.stdout, `ok: ${count} policies in ${sources.length} file${sources.length > 1 ? 's' : ''} are valid`);
      } else {
        for (const problem of problems) write(io.stderr, formatProblem(problem));
        write(io.stderr, `${problems.length} problem${problems.length > 1 ? 's' : ''} found`);
      }
      io.exitCode = problems.length === 0 ? 0 : 1;
    });
}

function readPolicyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new AirlockError('invalid_input', `cannot read policy file ${path}`, { cause });
  }
}
