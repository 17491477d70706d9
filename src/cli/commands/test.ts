import type { Command } from 'commander';
import { write, type CliIo } from '../cli-io.js';
import { addChangeOptions, resolveChangeOptions, type ChangeOptions } from '../common-options.js';

export function registerTest(program: Command, io: CliIo): void {
  addChangeOptions(
    program
      .command('test <paths...>')
      .description('replay scenario files (YAML) against the policy; prints each step and "N passed, N failed"; exit 1 on any failure'),
  )
    .option('--json', 'print every step result as JSON')
    .option('-q, --quiet', 'print only failures and the summary')
    .action(async (paths: string[], options: ChangeOptions & { json?: boolean; quiet?: boolean }) => {
      const common = resolveChangeOptions(options, io, 'scenario');
      const { runScenarios } = await import('../../scenario/run-scenarios.js');
      let passed = 0;
      let failed = 0;
      const results: unknown[] = [];
      for await (const step of runScenarios({
        paths,
        cwd: io.cwd,
        env: io.env,
        configPath: common.configPath,
        environment: options.env ?? io.env['AIRLOCK_ENV'],
        agent: options.agent ?? io.env['AIRLOCK_AGENT'],
        autonomy: common.autonomy,
      })) {
        if (step.passed) passed += 1;
        else failed += 1;
        if (options.json) {
          const { result, ...rest } = step;
          results.push({ ...rest, digest: result?.change.digest });
          continue;
        }
        if (step.passed && options.quiet) continue;
        write(io.stdout, `${step.passed ? 'PASS' : 'FAIL'}  ${step.scenario} › ${step.step} — ${step.actual}`);
        if (!step.passed) for (const line of step.detail.slice(0, 6)) write(io.stdout, `        ${line}`);
      }
      if (options.json) write(io.stdout, JSON.stringify({ passed, failed, results }, null, 2));
      else write(io.stdout, `${passed} passed, ${failed} failed`);
      io.exitCode = failed === 0 ? 0 : 1;
    });
}
