import { Option, type Command } from 'commander';
import { APPROVAL_STATES, type ApprovalRequest } from '../../approvals/index.js';
import { write, type CliIo } from '../cli-io.js';
import { parsePositiveInt } from '../common-options.js';

/** `airlock approvals list|show|approve|reject`, against the gateway at AIRLOCK_URL with AIRLOCK_TOKEN. */
export function registerApprovals(program: Command, io: CliIo): void {
  const approvals = program.command('approvals').description('review approval requests on a gateway (AIRLOCK_URL, AIRLOCK_TOKEN)');

  const client = async () => (await import('../../gateway-client/gateway-client.js')).gatewayClientFromEnv(io.env, '`airlock approvals`');
  const render = () => import('../render/approval-text.js');

  /** A full id, or a unique prefix of one (as `list` prints them). */
  async function resolveId(api: Awaited<ReturnType<typeof client>>, given: string): Promise<string> {
    if (given.length >= 36) return given;
    const matches = (await api.listApprovals({ limit: 1000 })).filter((r) => r.id.startsWith(given));
    const { AirlockError } = await import('../../errors/index.js');
    if (matches.length === 1) return matches[0]!.id;
    throw new AirlockError(matches.length ? 'usage' : 'not_found', matches.length ? `"${given}" matches ${matches.length} requests` : `no approval request starts with "${given}"`, {
      hint: 'give more of the id (`airlock approvals list` shows them)',
    });
  }

  approvals
    .command('list')
    .description('approval requests, newest first (pending by default)')
    .addOption(new Option('--state <state>', 'only this state').choices([...APPROVAL_STATES, 'all']).default('pending'))
    .option('-n, --limit <n>', 'how many', parsePositiveInt('--limit'), 50)
    .option('--json', 'as JSON')
    .action(async (options: { state: string; limit: number; json?: boolean }) => {
      const api = await client();
      const list = await api.listApprovals({ state: options.state === 'all' ? undefined : options.state, limit: options.limit });
      if (options.json) return write(io.stdout, JSON.stringify(list, null, 2));
      if (list.length === 0) return write(io.stdout, `no ${options.state === 'all' ? '' : `${options.state} `}approval requests`);
      const { approvalLine } = await render();
      for (const request of list) write(io.stdout, approvalLine(request));
    });

  approvals
    .command('show <id>')
    .description('one request in full: effects, blast radius, reasons, votes')
    .option('--json', 'as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const api = await client();
      const request = await api.getApproval(await resolveId(api, id));
      if (options.json) return write(io.stdout, JSON.stringify(request, null, 2));
      write(io.stdout, (await render()).approvalDetail(request));
    });

  approvals
    .command('approve <id>')
    .description('approve (your identity comes from your token); the agent may then run exactly this change')
    .requiredOption('--reason <text>', 'why (recorded in the audit log)')
    .option('--uses <n>', 'how many times the change may run (default once)', parsePositiveInt('--uses'))
    .option('--window <minutes>', 'let it run as often as needed for this many minutes', parsePositiveInt('--window'))
    .option('--json', 'print the request as JSON')
    .action(async (id: string, options: { reason: string; uses?: number; window?: number; json?: boolean }) => {
      const api = await client();
      const request = await api.approve(await resolveId(api, id), { reason: options.reason, uses: options.uses, windowMinutes: options.window });
      report(request, options.json);
    });

  approvals
    .command('reject <id>')
    .description('reject: final; the agent is told who and why')
    .requiredOption('--reason <text>', 'why (the agent and the audit log see it)')
    .option('--json', 'print the request as JSON')
    .action(async (id: string, options: { reason: string; json?: boolean }) => {
      const api = await client();
      report(await api.reject(await resolveId(api, id), options.reason), options.json);
    });

  approvals
    .command('revoke <id>')
    .description('take back an approval before the agent has used it up (its request ends as rejected)')
    .requiredOption('--reason <text>', 'why (the agent and the audit log see it)')
    .option('--json', 'print the request as JSON')
    .action(async (id: string, options: { reason: string; json?: boolean }) => {
      const api = await client();
      report(await api.revoke(await resolveId(api, id), options.reason), options.json);
    });

  function report(request: ApprovalRequest, json: boolean | undefined): void {
    if (json) return write(io.stdout, JSON.stringify(request, null, 2));
    const votes = `${request.approvals.length} of ${request.required.count} approvals`;
    write(io.stdout, `${request.id}: ${request.state}${request.state === 'pending' ? ` (${votes}; waiting for more)` : ''}`);
  }
}
