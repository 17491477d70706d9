import { resolve } from 'node:path';
import type { Command } from 'commander';
import { write, type CliIo } from '../cli-io.js';
import { parsePositiveInt } from '../common-options.js';

interface DemoOptions {
  scenario: string;
  wait: number;
  token?: string;
}

const DEFAULT_URL = 'http://127.0.0.1:4477';

/**
 * A demo agent, no AI needed: replays a scenario (the incident by default) through the gateway's
 * API as an agent would, then waits for a person to approve or reject each request on the
 * dashboard and retries the approved ones, as a well-behaved agent does.
 */
export function registerDemo(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description('a demo agent: replay the incident through a running gateway, so requests appear on the dashboard')
    .option('--scenario <file>', 'scenario to replay', 'scenarios/incident.yaml')
    .option('--wait <seconds>', 'how long to wait for people to answer', parsePositiveInt('--wait'), 600)
    .option('--token <token>', 'an agent token to submit with (default: make one named demo-agent in AIRLOCK_HOME)')
    .action((options: DemoOptions) => demo(options, io));
}

async function demo(options: DemoOptions, io: CliIo): Promise<void> {
  const { createGatewayClient } = await import('../../gateway-client/gateway-client.js');
  const { readScenario, scenarioRequest } = await import('../../scenario/run-scenarios.js');
  const url = io.env['AIRLOCK_URL'] || DEFAULT_URL;
  // Not AIRLOCK_TOKEN: that is usually the person's own (approver or admin) token, and a request
  // made with it could not be approved by the same person (separation of duties).
  const token = options.token ?? (await demoAgentToken(io));
  const api = createGatewayClient({ url, token });
  const file = resolve(io.cwd, options.scenario);
  const scenario = readScenario(file);
  write(io.stdout, `demo agent → ${url}\nreplaying "${scenario.name}"\n`);

  const pending: { name: string; change: Record<string, unknown>; requestId: string }[] = [];
  for (const [index, step] of scenario.steps.entries()) {
    // An agent cannot choose its autonomy level or its name: the gateway decides them.
    const { autonomy: _autonomy, agent: _agent, source: _source, ...change } = scenarioRequest(scenario, step, file);
    if (step.autonomy && step.autonomy !== (scenario.defaults?.autonomy ?? 'guarded')) continue;
    const name = step.name ?? `step ${index + 1}`;
    const answer = await api.submit({ change, wait: 0 }, 60_000);
    const waiting = answer.approval?.state === 'pending';
    const mark = answer.decision === 'allow' ? 'ALLOW' : waiting ? 'ASK  ' : 'DENY ';
    write(io.stdout, `${mark} ${name}\n      ${answer.check.assessment.severity} severity, blast radius ${answer.check.assessment.blastRadius.total}: ${answer.check.decision.reasons[0] ?? ''}`);
    if (waiting && answer.requestId) pending.push({ name, change, requestId: answer.requestId });
  }
  if (pending.length === 0) return;

  const dashboard = url.replace(/\/$/, '');
  write(io.stdout, `\n${pending.length} request${pending.length === 1 ? '' : 's'} wait${pending.length === 1 ? 's' : ''} for a person. Approve or reject on the dashboard (or \`airlock approvals list\`):`);
  for (const item of pending) write(io.stdout, `  ${dashboard}/#/approvals/${item.requestId}  ${item.name}`);
  write(io.stdout, `waiting up to ${options.wait}s… (Ctrl-C to stop)\n`);

  const deadline = Date.now() + options.wait * 1000;
  await Promise.all(
    pending.map(async (item) => {
      let request = await api.getApproval(item.requestId);
      while (request.state === 'pending' && Date.now() < deadline) {
        request = await api.waitApproval(item.requestId, Math.min(60, Math.ceil((deadline - Date.now()) / 1000)));
      }
      if (request.state === 'approved') {
        const retry = await api.submit({ change: item.change, wait: 0 }, 60_000);
        write(io.stdout, `${retry.decision === 'allow' ? 'ALLOW' : 'DENY '} ${item.name} — approved by ${request.approvals.map((v) => v.by).join(', ')}; retried: ${retry.decision}`);
      } else {
        write(io.stdout, `DENY  ${item.name} — ${request.state}${request.ending ? ` by ${request.ending.by}: ${request.ending.reason}` : ''}`);
      }
    }),
  );
}

/** On the gateway host, the demo makes its own agent token (name demo-agent). */
async function demoAgentToken(io: CliIo): Promise<string> {
  const { openSqliteGatewayStore } = await import('../../store/index.js');
  const { gatewayDatabasePath } = await import('../../gateway/gateway-paths.js');
  const { createToken } = await import('../../gateway/tokens.js');
  const store = await openSqliteGatewayStore({ path: gatewayDatabasePath(io.env) });
  try {
    return await createToken(store, { name: 'demo-agent', role: 'agent', actsFor: 'demo-user' });
  } finally {
    await store.close();
  }
}
