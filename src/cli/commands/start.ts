import type { Command } from 'commander';
import { write, type CliIo } from '../cli-io.js';

/**
 * What `npm start` runs. The gateway server and dashboard are the next milestone; until then this
 * checks that everything a hook needs works (config, policy, audit log) and says how to wire agents.
 */
export function registerStart(program: Command, io: CliIo, version: string): void {
  program
    .command('start')
    .description('check the installation (config, policy, audit log) and show how to connect agents')
    .option('--config <path>', 'airlock.yaml to use')
    .action(async (options: { config?: string }) => {
      const { loadPolicySources } = await import('../../config/index.js');
      const { createAuditLog } = await import('../../audit/index.js');
      const { auditDatabasePath, loadAirlockConfig, loadPolicyEngine } = await import('../../pipeline/index.js');
      const { openSqliteAuditStore } = await import('../../store/index.js');
      const config = loadAirlockConfig({ configPath: options.config, cwd: io.cwd, env: io.env });
      const sources = loadPolicySources(config);
      const policy = loadPolicyEngine(config);
      const dbPath = auditDatabasePath(io.env);
      const log = createAuditLog(await openSqliteAuditStore({ path: dbPath }));
      let chain: string;
      try {
        const result = await log.verify();
        chain = result.ok ? `${result.records} records, hash chain intact` : `BROKEN — ${result.problem?.message}`;
        io.exitCode = result.ok ? 0 : 1;
      } finally {
        await log.close();
      }
      const environments = Object.entries(config.environments).map(([name, env]) => `${name}${env.production ? ' (production)' : ''}`);
      write(
        io.stdout,
        [
          `Airlock ${version} — change-control gateway for AI agents`,
          '',
          `  config       ${config.source ?? 'built-in defaults (no airlock.yaml found)'}${config.mode === 'shadow' ? '  [shadow mode]' : ''}`,
          `  policy       ${policy.policyCount} policies in ${sources.length} files (version ${policy.version})`,
          `  audit log    ${dbPath} — ${chain}`,
          `  environments ${environments.length ? environments.join(', ') : 'none configured: names like prod, production, live count as production'}`,
          `  autonomy     ${config.defaults.autonomy} by default`,
          '',
          'Airlock is ready to guard agents through their hooks (README → "Agent hooks"). Put `airlock` on your PATH',
          '(`npm link` in this folder), then for Claude Code:',
          '  .claude/settings.json → {"hooks":{"PreToolUse":[{"matcher":"Bash|Write|Edit|MultiEdit|NotebookEdit|mcp__.*",',
          '                           "hooks":[{"type":"command","command":"airlock hook claude-code","timeout":30}]}]}}',
          '',
          'Try it:',
          "  airlock check shell 'terraform destroy -auto-approve' --env prod",
          '  airlock test scenarios/',
          '  airlock audit list',
          '',
          'The gateway server with its approval dashboard is the next milestone (issue #3); it is not part of this build yet.',
        ].join('\n'),
      );
    });
}
