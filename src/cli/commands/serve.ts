import type { Command } from 'commander';
import { write, type CliIo } from '../cli-io.js';
import { parsePositiveInt } from '../common-options.js';

interface ServeOptions {
  config?: string;
  host?: string;
  port?: number;
}

/**
 * `airlock serve` (and `airlock start`, what `npm start` runs): the gateway with its dashboard.
 * On the first start, when no admin or approver token exists yet, it creates an admin token and
 * prints the dashboard link with it: that link is the only time the token is shown.
 */
export function registerServe(program: Command, io: CliIo, version: string): void {
  for (const name of ['serve', 'start'] as const) {
    program
      .command(name)
      .description(name === 'serve' ? 'run the gateway: HTTP API, approvals, dashboard, notifications' : 'same as serve (what `npm start` runs)')
      .option('--config <path>', 'airlock.yaml to use (also AIRLOCK_CONFIG; default: found here or a parent, else AIRLOCK_HOME/airlock.yaml)')
      .option('--host <host>', 'interface to listen on (default gateway.host, 127.0.0.1)')
      .option('--port <port>', 'port (default gateway.port, 4477; 0 = any free port)', (value) => (value === '0' ? 0 : parsePositiveInt('--port')(value)))
      .action((options: ServeOptions) => serve(options, io, version));
  }
}

async function serve(options: ServeOptions, io: CliIo, version: string): Promise<void> {
  const { startGateway } = await import('../../gateway/start-gateway.js');
  const { createToken } = await import('../../gateway/tokens.js');
  const { auditDatabasePath } = await import('../../pipeline/index.js');
  let gateway;
  try {
    gateway = await startGateway({ env: io.env, cwd: io.cwd, configPath: options.config, host: options.host, port: options.port, version });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      const { AirlockError } = await import('../../errors/index.js');
      throw new AirlockError('usage', `cannot listen on that address: ${(error as Error).message}`, {
        hint: 'another process (maybe another Airlock) uses the port: stop it, or pick one with --port (gateway.port in airlock.yaml)',
      });
    }
    throw error;
  }
  const { runtime, store } = gateway;
  const verified = await runtime.audit.verify();
  const tokens = (await store.listTokens()).filter((token) => token.revokedAt === null);
  let link = gateway.dashboardUrl;
  let firstToken = '';
  if (!tokens.some((token) => token.role === 'admin' || token.role === 'approver')) {
    const token = await createToken(store, { name: 'admin', role: 'admin' });
    link = `${gateway.dashboardUrl}#token=${token}`;
    firstToken = token;
  }
  const environments = Object.entries(runtime.config.environments).map(([name, env]) => `${name}${env.production ? ' (production)' : ''}`);
  write(
    io.stdout,
    [
      `Airlock ${version} — change-control gateway for AI agents`,
      '',
      `  dashboard    ${link}`,
      `  API          ${gateway.url}/v1  (README → "Gateway API")`,
      `  config       ${runtime.config.source ?? 'built-in defaults (no airlock.yaml found)'}${runtime.config.mode === 'shadow' ? '  [shadow mode]' : ''}`,
      `  policy       ${runtime.policy.policyCount} policies (version ${runtime.policy.version})`,
      `  audit log    ${auditDatabasePath(io.env)} — ${verified.ok ? `${verified.records} records, hash chain intact` : `BROKEN — ${verified.problem?.message}`}`,
      `  environments ${environments.length ? environments.join(', ') : 'none configured: names like prod, production, live count as production'}`,
      `  approvals    expire after ${runtime.config.approvals.expiry}s; agents ${runtime.config.approvals.agentWaits === 'wait' ? `wait up to ${runtime.config.approvals.waitTimeout}s` : 'are answered deny at once and retry'}`,
      '',
      ...(firstToken
        ? [
            'First start: an admin token was created. It is shown only now; the dashboard link above signs you in.',
            'For `airlock approvals` and `airlock freeze` in your own terminal — never where an agent runs; agents get',
            'agent tokens (`airlock token create --role agent --name <agent>`):',
            `  export AIRLOCK_URL=${gateway.url} AIRLOCK_TOKEN=${firstToken}`,
            '',
          ]
        : ['Sign in to the dashboard with your token (`airlock token create --role approver --name <you>` makes one).', '']),
      'See a request arrive: in another terminal, `npm run demo` replays the incident through the API.',
      'Stop with Ctrl-C.',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  write(io.stderr, 'airlock: stopping the gateway');
  await gateway.close();
}
