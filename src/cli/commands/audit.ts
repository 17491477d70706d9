import { Option, type Command } from 'commander';
import { DECISIONS } from '../../model/vocabulary.js';
import type { AuditLog } from '../../audit/index.js';
import type { AuditRow } from '../../store/index.js';
import { write, type CliIo } from '../cli-io.js';
import { parsePositiveInt } from '../common-options.js';

export function registerAudit(program: Command, io: CliIo): void {
  const audit = program.command('audit').description('read and verify the tamper-evident audit log (AIRLOCK_HOME/audit.db)');

  audit
    .command('list')
    .description('recent audit records, newest first')
    .option('-n, --limit <n>', 'how many', parsePositiveInt('--limit'), 20)
    .option('--agent <name>', 'only this agent')
    .option('--env <name>', 'only this environment')
    .addOption(new Option('--decision <decision>', 'only this decision').choices(DECISIONS))
    .option('--would-block', 'only what enforcement (or a shadow policy set) would have stopped but the agent was let through')
    .option('--json', 'one JSON array')
    .action(async (options: { limit: number; agent?: string; env?: string; decision?: string; wouldBlock?: boolean; json?: boolean }) => {
      const log = await openAuditLog(io);
      try {
        const rows = await log.list({
          limit: options.limit,
          agent: options.agent,
          environment: options.env,
          decision: options.decision,
          wouldBlock: options.wouldBlock ? true : undefined,
        });
        if (options.json) write(io.stdout, JSON.stringify(rows.map(toJson), null, 2));
        else if (rows.length === 0) write(io.stdout, 'no audit records match');
        else for (const row of rows) write(io.stdout, line(row));
      } finally {
        await log.close();
      }
    });

  audit
    .command('verify')
    .description('walk the hash chain; exit 1 naming the first record altered, inserted or removed')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      const log = await openAuditLog(io);
      try {
        const result = await log.verify();
        if (options.json) write(io.stdout, JSON.stringify(result, null, 2));
        else if (result.ok) write(io.stdout, `ok: ${result.records} record${result.records === 1 ? '' : 's'}, hash chain intact`);
        else write(io.stderr, `audit log broken: ${result.problem?.message ?? 'unknown problem'}`);
        io.exitCode = result.ok ? 0 : 1;
      } finally {
        await log.close();
      }
    });
}

async function openAuditLog(io: CliIo): Promise<AuditLog> {
  const { createAuditLog } = await import('../../audit/index.js');
  const { auditDatabasePath } = await import('../../pipeline/index.js');
  const { openSqliteAuditStore } = await import('../../store/index.js');
  return createAuditLog(await openSqliteAuditStore({ path: auditDatabasePath(io.env), mustExist: true }));
}

function toJson(row: AuditRow) {
  const { body, ...rest } = row;
  return { ...rest, wouldBlock: row.wouldBlock === 1, body: JSON.parse(body) as unknown };
}

function line(row: AuditRow): string {
  const body = JSON.parse(row.body) as { change?: { payload?: { command?: string } }; error?: { message?: string } };
  const what = body.change?.payload?.command ?? body.error?.message ?? row.kind ?? '';
  const decision = row.mode === 'shadow' && row.decision !== row.enforced ? `${row.enforced} (would ${row.decision})` : row.decision ?? '-';
  const flag = row.wouldBlock ? ' [would block]' : '';
  return `#${row.seq}  ${row.at}  ${decision.padEnd(5)}  ${(row.severity ?? '').padEnd(8)}  ${row.agent ?? '-'}@${row.environment ?? '-'}  ${row.type === 'error' ? 'error: ' : ''}${truncate(what, 90)}${flag}`;
}

function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}
