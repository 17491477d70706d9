import { Argument, type Command } from 'commander';
import { runHook } from '../../hook-client/run-hook.js';
import { HOOK_AGENTS, type HookAgent } from '../../intake/hooks/hook-adapter.js';
import type { CliIo } from '../cli-io.js';
import { addChangeOptions, parsePositiveInt, resolveChangeOptions, type ChangeOptions } from '../common-options.js';

interface HookOptions extends ChangeOptions {
  deadlineMs?: number;
}

export function registerHook(program: Command, io: CliIo): void {
  addChangeOptions(
    program
      .command('hook')
      .description("answer an agent's pre-tool hook: reads the agent's JSON on stdin, writes its decision in that agent's format")
      .addArgument(new Argument('<agent>', 'the agent calling').choices(HOOK_AGENTS)),
    'hook',
  )
    .option('--deadline-ms <ms>', 'block if no decision within this time (also AIRLOCK_HOOK_DEADLINE_MS; default 8000) — keep it below the agent hook timeout', parsePositiveInt('--deadline-ms'))
    .addHelpText('after', '\nAny failure (bad input, config, policy, store, deadline) blocks the tool call. See README "Agent hooks" for each agent\'s settings.')
    .action(async (agent: HookAgent, options: HookOptions) => {
      const common = resolveChangeOptions(options, io, agent);
      const envDeadline = Number(io.env['AIRLOCK_HOOK_DEADLINE_MS']);
      const answer = await runHook({
        agent,
        agentName: common.agent,
        environment: common.environment,
        configPath: common.configPath,
        autonomy: common.autonomy,
        deadlineMs: options.deadlineMs ?? (Number.isInteger(envDeadline) && envDeadline > 0 ? envDeadline : undefined),
        stdin: io.stdin,
        stderr: io.stderr,
        env: io.env,
        cwd: io.cwd,
      });
      if (answer.stdout) io.stdout.write(answer.stdout);
      if (answer.stderr) io.stderr.write(answer.stderr);
      io.exitCode = answer.exitCode;
    });
}
